import type { Problem, ServerSpec } from '../types.js';

/** A server the client cannot express: one sentence naming server, client and the fix. */
export function unsupportedProblem(r: { message: string; hint: string }, client: string, server: ServerSpec): Problem {
  const message = `${r.message} (client ${client}, server ${server.name})`;
  return { code: 'unsupported', message, hint: r.hint, ...(server.source ? { loc: server.source } : {}) };
}
