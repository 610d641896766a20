/**
 * What each backend offers (tools, resources, prompts), kept in
 * $XDG_CACHE_HOME/mcpo/gateway/ so that listing needs no server start. The file name hashes
 * the server as declared (secret tokens, never values), so a changed command means a new list.
 * Lists only: no arguments, no results, no secrets. Any problem with the cache costs a start.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { ServerSpec } from '../types.js';

/** The lists a backend answered, as the MCP result objects' arrays. */
export interface Offer {
  tools: Record<string, unknown>[];
  resources: Record<string, unknown>[];
  resourceTemplates: Record<string, unknown>[];
  prompts: Record<string, unknown>[];
}

export function gatewayCacheDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CACHE_HOME;
  const root = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
  return join(root, 'mcpo', 'gateway');
}

/**
 * `variant`: what else a server's lists may depend on: the client capabilities the gateway
 * passes on (server-everything offers its sampling tools only to a client that can sample).
 */
function fileFor(dir: string, spec: ServerSpec, variant: string): string {
  const { name, transport, command, args, env, cwd, url, headers } = spec;
  const key = JSON.stringify({ name, transport, command, args, env, cwd, url, headers, variant });
  return join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
}

export function readOffer(dir: string, spec: ServerSpec, variant: string): Offer | undefined {
  try {
    const data = JSON.parse(readFileSync(fileFor(dir, spec, variant), 'utf8')) as Partial<Offer>;
    if (!Array.isArray(data.tools)) return undefined;
    const list = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
    return {
      tools: data.tools,
      resources: list(data.resources),
      resourceTemplates: list(data.resourceTemplates),
      prompts: list(data.prompts),
    };
  } catch {
    return undefined;
  }
}

export function writeOffer(dir: string, spec: ServerSpec, variant: string, offer: Offer): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = fileFor(dir, spec, variant);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(offer), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // Only speed is lost: the next gateway starts the server once more to learn its lists.
  }
}
