/**
 * Import only what mcpo can give back byte for byte: an entry whose parsed form does not render
 * to the same entry, or that the stack schema cannot hold, is left alone and reported, so the
 * first `mcpo apply` never rewrites something the user did not change.
 */
import type { ClientAdapter } from '../clients/contract.js';
import type { NativeEntry, ServerSpec } from '../types.js';
import { diffFields } from '../plan/fields.js';
import validate from '../stack/validate.generated.js';
import type { StackServer } from './to-stack.js';
import { SERVER_NAME_RE } from '../stack/server-name.js';

/** Why the entry cannot be imported faithfully, or undefined when it can. */
export function entryProblem(
  adapter: ClientAdapter,
  name: string,
  native: NativeEntry,
  spec: ServerSpec,
): string | undefined {
  if (!SERVER_NAME_RE.test(name))
    return 'mcpo server names use letters, digits, `.`, `_` and `-` (starting with a letter or digit); rename the entry in the client to import it';
  const r = adapter.render(spec);
  if (!r.ok) return `mcpo cannot write it back for ${adapter.title}: ${r.message}`;
  const fields = diffFields(native, r.entry, r.entry);
  if (fields.length)
    return `mcpo would write it back differently (${fields.map((f) => f.path).join(', ')}); this is a gap in mcpo's ${adapter.id} support, please report it`;
  return undefined;
}

/** The stack schema's verdict on one server, as a short reason, or undefined when valid. */
export function schemaProblem(name: string, body: StackServer): string | undefined {
  if (body.command === undefined && body.url === undefined) {
    return "it has neither a command nor a url (e.g. one of the client's built-in extensions), and every stack server needs one; it stays in the client file as it is";
  }
  if (validate({ version: 1, servers: { [name]: body } })) return undefined;
  const errs = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const e = errs[0];
  if (!e) return 'the stack schema refuses it';
  const where = e.instancePath.split('/').slice(3).join('.') || 'the server';
  return `the stack schema refuses ${where}: ${e.message ?? e.keyword}`;
}
