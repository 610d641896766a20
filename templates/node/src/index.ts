#!/usr/bin/env node
// __NAME__: an MCP server over stdio with one tool and one resource.
// Docs: https://modelcontextprotocol.io/docs and https://github.com/modelcontextprotocol/typescript-sdk
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

// Standard output carries the protocol, so every log line goes to standard error.
const debug = process.env.DEBUG === 'true';
function log(message: string): void {
  if (debug) console.error(`[__NAME__] ${message}`);
}

const server = new McpServer({ name: '__NAME__', version: '0.1.0' });

server.registerTool(
  'greet',
  {
    title: 'Greet',
    description: 'Say hello to someone by name',
    inputSchema: { name: z.string().describe('Who to greet') },
  },
  async ({ name }) => {
    log(`greet ${name}`);
    return { content: [{ type: 'text', text: `Hello, ${name}!` }] };
  },
);

server.registerResource(
  'about',
  'info://about',
  { title: 'About', description: 'What this server is', mimeType: 'text/plain' },
  async (uri) => ({ contents: [{ uri: uri.href, text: '__NAME__: an MCP server started with `mcpo new`.' }] }),
);

await server.connect(new StdioServerTransport());
log('ready on stdio');
