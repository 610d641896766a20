/**
 * Notices: what the plan found in the files that apply does not stop for, but the user must be
 * told (plan and `mcpo status` show them). Names, paths and field paths only, never a value.
 */
import type { Notice } from '../types.js';
import type { LoadedTarget } from './target-input.js';
import type { SecretLookup } from '../secrets/resolve.js';

/** Shorter values are not looked for: a secret `1` would be "found" in every port number. */
const MIN_SECRET_LENGTH = 6;

/** A managed server the client turned off in its own settings (Copilot `disabledMcpServers`). */
export function disabledByClient(t: LoadedTarget, managed: string[]): Notice[] {
  const off = t.clientDisabled;
  if (!off) return [];
  return managed
    .filter((name) => off.names.includes(name))
    .map((server) => ({
      code: 'disabled-by-client' as const,
      message:
        `${t.adapter.title} has server ${server} turned off in ${off.path}, ` +
        `so it does not start there although ${t.path} has it.`,
      hint:
        `turn it on again in ${t.adapter.title} (its list in ${off.path}), ` +
        `or remove it from the ${t.adapter.id} target`,
      client: t.adapter.id,
      path: t.path,
      server,
    }));
}

/**
 * A secret's value found in plain text in the file's entry where the entry mcpo writes holds no
 * such value (a reference, or the launcher). Gemini CLI and Qwen Code expand `$VAR` references
 * into values when they rewrite a project settings file (`mcp add`): apply puts the reference
 * back, but the value was on disk meanwhile, and a project file may be shared or committed.
 */
export function secretValuesHeld(
  t: LoadedTarget,
  server: string,
  before: unknown,
  resolved: unknown,
  names: readonly string[],
  secrets: SecretLookup,
): Notice[] {
  if (before === undefined) return [];
  const out: Notice[] = [];
  for (const secret of names) {
    const value = secrets(secret);
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
    const fields = stringsHolding(before, value).filter((f) => !holds(valueAt(resolved, f), value));
    if (!fields.length) continue;
    const where = t.scope === 'user' ? '' : ` (a ${t.scope} file, which others may read)`;
    const at = fields.map((f) => f.join('.')).join(', ');
    out.push({
      code: 'secret-value-in-file',
      message:
        `${t.path}${where} holds the value of secret ${secret} in plain text (server ${server}, ${at}), ` +
        `where mcpo writes a reference; ${t.adapter.title} may have expanded it when it rewrote the file.`,
      hint: `\`mcpo apply\` puts the reference back; if the file was shared or committed meanwhile, rotate ${secret}`,
      client: t.adapter.id,
      path: t.path,
      server,
    });
  }
  return out;
}

/** Paths of every string in `v` that contains `value`. */
function stringsHolding(v: unknown, value: string, path: string[] = []): string[][] {
  if (typeof v === 'string') return v.includes(value) ? [path] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringsHolding(x, value, [...path, String(i)]));
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => stringsHolding(x, value, [...path, k]));
  return [];
}

function valueAt(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const k of path)
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

const holds = (v: unknown, value: string) => typeof v === 'string' && v.includes(value);
