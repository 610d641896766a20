/**
 * `${var:NAME}`, `${env:NAME}` and `${secret:NAME}` in stack strings; `$${` is a literal `${`.
 * One left-to-right pass: substituted text is never scanned again, so a var whose value
 * holds an escaped `${` stays literal.
 */
import { join } from 'node:path';
import { SECRET_NAME_RE, secretToken } from '../secrets/tokens.js';
import type { Problem } from '../types.js';
import { suggestion } from './suggest.js';
import { own } from '../dict.js';
import { formatPath, locate, type SourceDoc, type YamlPath } from './yaml-locate.js';

export interface InterpolationContext {
  /** Resolved vars; undefined where `${var:}` is not allowed (inside vars themselves). */
  vars: Record<string, string> | undefined;
  env: Record<string, string | undefined>;
  /** Whether `${secret:}` may appear (not in config file paths). */
  secrets: boolean;
}

export interface InterpolationIssue {
  code: string;
  message: string;
  hint: string;
  /** Character index of the reference inside the original string. */
  index: number;
}

const REF_RE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const SYNTAX_HINT = 'use ${var:NAME}, ${env:NAME} or ${secret:NAME}; write $${ for a literal ${';

export function interpolate(
  text: string,
  ctx: InterpolationContext,
): { value: string; issues: InterpolationIssue[] } {
  const issues: InterpolationIssue[] = [];
  const value = text.replace(REF_RE, (match: string, inner: string | undefined, index: number) => {
    if (match === '$${') return '${';
    const issue = (code: string, message: string, hint: string): string => {
      issues.push({ code, message, index, hint });
      return match;
    };
    if (inner === undefined)
      return issue(
        'bad-interpolation',
        'unterminated `${`',
        'close it with `}`, or write `$${` for a literal `${`',
      );
    const colon = inner.indexOf(':');
    if (colon < 0)
      return issue('bad-interpolation', `\`\${${inner}}\` is not a valid reference`, SYNTAX_HINT);
    const kind = inner.slice(0, colon);
    const name = inner.slice(colon + 1);
    switch (kind) {
      case 'var':
        if (!ctx.vars)
          return issue(
            'bad-interpolation',
            `a variable cannot refer to another variable (\`${match}\`)`,
            'write the value out, or use ${env:NAME}',
          );
        if (Object.hasOwn(ctx.vars, name)) return ctx.vars[name]!;
        return issue(
          'unknown-var',
          `unknown variable \`${name}\`${suggestion(name, Object.keys(ctx.vars))}`,
          `define it under \`vars:\``,
        );
      case 'env': {
        const v = own(ctx.env, name);
        if (v !== undefined) return v;
        return issue(
          'missing-env',
          `environment variable \`${name}\` is not set`,
          `export ${name}=... before running mcpo`,
        );
      }
      case 'secret':
        if (!ctx.secrets)
          return issue(
            'bad-interpolation',
            `a secret cannot be used here (\`${match}\`)`,
            'write the text out, or use ${var:NAME} or ${env:NAME}',
          );
        if (!SECRET_NAME_RE.test(name))
          return issue(
            'bad-secret-name',
            `\`${name}\` is not a valid secret name`,
            'use letters, digits, `.`, `_` and `-`',
          );
        return secretToken(name);
      default:
        return issue(
          'bad-interpolation',
          `unknown reference kind \`${kind}\`${suggestion(kind, ['var', 'env', 'secret'])}`,
          SYNTAX_HINT,
        );
    }
  });
  return { value, issues };
}

/** A leading `~/` (or exactly `~`) becomes the home folder. */
export function expandHome(text: string, home: string): string {
  if (text === '~') return home;
  if (text.startsWith('~/')) return join(home, text.slice(2));
  return text;
}

/** Interpolates the string at `path` of `src`, reporting issues at the reference's position. */
export function interpolateAt(
  text: string,
  src: SourceDoc,
  path: YamlPath,
  ctx: InterpolationContext,
  problems: Problem[],
): string {
  const { value, issues } = interpolate(text, ctx);
  for (const i of issues) {
    problems.push({
      code: i.code,
      message: `${formatPath(path)}: ${i.message}`,
      hint: i.hint,
      loc: locate(src, path, { index: i.index }),
    });
  }
  return value;
}
