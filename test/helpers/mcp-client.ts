// An MCP SDK client talking to `mcpo run` (or any stdio command) for the launcher tests.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export interface StdioSession {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

/** Starts `command args` and completes `initialize`; throws with the command's stderr when that fails. */
export async function connectStdio(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command,
    args,
    env: env as Record<string, string>,
    cwd,
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'mcpo-test', version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (e) {
    await transport.close().catch(() => {});
    throw new Error(`${(e as Error).message}\nstderr: ${err}`);
  }
  return { client, stderr: () => err, close: () => client.close() };
}
