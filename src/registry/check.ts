/**
 * Checks a registry document before mcpo uses any of it: one clear sentence naming the server
 * and the field, so bad registry data never reaches the stack file. The rules are the schema's
 * (docs/reference/server-json/server.schema.json of modelcontextprotocol/registry): required
 * fields, `registryType` one of npm/pypi/nuget/oci/mcpb, and `version` "a specific version;
 * ranges are rejected (^1.2.3, ~1.2.3, >=1.2.3, 1.x, 1.*)" (docs/reference/api/openapi.yaml).
 */
import { McpoError } from '../errors.js';
import {
  REGISTRY_TYPES,
  type KeyValueInput,
  type RegistryArgument,
  type RegistryInput,
  type RegistryPackage,
  type RegistryServer,
  type RegistryTransport,
} from './types.js';

type Obj = Record<string, unknown>;
const NAME_RE = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
const HEADER_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The registry sent something mcpo will not use; `where` names the document. */
export function badData(where: string, what: string): McpoError {
  return new McpoError(
    'bad-registry-data',
    `The registry's entry for ${where} ${what}, so mcpo wrote nothing.`,
    {
      hint: "report it to the server's publisher, or pick another version with --from NAME@VERSION",
    },
  );
}

/** True for one exact version; false for ranges, `latest`, wildcards and odd characters. */
export function isExactVersion(v: string): boolean {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/.test(v) || v.toLowerCase() === 'latest') return false;
  return !/(^|\.)[xX*](\.|$|-)/.test(v);
}

/** `data` as a RegistryServer, or a bad-registry-data error. `label` names it in the message. */
export function checkServer(data: unknown, label: string): RegistryServer {
  if (!isObj(data)) throw badData(label, 'is not a JSON object');
  const name = data.name;
  if (typeof name !== 'string' || !NAME_RE.test(name))
    throw badData(label, 'has no valid `name` (namespace/name)');
  const at = `${name}`;
  if (typeof data.description !== 'string') throw badData(at, 'has no `description`');
  checkVersion(data.version, at, '`version`');
  if (data.packages !== undefined)
    list(data.packages, at, '`packages`').forEach((p, i) => checkPackage(p, at, i));
  if (data.remotes !== undefined)
    list(data.remotes, at, '`remotes`').forEach((r, i) => checkRemote(r, at, `remotes[${i}]`));
  return data as unknown as RegistryServer;
}

function checkVersion(v: unknown, at: string, field: string): void {
  if (typeof v !== 'string' || !v) throw badData(at, `has no ${field}`);
  if (!isExactVersion(v))
    throw badData(at, `gives ${field} \`${v}\`, which is not one exact version`);
}

function checkPackage(p: unknown, at: string, i: number): asserts p is RegistryPackage {
  const f = `packages[${i}]`;
  if (!isObj(p)) throw badData(at, `has a ${f} that is not an object`);
  if (!REGISTRY_TYPES.includes(p.registryType as never)) {
    throw badData(at, `has ${f} with unknown registryType \`${String(p.registryType)}\``);
  }
  if (typeof p.identifier !== 'string' || !/^[^\s-]\S*$/.test(p.identifier)) {
    throw badData(at, `has ${f} without a valid \`identifier\``);
  }
  // oci images carry their tag or digest in the identifier; the others need `version`.
  if (p.version !== undefined || p.registryType !== 'oci')
    checkVersion(p.version, at, `${f}.version`);
  if (!isObj(p.transport)) throw badData(at, `has ${f} without a \`transport\``);
  checkTransport(p.transport, at, `${f}.transport`, ['stdio', 'streamable-http', 'sse']);
  for (const key of ['runtimeArguments', 'packageArguments'] as const) {
    if (p[key] !== undefined)
      list(p[key], at, `${f}.${key}`).forEach((a, j) => checkArgument(a, at, `${f}.${key}[${j}]`));
  }
  if (p.environmentVariables !== undefined) {
    list(p.environmentVariables, at, `${f}.environmentVariables`).forEach((e, j) =>
      checkKeyValue(e, at, `${f}.environmentVariables[${j}]`, /^[^=\s]+$/),
    );
  }
}

function checkRemote(r: unknown, at: string, f: string): asserts r is RegistryTransport {
  if (!isObj(r)) throw badData(at, `has a ${f} that is not an object`);
  checkTransport(r, at, f, ['streamable-http', 'sse']);
}

function checkTransport(t: Obj, at: string, f: string, types: string[]): void {
  if (!types.includes(t.type as string))
    throw badData(at, `has ${f} with unknown type \`${String(t.type)}\``);
  if (t.type === 'stdio') return;
  if (typeof t.url !== 'string' || !/^https?:\/\/\S+$/.test(t.url))
    throw badData(at, `has ${f} without an http(s) \`url\``);
  if (t.headers !== undefined) {
    list(t.headers, at, `${f}.headers`).forEach((h, j) => {
      checkKeyValue(h, at, `${f}.headers[${j}]`, HEADER_RE);
      // A line break in a header value would smuggle in another header.
      if (texts(h as unknown as Obj).some((v) => /[\r\n]/.test(v)))
        throw badData(at, `has ${f}.headers[${j}] with a line break in its value`);
    });
  }
  if (t.variables !== undefined) {
    checkVariables(t.variables, at, `${f}.variables`);
    // URL variables land inside the URL, which must stay one token.
    const vars = Object.entries(t.variables as Record<string, Obj>);
    const spaced = vars.find(([, v]) =>
      [v.value, v.default].some((x) => typeof x === 'string' && /\s/.test(x)),
    );
    if (spaced) throw badData(at, `has ${f}.variables.${spaced[0]} with a space in its value`);
  }
}

function checkArgument(a: unknown, at: string, f: string): asserts a is RegistryArgument {
  if (!isObj(a) || (a.type !== 'positional' && a.type !== 'named'))
    throw badData(at, `has ${f} that is neither positional nor named`);
  if (a.type === 'named' && (typeof a.name !== 'string' || !/^\S+$/.test(a.name)))
    throw badData(at, `has ${f} without a flag \`name\``);
  if (a.type === 'positional' && typeof a.value !== 'string' && typeof a.valueHint !== 'string') {
    throw badData(at, `has ${f} with neither \`value\` nor \`valueHint\``);
  }
  checkInput(a, at, f);
}

function checkKeyValue(
  e: unknown,
  at: string,
  f: string,
  nameRe: RegExp,
): asserts e is KeyValueInput {
  if (!isObj(e) || typeof e.name !== 'string' || !nameRe.test(e.name))
    throw badData(at, `has ${f} without a valid \`name\``);
  checkInput(e, at, `${f} (${e.name})`);
}

function checkInput(x: Obj, at: string, f: string): asserts x is RegistryInput & Obj {
  for (const k of [
    'description',
    'value',
    'default',
    'placeholder',
    'format',
    'valueHint',
  ] as const) {
    if (x[k] !== undefined && typeof x[k] !== 'string')
      throw badData(at, `has ${f}.${k} that is not text`);
  }
  for (const k of ['isRequired', 'isSecret', 'isRepeated'] as const) {
    if (x[k] !== undefined && typeof x[k] !== 'boolean')
      throw badData(at, `has ${f}.${k} that is not true or false`);
  }
  if ([x.value, x.default].some((v) => typeof v === 'string' && v.includes('\u0000')))
    throw badData(at, `has ${f} with a NUL character`);
  if (
    x.choices !== undefined &&
    !(Array.isArray(x.choices) && x.choices.every((c) => typeof c === 'string'))
  ) {
    throw badData(at, `has ${f}.choices that is not a list of text`);
  }
  if (x.variables !== undefined) checkVariables(x.variables, at, `${f}.variables`);
}

function checkVariables(v: unknown, at: string, f: string): void {
  if (!isObj(v)) throw badData(at, `has ${f} that is not an object`);
  for (const [k, input] of Object.entries(v)) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k) || !isObj(input))
      throw badData(at, `has ${f}.${k} that is not a valid variable`);
    if (input.variables !== undefined) throw badData(at, `has ${f}.${k} with nested variables`);
    checkInput(input, at, `${f}.${k}`);
  }
}

/** The texts of an input and its variables. */
function texts(x: Obj): string[] {
  const own = [x.value, x.default].filter((v): v is string => typeof v === 'string');
  const vars = isObj(x.variables) ? Object.values(x.variables).filter(isObj).flatMap(texts) : [];
  return [...own, ...vars];
}

function list(v: unknown, at: string, f: string): unknown[] {
  if (!Array.isArray(v)) throw badData(at, `has ${f} that is not a list`);
  return v;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
