import { builtinStackOf } from '../stack/sources.js';
import type { Problem, ServerSpec } from '../types.js';

/** A server the client cannot express: one sentence naming server, client and the fix. */
export function unsupportedProblem(
  r: { message: string; hint: string },
  client: string,
  server: ServerSpec,
): Problem {
  const message = `${r.message} (client ${client}, server ${server.name})`;
  const builtin = server.source ? builtinStackOf(server.source.file) : undefined;
  // A server from a built-in stack lives in mcpo's installation, which the user must not edit.
  const hint = builtin
    ? `${server.name} comes from the built-in stack \`${builtin}\`: redefine it in your stack file under \`servers:\` with \`override: true\` (${r.hint}), or leave it out of this client's target`
    : r.hint;
  return { code: 'unsupported', message, hint, ...(server.source ? { loc: server.source } : {}) };
}
