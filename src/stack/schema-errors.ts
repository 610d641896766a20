/**
 * Runs the generated schema validator on one stack file and turns ajv's errors into
 * plain sentences located at the offending node.
 */
import validate, { objectKeys, type SchemaError } from './validate.generated.js';
import type { Problem } from '../types.js';
import { suggestion } from './suggest.js';
import { formatPath, locate, type SourceDoc, type YamlPath } from './yaml-locate.js';

export function validateSource(src: SourceDoc, problems: Problem[]): void {
  if (!src.syntaxOk || validate(src.data)) return;
  for (const err of validate.errors ?? []) {
    const problem = translate(err, src);
    if (problem) problems.push(problem);
  }
}

function translate(err: SchemaError, src: SourceDoc): Problem | undefined {
  // `if` only says a branch failed (its own errors follow); propertyName errors are
  // repeated by their `propertyNames` error; `required` under anyOf is the command/url rule.
  if (err.keyword === 'if') return undefined;
  if (err.propertyName !== undefined && err.keyword !== 'propertyNames') return undefined;
  if (err.keyword === 'required' && err.schemaPath.includes('/anyOf/')) return undefined;

  const path = toPath(err.instancePath, src.data);
  const at = formatPath(path);
  const prefix = at === '' ? '' : `${at}: `;
  const field = path[path.length - 1];
  const value = valueAt(src.data, path);
  const problem: MakeProblem = (code, message, hint, key = false) => ({
    code,
    message,
    hint,
    loc: locate(src, path, { key }),
  });
  const p = err.params;

  switch (err.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const keys = objectKeys[objectKind(path)] ?? [];
      const what = at === '' ? 'unknown top-level key' : `${prefix}unknown key`;
      return {
        code: 'unknown-key',
        message: `${what} \`${name}\`${suggestion(name, keys)}`,
        hint: `allowed keys: ${keys.join(', ')}`,
        loc: locate(src, [...path, name], { key: true }),
      };
    }
    case 'required': {
      const name = String(p.missingProperty);
      if (at === '' && name === 'version')
        return problem(
          'missing-key',
          'missing `version`',
          'add `version: 1` at the top of the file',
        );
      return problem('missing-key', `${prefix}missing \`${name}\``, `add \`${name}:\` here`, true);
    }
    case 'anyOf':
      return problem(
        'server-kind',
        `${prefix}missing \`command\` or \`url\``,
        'a local server needs `command` (run over stdio); a remote server needs `url`',
        true,
      );
    case 'not':
      return problem(
        'server-kind',
        `${prefix}has both \`command\` and \`url\``,
        'a server is either local (`command`) or remote (`url`); split it into two servers',
        true,
      );
    case 'false schema': {
      const server = `${formatPath(path.slice(0, -1))}: `;
      return field === 'headers'
        ? problem(
            'server-kind',
            `${server}only a remote server (with \`url\`) takes \`headers\``,
            'remove `headers`, or use `env` to pass credentials to a local server',
            true,
          )
        : problem(
            'server-kind',
            `${server}only a local server (with \`command\`) takes \`${String(field)}\``,
            `remove \`${String(field)}\` from this remote server`,
            true,
          );
    }
    case 'const':
    case 'enum':
      return badValue(err, prefix, value, problem);
    case 'type':
      return wrongType(String(p.type), prefix, value, problem);
    case 'pattern':
      return badPattern(field, prefix, value, problem);
    case 'propertyNames': {
      const name = String(p.propertyName);
      const rule = nameRule(path);
      return {
        code: 'bad-name',
        message: `${prefix}${name === '' ? 'the empty name ""' : `\`${name}\``} is not a valid ${rule.kind}`,
        hint: `rename it (${rule.allowed})`,
        loc: locate(src, [...path, name], { key: true }),
      };
    }
    case 'minItems':
      return problem(
        'bad-value',
        `${prefix}must not be an empty list`,
        'list at least one target, or remove the client',
      );
    case 'exclusiveMinimum':
      return problem('bad-value', `${prefix}must be greater than 0`, 'use a positive number');
    default:
      return problem(
        'schema',
        `${prefix}${err.message ?? 'is not valid'}`,
        'see the stack file reference in the README',
      );
  }
}

/** What a key at `path` must look like; env keys and header names are written into client files as they are. */
function nameRule(path: YamlPath): { kind: string; allowed: string } {
  const field = path[path.length - 1];
  if (path[0] === 'servers' && path.length === 3 && field === 'env') {
    return { kind: 'environment variable name', allowed: 'not empty and without `=`' };
  }
  if (path[0] === 'servers' && path.length === 3 && field === 'headers') {
    return {
      kind: 'header name',
      allowed: "letters, digits and !#$%&'*+-.^_`|~; no space, no colon",
    };
  }
  if (path[0] === 'vars')
    return {
      kind: 'variable name',
      allowed: 'letters, digits, `.`, `_`, `-`; starting with a letter or `_`',
    };
  return {
    kind: 'name',
    allowed: 'letters, digits, `.`, `_`, `-`; starting with a letter or digit',
  };
}

/** Every problem says how to fix it: `hint` is required. */
type MakeProblem = (code: string, message: string, hint: string, key?: boolean) => Problem;

function badValue(err: SchemaError, prefix: string, value: unknown, problem: MakeProblem): Problem {
  const shown = `\`${String(value)}\``;
  if (err.schemaPath.includes('/then/properties/transport')) {
    return err.keyword === 'const'
      ? problem(
          'bad-value',
          `${prefix}${shown} needs a \`url\`; a server with \`command\` uses \`stdio\``,
          'remove `transport`, or replace `command` with `url`',
        )
      : problem(
          'bad-value',
          `${prefix}${shown} needs a \`command\`; a server with \`url\` uses \`http\`, \`sse\` or \`ws\``,
          'remove `transport` (defaults to `http`)',
        );
  }
  if (err.keyword === 'const') {
    return problem(
      'bad-value',
      `${prefix}must be ${JSON.stringify(err.params.allowedValue)}`,
      'this version of mcpo reads stack files of version 1',
    );
  }
  const allowed = (err.params.allowedValues as unknown[]).map(String);
  const hint = `one of: ${allowed.join(', ')}`;
  return problem(
    'bad-value',
    `${prefix}${shown} is not allowed${suggestion(String(value), allowed)}`,
    hint,
  );
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  number: 'a number',
  boolean: 'true or false',
};

function wrongType(
  expected: string,
  prefix: string,
  value: unknown,
  problem: MakeProblem,
): Problem {
  if (prefix === '' && (value === null || value === undefined)) {
    return problem('wrong-type', 'the stack file is empty', 'start it with `version: 1`');
  }
  const found =
    value === null
      ? 'empty'
      : Array.isArray(value)
        ? 'a list'
        : (TYPE_WORDS[typeof value] ?? typeof value);
  const quote = expected === 'string' && (typeof value === 'number' || typeof value === 'boolean');
  const hint = quote
    ? `quote it: "${String(value)}"`
    : `write ${TYPE_WORDS[expected] ?? expected} here`;
  return problem(
    'wrong-type',
    `${prefix}must be ${TYPE_WORDS[expected] ?? expected}, not ${found}`,
    hint,
  );
}

function badPattern(
  field: string | number | undefined,
  prefix: string,
  value: unknown,
  problem: MakeProblem,
): Problem {
  if (field === 'url')
    return problem(
      'bad-value',
      `${prefix}\`${String(value)}\` is not a URL`,
      'use an http://, https://, ws:// or wss:// address',
    );
  // The value may be a real secret typed in by mistake: never repeat it.
  if (field === 'client_secret')
    return problem(
      'plain-secret',
      `${prefix}must be a secret reference, not text`,
      'store it with `mcpo secret set NAME` and write "${secret:NAME}"',
    );
  if (String(value).trim() === '')
    return problem('bad-value', `${prefix}must not be empty`, 'write a value, or remove the key');
  return problem(
    'bad-value',
    `${prefix}\`${String(value)}\` is not a valid name`,
    'use letters, digits, `.`, `_` and `-`',
  );
}

/** Which closed object of the schema the path points at, for the list of allowed keys. */
function objectKind(path: YamlPath): string {
  if (path.length === 0) return 'root';
  if (path[0] === 'servers' && path.length === 2) return 'server';
  if (path[0] === 'stacks' && path.length === 2) return 'stack';
  if (path[0] === 'clients') return 'target';
  return '';
}

function toPath(pointer: string, data: unknown): YamlPath {
  const out: YamlPath = [];
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(cur) ? Number(seg) : seg;
    out.push(key);
    cur =
      cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
}

function valueAt(data: unknown, path: YamlPath): unknown {
  let cur = data;
  for (const k of path)
    cur = cur && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[k] : undefined;
  return cur;
}
