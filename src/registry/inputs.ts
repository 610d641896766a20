/**
 * Turns one registry Input (env var, header, argument, URL variable) into stack text:
 * a secret becomes `${secret:NAME}`, a fixed value or a default is written as it is (with
 * `${` escaped, so registry text is never read as a reference), a required value without a
 * default becomes `${var:NAME}` with `vars.NAME: ${env:NAME}` (validate and plan then say that
 * NAME is not set), and an optional one is left out with a note.
 */
import { isSecretKey } from '../secrets/secret-key.js';
import type { RegistryInput } from './types.js';

/** A `vars:` entry the install needs, with the comment that explains it. */
export interface NeededVar {
  value: string;
  comment: string;
}

/** What resolving the inputs of one server collected besides the values. */
export class InputCollector {
  readonly vars: Record<string, NeededVar> = {};
  readonly secrets: string[] = [];
  readonly notes: string[] = [];
  constructor(private readonly server: string) {}

  /** The stack text for `input` named `key`, or undefined when it is optional and unset. */
  resolve(input: RegistryInput, key: string, secretParent = false): string | undefined {
    // A name that looks like a credential is a secret whatever the registry says: mcpo never
    // writes such values into the stack (src/stack/edit.ts refuseSecretValues).
    const secret = Boolean(input.isSecret) || secretParent || isSecretKey(key);
    const about = input.description ? `: ${oneLine(input.description)}` : '';
    const choices = input.choices?.length ? `one of ${input.choices.join(', ')}` : '';
    // A secret's fixed value is used only when it is a template of its own variables (each then
    // resolved, as a secret): `{name}` without such a variable would stay literal text.
    const templated = (v: string) =>
      [...v.matchAll(/\{([^{}]+)\}/g)].some((m) => Object.hasOwn(input.variables ?? {}, m[1]!));
    if (input.value !== undefined && (!secret || templated(input.value))) {
      return this.template(input.value, input.variables ?? {}, secret);
    }
    if (secret) {
      const name = `${this.server}-${slug(key)}`.toLowerCase().replace(/_/g, '-');
      if (!this.secrets.includes(name)) this.secrets.push(name);
      return `\${secret:${name}}`;
    }
    if (input.default !== undefined) {
      if (choices) this.notes.push(`${key}: ${choices} (default ${input.default})`);
      return escapeText(input.default);
    }
    if (input.isRequired) {
      const name = this.varName(key);
      this.vars[name] = {
        value: `\${env:${name}}`,
        comment: `required by ${this.server}${about}${choices ? `; ${choices}` : ''}`,
      };
      return `\${var:${name}}`;
    }
    this.notes.push(`optional ${key} (not set)${about}${choices ? `; ${choices}` : ''}`);
    return undefined;
  }

  /**
   * The var (and environment variable) for a required value: an environment-style name such as
   * `API_URL` stays as it is, so a value already exported is used; any other key (a flag, a
   * header, a URL variable) gets the server's name in front, as vars are shared by the stack.
   */
  private varName(key: string): string {
    if (/^[A-Z_][A-Z0-9_]*$/.test(key)) return key;
    const s = `${this.server}_${key.replace(/^-+/, '')}`
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toUpperCase();
    return /^[A-Z_]/.test(s) ? s : `_${s}`;
  }

  /** `{name}` in `text` replaced by its variable; unknown names stay as they are (schema). */
  private template(
    text: string,
    variables: Record<string, RegistryInput>,
    secret: boolean,
  ): string {
    let out = '';
    let last = 0;
    for (const m of text.matchAll(/\{([^{}]+)\}/g)) {
      const v = Object.hasOwn(variables, m[1]!) ? variables[m[1]!] : undefined;
      if (!v) continue;
      out += escapeText(text.slice(last, m.index)) + (this.resolve(v, m[1]!, secret) ?? '');
      last = m.index! + m[0].length;
    }
    return out + escapeText(text.slice(last));
  }
}

/** Literal registry text in a stack string: `${` would otherwise start a reference. */
export function escapeText(text: string): string {
  return text.replace(/\$\{/g, () => '$${'); // a function: in a replacement string $$ is one $
}

function slug(key: string): string {
  return (
    key
      .replace(/^-+/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-|-$/g, '') || 'value'
  );
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
