/**
 * Changes to a stack file on disk (`mcpo add`, `mcpo remove`, `mcpo new`): check the request
 * against the loaded stack, edit the text keeping comments and layout (edit-text.ts), load the
 * result with the stack loader, and write only when it is valid. Nothing is written otherwise.
 */
import { MISSING_STACK_HINT } from './find.js';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { Stack } from '../types.js';
import { McpoError, formatLoc } from '../errors.js';
import { clientIds } from '../clients/index.js';
import { writeFileSafely } from '../apply/write.js';
import { readTextFile } from '../fs/files.js';
import { loadStack } from './load.js';
import { stackLoadOptions } from './load-options.js';
import { isSecretKey } from '../secrets/secret-key.js';
import { credentialSpans } from '../secrets/redact.js';
import { SERVER_NAME_RE } from './server-name.js';
import { suggestion } from './suggest.js';
import {
  addServerText,
  removeServerText,
  stackNamesIn,
  type AddServerOptions,
  type ServerInput,
} from './edit-text.js';

export type { AddServerOptions, ServerInput } from './edit-text.js';

/** Where `${env:}` and `~/` come from while checking the edited stack (default: this process). */
export interface EditEnv {
  env?: Record<string, string | undefined>;
  home?: string;
}

/**
 * Adds `servers.<name>` to the stack file (and lists it in `opts.toStack` and `opts.clients`'
 * targets), keeping every other line of the file as it was. Refuses, writing nothing: a name
 * already defined, an unknown stack or client (with a did-you-mean), a value that looks like a
 * secret (env keys and headers named like TOKEN, KEY, SECRET, PASSWORD, AUTH must hold a
 * `${secret:NAME}` or `${env:NAME}` reference), and any edit after which the stack is invalid.
 * @returns the text written.
 */
export async function addServerToStackFile(
  file: string,
  name: string,
  spec: ServerInput,
  opts: AddServerOptions & EditEnv = {},
): Promise<string> {
  const { path, text } = await prepareAddServer(file, name, spec, opts);
  await writeFileSafely(path, text);
  return text;
}

/**
 * Every check of addServerToStackFile and the edited text, without writing it: for a command
 * (`mcpo new`) that has more to write and must refuse before writing anything.
 */
export async function prepareAddServer(
  file: string,
  name: string,
  spec: ServerInput,
  opts: AddServerOptions & EditEnv = {},
): Promise<{ path: string; text: string }> {
  if (!SERVER_NAME_RE.test(name)) {
    throw new McpoError('bad-name', `\`${name}\` is not a valid server name.`, {
      hint: 'use letters, digits, `.`, `_` and `-`, starting with a letter or digit',
    });
  }
  const { path, text, stack, load } = await openStackFile(file, opts);
  const existing = stack.servers[name];
  if (existing) {
    throw new McpoError(
      'duplicate-server',
      `Server \`${name}\` is already defined${existing.source ? ` at ${formatLoc(existing.source)}` : ''}.`,
      {
        hint: `choose another name, or run \`mcpo remove ${name}\` first`,
      },
    );
  }
  refuseSecretValues(name, spec);
  if (opts.toStack !== undefined) {
    const known = Object.keys(stack.stacks);
    if (!stack.stacks[opts.toStack]) {
      throw new McpoError(
        'unknown-stack',
        `Unknown stack \`${opts.toStack}\`${suggestion(opts.toStack, known)}.`,
        {
          hint: known.length
            ? `defined stacks: ${known.join(', ')}`
            : 'define it under `stacks:` first',
        },
      );
    }
    if (!stackNamesIn(parseDocument(text)).includes(opts.toStack)) {
      const at = stack.stacks[opts.toStack]!.source;
      throw new McpoError(
        'stack-elsewhere',
        `Stack \`${opts.toStack}\` is defined in ${at?.file ?? 'an included file'}, not in ${path}.`,
        {
          hint: `edit that file, or list \`${name}\` in a stack of ${path}`,
        },
      );
    }
  }
  const ids = clientIds();
  for (const id of opts.clients ?? []) {
    if (!ids.includes(id))
      throw new McpoError('unknown-client', `Unknown client \`${id}\`${suggestion(id, ids)}.`, {
        hint: 'run `mcpo clients` to see the supported ones',
      });
  }
  const next = addServerText(text, name, spec, opts);
  await load({ [path]: next });
  return { path, text: next };
}

/**
 * Removes `servers.<name>` and every mention of it in the file's stacks and targets, keeping
 * every other line. Refuses an unknown name (did-you-mean) and a server defined in another file.
 * @returns the text written.
 */
export async function removeServerFromStackFile(
  file: string,
  name: string,
  opts: EditEnv = {},
): Promise<string> {
  const { path, text, stack, load } = await openStackFile(file, opts);
  const known = Object.keys(stack.servers);
  const server = stack.servers[name];
  if (!server) {
    throw new McpoError('unknown-server', `Unknown server \`${name}\`${suggestion(name, known)}.`, {
      hint: known.length ? `defined servers: ${known.join(', ')}` : 'the stack defines no servers',
    });
  }
  const doc = parseDocument(text);
  if (!doc.hasIn(['servers', name])) {
    throw new McpoError(
      'server-elsewhere',
      `Server \`${name}\` is defined in ${server.source?.file ?? 'an included file'}, not in ${path}.`,
      { hint: 'remove it from that file' },
    );
  }
  const next = removeServerText(text, name);
  await load({ [path]: next });
  await writeFileSafely(path, next);
  return next;
}

interface OpenStack {
  path: string;
  text: string;
  stack: Stack;
  /** Loads the stack with some files' text replaced: throws every problem of an edit. */
  load(texts: Record<string, string>): Promise<Stack>;
}

async function openStackFile(file: string, opts: EditEnv): Promise<OpenStack> {
  const path = resolve(file);
  const text = readTextFile(path);
  if (text === null)
    throw new McpoError('stack-not-found', `No stack file at ${path}.`, {
      hint: MISSING_STACK_HINT,
    });
  const base = stackLoadOptions(opts);
  const load = (texts: Record<string, string>) => loadStack(path, { ...base, texts });
  return { path, text, stack: await load({}), load };
}

/**
 * A value that the one secret rule (src/secrets/redact.ts) would mask must be a reference: under a
 * secret-looking env key or header, or a credential inside an argument (`--token=V`, `--api-key V`)
 * or a URL query (`?key=V`).
 */
function refuseSecretValues(server: string, spec: ServerInput): void {
  const fields: [string, Record<string, string> | undefined][] = [
    ['env', spec.env],
    ['headers', spec.headers],
  ];
  for (const [field, map] of fields) {
    for (const [key, value] of Object.entries(map ?? {})) {
      if (isSecretKey(key) && !isReference(value))
        throw secretValue(server, `${field}.${key}`, key);
    }
  }
  const args = spec.args ?? [];
  const strings: [string, string, string | undefined][] = args.map((a, i) => [
    `args[${i}]`,
    a,
    args[i - 1],
  ]);
  if (spec.url) strings.push(['url', spec.url, undefined]);
  for (const [where, value, prev] of strings) {
    for (const [a, b] of credentialSpans(value, undefined, prev)) {
      if (!isReference(value.slice(a, b))) throw secretValue(server, where, 'token');
    }
  }
}

function isReference(value: string): boolean {
  return /\$\{(secret|env):/.test(value);
}

function secretValue(server: string, where: string, key: string): McpoError {
  const slug = key.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  const secret = slug.includes(server.toLowerCase()) ? slug : `${server.toLowerCase()}-${slug}`;
  const message = `${where} of server ${server} looks like a secret, and mcpo never writes secret values into the stack file.`;
  return new McpoError('secret-value', message, {
    hint: `store it with \`mcpo secret set ${secret}\` and give \`\${secret:${secret}}\` as the value`,
  });
}
