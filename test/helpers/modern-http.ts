// A streamable HTTP MCP server of revision 2026-07-28 only, on node:http, strict about the
// revision's request headers: `MCP-Protocol-Version` equal to the body's `_meta` version,
// `Mcp-Method` equal to the method, `Mcp-Name` (Base64 sentinel decoded) equal to
// `params.name` / `params.uri`, `Mcp-Param-*` of its tool `sql` equal to the arguments
// (x-mcp-header); else 400 HeaderMismatch (-32020). Other versions, and
// `initialize`, get 400 UnsupportedProtocolVersion (-32022) listing its versions.
// https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MODERN = '2026-07-28';
const NAME_SOURCE: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

/** The tools it lists: `sql` mirrors two parameters into headers; `bad` breaks the rules. */
export const TOOLS = [
  { name: 'echo', inputSchema: { type: 'object' } },
  {
    name: 'sql',
    inputSchema: {
      type: 'object',
      properties: {
        region: { type: 'string', 'x-mcp-header': 'Region' },
        opts: { type: 'object', properties: { n: { type: 'integer', 'x-mcp-header': 'N' } } },
        flag: { type: 'boolean', 'x-mcp-header': 'Flag' },
      },
    },
  },
  {
    name: 'bad',
    inputSchema: { type: 'object', properties: { x: { type: 'number', 'x-mcp-header': 'X' } } },
  },
];
/** Where `sql`'s annotated parameters are in its arguments. */
const SQL_PARAMS: [string, string[]][] = [
  ['region', ['region']],
  ['n', ['opts', 'n']],
  ['flag', ['flag']],
];
const at = (args: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    args,
  );

function decoded(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^=\?base64\?(.*)\?=$/.exec(value);
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : value;
}

export interface ModernHttp {
  url: string;
  /** Every POST received: its method and headers, and whether the headers matched. */
  seen: { method?: string; headers: IncomingHttpHeaders; ok: boolean }[];
  close(): Promise<void>;
}

export async function startModernHttp(): Promise<ModernHttp> {
  const seen: ModernHttp['seen'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      const msg = JSON.parse(body || '{}') as {
        id?: unknown;
        method?: string;
        params?: Record<string, unknown> & { _meta?: Record<string, unknown> };
      };
      const json = (status: number, o: object) =>
        void res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jsonrpc: '2.0', id: msg.id ?? null, ...o }));
      if (msg.id === undefined) return void res.writeHead(202).end();
      const version = msg.params?._meta?.['io.modelcontextprotocol/protocolVersion'];
      const source = NAME_SOURCE[msg.method ?? ''];
      const h = req.headers;
      const ok =
        h['mcp-protocol-version'] === version &&
        h['mcp-method'] === msg.method &&
        (!source || decoded(h['mcp-name'] as string | undefined) === msg.params?.[source]);
      const args = msg.params?.arguments;
      const paramsOk =
        msg.method !== 'tools/call' ||
        msg.params?.name !== 'sql' ||
        SQL_PARAMS.every(([k, path]) => {
          const v = at(args, path);
          const header = decoded(h[`mcp-param-${k}`] as string | undefined);
          return v === undefined || v === null ? header === undefined : header === String(v);
        });
      seen.push({ method: msg.method, headers: h, ok: ok && paramsOk });
      if (version !== MODERN)
        return json(400, {
          error: {
            code: -32022,
            message: 'Unsupported protocol version',
            data: { supported: [MODERN], requested: version ?? null },
          },
        });
      if (!ok || !paramsOk)
        return json(400, { error: { code: -32020, message: 'Header mismatch' } });
      if (msg.method === 'server/discover')
        return json(200, {
          result: {
            resultType: 'complete',
            supportedVersions: [MODERN],
            capabilities: { tools: {} },
            _meta: {
              'io.modelcontextprotocol/serverInfo': { name: 'modern-http', version: '2.0.0' },
            },
          },
        });
      if (msg.method === 'tools/list')
        return json(200, {
          result: { resultType: 'complete', tools: TOOLS },
        });
      if (msg.method === 'tools/call')
        return json(200, {
          result: {
            resultType: 'complete',
            content: [{ type: 'text', text: `called ${String(msg.params?.name)}` }],
          },
        });
      json(404, { error: { code: -32601, message: 'Method not found' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
