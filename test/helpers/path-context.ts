import { readFileSync } from 'node:fs';
import type { ClientAdapter } from '../../src/clients/contract.js';
import type { PathContext, ServerSpec } from '../../src/types.js';

/** A PathContext for any platform; `dirs` lists the folders and files that exist, with their listings. */
export function ctxFor(
  platform: NodeJS.Platform,
  opts: Partial<PathContext> & { dirs?: Record<string, string[]> } = {},
): PathContext {
  const { dirs = {}, ...rest } = opts;
  const home =
    platform === 'win32' ? 'C:\\Users\\dev' : platform === 'darwin' ? '/Users/dev' : '/home/dev';
  return {
    platform,
    env: {},
    home,
    projectDir: platform === 'win32' ? 'C:\\src\\app' : '/src/app.v2',
    exists: (p) => p in dirs,
    readdir: (p) => {
      const list = dirs[p];
      if (!list) throw new Error(`ENOENT: ${p}`);
      return list;
    },
    ...rest,
  };
}

export const clientFixture = (rel: string): string =>
  readFileSync(new URL(`../fixtures/clients/${rel}`, import.meta.url), 'utf8');

export const stdio: ServerSpec = {
  name: 'fs',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', '@mcp/fs', '/data'],
  env: { LOG: 'debug' },
};
export const http: ServerSpec = {
  name: 'api',
  transport: 'http',
  url: 'https://example.com/mcp',
  headers: { Authorization: 'Bearer hunter2-SECRET' },
};

export function renderOk(adapter: ClientAdapter, spec: ServerSpec): Record<string, unknown> {
  const r = adapter.render(spec);
  if (!r.ok) throw new Error(`render failed: ${r.message}`);
  return r.entry;
}

export function renderErr(
  adapter: ClientAdapter,
  spec: ServerSpec,
): { message: string; hint: string } {
  const r = adapter.render(spec);
  if (r.ok) throw new Error(`expected a render error, got ${JSON.stringify(r.entry)}`);
  return r;
}

/** parse(render(spec)) for an adapter, asserting that render succeeds. */
export const roundTrip = (adapter: ClientAdapter, spec: ServerSpec): ServerSpec =>
  adapter.parse(spec.name, renderOk(adapter, spec));
