// Starts test/fixtures/launcher/bearer-http-server.cjs as its own process (see there).
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(
  new URL('../fixtures/launcher/bearer-http-server.cjs', import.meta.url),
);

export interface BearerServer {
  url: string;
  stop(): void;
}

/** Resolves once the server listens; it accepts only `Authorization: Bearer <token>`. */
export function startBearerServer(token: string): Promise<BearerServer> {
  const req = createRequire(import.meta.url);
  const sdk = [
    '@modelcontextprotocol/sdk/server/mcp.js',
    '@modelcontextprotocol/sdk/server/streamableHttp.js',
  ].map((m) => req.resolve(m));
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, ...sdk], {
    env: { ...process.env, EXPECTED_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => void child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`bearer server exited ${code}`)));
  });
}
