/**
 * The check for a server that speaks MCP 2026-07-28 (src/protocol/era.ts): `server/discover`
 * already told its identity and capabilities; the listings are modern requests, each carrying
 * `_meta` (over HTTP, src/protocol/http-sender.ts).
 */
import { MODERN_VERSION, type Era, type ModernSend } from '../protocol/era.js';
import type { Failure, ServerReport } from './report.js';

export const CLIENT_INFO = { name: 'mcpo-doctor', version: '0.1.0' };
/** A legacy server may stay silent on `server/discover`: this long, then `initialize`. */
export const PROBE_MS = 3000;

/** Fills the report from a modern server's answers; a failure when a listing is refused. */
export async function checkModern(
  era: Extract<Era, { era: 'modern' }>,
  send: ModernSend,
  report: ServerReport,
): Promise<void> {
  report.protocolVersion = era.version;
  report.era = 'modern';
  if (era.serverInfo) report.serverInfo = era.serverInfo;
  const caps = era.capabilities;
  const count = async (key: string) => {
    if (!caps[key]) return 0;
    const list = (await send(`${key}/list`))[key];
    return Array.isArray(list) ? list.length : 0;
  };
  const [tools, resources, prompts] = await Promise.all([
    count('tools'),
    count('resources'),
    count('prompts'),
  ]);
  report.counts = { tools, resources, prompts };
  if (!caps.tools) report.warnings.push('the server announces no tools capability');
}

/** A modern server that refused our modern request: mcpo cannot fall back to `initialize`. */
export function rejectedFailure(era: Extract<Era, { era: 'modern-rejected' }>): Failure {
  const speaks = era.supported.length
    ? `it supports ${era.supported.join(', ')}`
    : 'it names no versions';
  return {
    kind: 'jsonrpc-error',
    message: `The server speaks the modern protocol but refused ${MODERN_VERSION} (JSON-RPC error ${era.code}); ${speaks}.`,
    fix: 'update mcpo, or run a server release that supports ' + MODERN_VERSION,
  };
}
