import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { Stack } from '../types.js';
import type { CommandOptions } from './run-command.js';
import { openSession } from './session.js';
import { openKeychain, type Keychain } from '../secrets/keychain.js';
import { SECRET_NAME_RE } from '../secrets/tokens.js';
import { secretEnvVar } from '../secrets/resolve.js';
import { readSecretValue } from './secret-input.js';
import { McpoError } from '../errors.js';
import { suggestion } from '../stack/suggest.js';

/** `mcpo secret set|list|rm`: the keychain store. Values are never printed. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const stack = await readStack(opts.stack as string | undefined);
  const keychain = openKeychain(stack?.secretsNamespace);
  const where = stack?.secretsNamespace ? ` (namespace ${stack.secretsNamespace})` : '';
  if (opts.action === 'list') return list(stack, keychain, io, where, Boolean(opts.json));
  const name = checkName(opts.name as string);
  const env = secretEnvVar(name);
  if (opts.action === 'set') {
    // A name the stack does not use is most often a typo: said before the value is typed.
    if (stack && !stack.secretNames.includes(name)) {
      io.err(
        `Warning: ${stack.file} does not reference a secret ${name}${suggestion(name, stack.secretNames)}; it is stored anyway.`,
      );
    }
    // On a terminal an existing value is replaced only once confirmed; then it is asked once.
    const exists = io.interactive ? (await keychain.get(name)) !== undefined : false;
    if (exists && !(await io.confirm(`${name} is already in the keychain${where}. Replace it?`))) {
      io.err(`Kept the stored ${name}; nothing changed.`);
      return 1;
    }
    const value = await readSecretValue(io, name, !exists);
    await keychain.set(name, value);
    io.err(`Stored ${name} in the keychain${where}.`);
  } else {
    if (!(await keychain.remove(name)))
      throw new McpoError(
        'secret-not-found',
        `There is no secret ${name} in the keychain${where}.`,
        { hint: 'see the stored ones with `mcpo secret list`' },
      );
    io.err(`Removed ${name} from the keychain${where}.`);
  }
  if (process.env[env])
    io.err(`Note: ${env} is set in this environment and takes precedence over the keychain.`);
  return 0;
}

/** One secret as `secret list` reports it; never a value. */
interface ListedSecret {
  name: string;
  referenced: boolean;
  state: 'present' | 'missing' | 'unknown';
  /** `env NAME`, `keychain`, or what to run. */
  source: string;
}

async function list(
  stack: Stack | undefined,
  keychain: Keychain,
  io: Io,
  where: string,
  json: boolean,
): Promise<number> {
  let stored: string[] = [];
  let problem: McpoError | undefined;
  try {
    stored = await keychain.list();
  } catch (e) {
    if (!(e instanceof McpoError)) throw e;
    problem = e;
  }
  const inKeychain = new Set(stored);
  const referenced = stack?.secretNames ?? [];
  const rows: ListedSecret[] = referenced.map((n) => {
    const env = secretEnvVar(n);
    const source = process.env[env]
      ? `env ${env}${inKeychain.has(n) ? ' (overrides the keychain)' : ''}`
      : inKeychain.has(n)
        ? 'keychain'
        : problem
          ? 'keychain unreadable'
          : `set it with: mcpo secret set ${n}`;
    const state =
      process.env[env] || inKeychain.has(n) ? 'present' : problem ? 'unknown' : 'missing';
    return { name: n, referenced: true, state, source };
  });
  for (const n of stored)
    if (!referenced.includes(n))
      rows.push({ name: n, referenced: false, state: 'present', source: 'keychain' });
  if (json) {
    const doc = {
      format_version: 1,
      stack: stack?.file ?? null,
      namespace: stack?.secretsNamespace ?? null,
      secrets: rows,
      ...(problem
        ? {
            error: {
              code: problem.code,
              message: problem.message,
              ...(problem.hint ? { hint: problem.hint } : {}),
            },
          }
        : {}),
    };
    io.out(JSON.stringify(doc, null, 2) + '\n');
  } else io.out(listText(stack, rows, where, Boolean(problem)));
  if (problem && !json)
    io.err(`Error: ${problem.message}${problem.hint ? `\nFix: ${problem.hint}.` : ''}`);
  return problem ? 1 : 0;
}

function listText(
  stack: Stack | undefined,
  rows: ListedSecret[],
  where: string,
  unreadable: boolean,
): string {
  const width = Math.max(0, ...rows.map((r) => r.name.length));
  const line = (r: ListedSecret) => `  ${r.name.padEnd(width)}  ${r.state.padEnd(7)}  ${r.source}`;
  const lines: string[] = [];
  const referenced = rows.filter((r) => r.referenced);
  const others = rows.filter((r) => !r.referenced);
  if (stack) lines.push(`Secrets referenced by ${stack.file}${where}:`);
  if (stack && !referenced.length) lines.push('  (none)');
  lines.push(...referenced.map(line));
  if (others.length) {
    lines.push(
      stack ? 'In the keychain, referenced by nothing in this stack:' : `In the keychain${where}:`,
    );
    lines.push(...others.map(line));
  } else if (!stack && !unreadable) lines.push(`No secrets in the keychain${where}.`);
  return lines.join('\n') + '\n';
}

/** The stack gives the namespace and the referenced names; without the default file there is none. */
async function readStack(file: string | undefined): Promise<Stack | undefined> {
  const explicit = file !== undefined && resolve(file) !== resolve('mcp.stack.yaml');
  if (!explicit && !existsSync(resolve('mcp.stack.yaml'))) return undefined;
  return (await openSession({ stack: file ?? 'mcp.stack.yaml', secrets: false })).stack;
}

function checkName(name: string): string {
  if (!SECRET_NAME_RE.test(name))
    throw new McpoError('bad-secret-name', `${JSON.stringify(name)} is not a valid secret name.`, {
      hint: 'use letters, digits, `.`, `_` and `-`',
    });
  return name;
}
