// Every delivery mode (`secrets: inline | env | launcher`) against a real client CLI, with the
// secret held only in a real keychain (gnome-keyring on a private D-Bus session) or only in
// MCPO_SECRET_*. Each mode is its own stack (one target per client and scope), applied to the
// client's user scope as server `d-<mode>`. The server is the memory server behind a guard that
// exits unless its variable holds the secret, so "connected" proves the value reached it.
//
// The secret looks like a GitHub token (`ghp_` + 36 characters): Gemini CLI drops variables with
// such values from a server's environment unless the entry names them itself.
//
// Keychain scenes run the client with no DBUS_SESSION_BUS_ADDRESS and the bus only at
// $XDG_RUNTIME_DIR/bus, as a login session has it: `mcpo run` must find it there by itself.
// `secrets: env` always needs the user to export the variable the plan names (DELIVERY_TOKEN):
// that is the mode's contract, whatever holds the secret for mcpo.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { IN_CI, MEMORY_JS } from './real-client.js';
import { inKeyring, keyringUnavailableReason, runMcpoInKeyring } from './keyring.js';
import { makeTmpHome, runCommand, runMcpo, type RunResult, type TmpHome } from './tmp-home.js';

export type Mode = 'inline' | 'env' | 'launcher';
export type Source = 'keychain' | 'env';
export const ALL_MODES: Mode[] = ['inline', 'env', 'launcher'];
export const SECRET = 'test-token';
/** The variable `secrets: env` reads (the env key of the server's secret). */
export const ENV_MODE_VAR = 'DELIVERY_TOKEN';

export interface DeliveryScene {
  tmp: TmpHome;
  source: Source;
  /** The secret's value: never in mcpo's output, only in the server's environment. */
  value: string;
  /** A folder outside every stack's folder, where the clients are run (user scope only). */
  elsewhere: string;
  /** The environment for the client: HOME etc., DELIVERY_TOKEN, and MCPO_SECRET_* for source env. */
  env: NodeJS.ProcessEnv;
  /** Everything mcpo printed while setting up (for the no-leak check). */
  mcpoOutput: string;
  /** argv that runs `argv` as the client: inside the keyring session for source keychain. */
  wrap(argv: string[]): string[];
  /** Runs a client CLI like runClient (throws on a non-zero exit), wrapped. */
  run(
    file: string,
    args: string[],
    opts?: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv },
  ): RunResult;
  /** Where the client reads mode `mode`'s server: `elsewhere` (user scope) or the mode's stack folder (project). */
  dirOf(mode: Mode): string;
  /** Runs `mcpo ARGS` like the client would see it (wrapped), for plan and doctor. */
  mcpo(args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): RunResult;
}

/** Why keychain scenes cannot run here (no gnome-keyring), or undefined. */
export const keychainSkip = keyringUnavailableReason();

/**
 * Links the private session bus to $XDG_RUNTIME_DIR/bus and drops DBUS_SESSION_BUS_ADDRESS,
 * then execs the command: the session a desktop login gives, minus the variable.
 */
const BUS_AT_RUNTIME_DIR =
  'a=${DBUS_SESSION_BUS_ADDRESS#unix:path=}; ln -sf "${a%%,*}" "$XDG_RUNTIME_DIR/bus"; unset DBUS_SESSION_BUS_ADDRESS; exec "$@"';

export interface DeliveryOptions {
  env?: (home: string) => NodeJS.ProcessEnv;
  modes?: Mode[];
  /** `project` for clients without a user scope (Grok CLI): each mode's stack folder is the project. */
  scope?: 'user' | 'project';
}

const stackDir = (home: string, mode: Mode | 'env-refused') => join(home, 'stacks', mode);

/** The stack of one mode: server `d-<mode>` behind the guard, one target for `clientId`. */
function modeStack(clientId: string, scope: string, mode: Mode, guardJs: string): string {
  const key = mode === 'env' ? ENV_MODE_VAR : 'FOO';
  return [
    'version: 1',
    'servers:',
    `  d-${mode}: { command: node, args: [${JSON.stringify(guardJs)}, ${key}], env: { ${key}: "\${secret:${SECRET}}" } }`,
    'clients:',
    `  ${clientId}: [{ scope: ${scope}, secrets: ${mode}, servers: [d-${mode}] }]`,
    '',
  ].join('\n');
}

export function deliveryScene(
  clientId: string,
  prefix: string,
  source: Source,
  opts: DeliveryOptions = {},
): DeliveryScene {
  const scope = opts.scope ?? 'user';
  const tmp = makeTmpHome(prefix);
  Object.assign(tmp.env, opts.env?.(tmp.home) ?? {});
  const value = `ghp_${randomBytes(27).toString('base64url').slice(0, 36)}`;
  const elsewhere = join(tmp.home, 'elsewhere');
  const runtimeDir = join(tmp.home, 'run');
  for (const d of [elsewhere, runtimeDir, join(tmp.home, 'servers')])
    mkdirSync(d, { recursive: true, mode: 0o700 });
  // Nothing of the machine's own session may help: no bus variable, no MCPO_SECRET_*.
  for (const k of Object.keys(tmp.env))
    if (k.startsWith('MCPO_SECRET_') || k === 'DBUS_SESSION_BUS_ADDRESS' || k === 'GITHUB_SHA')
      delete tmp.env[k];
  tmp.env.XDG_RUNTIME_DIR = runtimeDir;

  const guardJs = join(tmp.home, 'servers', 'secret-guard.mjs');
  writeFileSync(
    guardJs,
    `const name = process.argv[2];\n` +
      `if (process.env[name] !== ${JSON.stringify(value)}) { console.error(name + ' does not hold the secret'); process.exit(3); }\n` +
      `await import(${JSON.stringify(pathToFileURL(MEMORY_JS).href)});\n`,
  );

  const envFor = (extra: NodeJS.ProcessEnv) => ({
    ...tmp.env,
    ...(source === 'env' ? { MCPO_SECRET_TEST_TOKEN: value } : {}),
    ...extra,
  });
  const wrap = (argv: string[]) =>
    source === 'keychain' ? inKeyring(['sh', '-c', BUS_AT_RUNTIME_DIR, 'sh', ...argv]) : argv;
  const mcpo = (args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const run = source === 'keychain' ? runMcpoInKeyring : runMcpo;
    return run(args, { env: envFor(o.env ?? {}), cwd: o.cwd ?? elsewhere });
  };

  let mcpoOutput = '';
  if (source === 'keychain') {
    const set = runMcpoInKeyring(['secret', 'set', SECRET], {
      env: tmp.env,
      cwd: elsewhere,
      input: value,
    });
    if (set.code !== 0) throw new Error(`mcpo secret set failed\n${set.stderr}`);
    mcpoOutput += set.stdout + set.stderr;
  }
  for (const mode of opts.modes ?? ALL_MODES) {
    const dir = stackDir(tmp.home, mode);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'mcp.stack.yaml'), modeStack(clientId, scope, mode, guardJs));
    const r = mcpo(
      [
        'apply',
        '--stack',
        join(dir, 'mcp.stack.yaml'),
        '--project',
        dir,
        '--yes',
        '--force',
        '--no-color',
      ],
      { cwd: dir },
    );
    if (r.code !== 0)
      throw new Error(`mcpo apply (${mode}) exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    mcpoOutput += r.stdout + r.stderr;
  }

  const env = envFor({ [ENV_MODE_VAR]: value });
  return {
    tmp,
    source,
    value,
    elsewhere,
    env,
    mcpoOutput,
    dirOf: (mode) => (scope === 'user' ? elsewhere : stackDir(tmp.home, mode)),
    wrap,
    mcpo,
    run(file, args, o = {}) {
      const [cmd, ...rest] = wrap([file, ...args]);
      const r = runCommand(cmd!, rest, {
        env: o.env ?? env,
        cwd: o.cwd ?? elsewhere,
        timeoutMs: o.timeoutMs ?? 90_000,
      });
      if (r.code !== 0)
        throw new Error(`${file} ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
      return r;
    },
  };
}

/** `mcpo plan` for each mode's stack: 0 when the client left nothing that counts as drift. */
export function plansAreClean(
  scene: DeliveryScene,
  modes: Mode[] = ALL_MODES,
): Record<Mode, number> {
  const out = {} as Record<Mode, number>;
  for (const mode of modes) {
    const dir = stackDir(scene.tmp.home, mode);
    out[mode] = scene.mcpo(
      [
        'plan',
        '--stack',
        join(dir, 'mcp.stack.yaml'),
        '--project',
        dir,
        '--detailed-exitcode',
        '--no-color',
      ],
      { cwd: dir },
    ).code;
  }
  return out;
}

/**
 * `mcpo plan` of a `secrets: env` stack for a client without a reference syntax (env-syntax.ts):
 * it must refuse (exit 1, env-unsupported) and write nothing.
 */
export function planEnvMode(
  scene: DeliveryScene,
  clientId: string,
  scope: 'user' | 'project' = 'user',
): RunResult {
  const dir = stackDir(scene.tmp.home, 'env-refused');
  mkdirSync(dir, { recursive: true });
  const guardJs = join(scene.tmp.home, 'servers', 'secret-guard.mjs');
  writeFileSync(join(dir, 'mcp.stack.yaml'), modeStack(clientId, scope, 'env', guardJs));
  return scene.mcpo(
    ['plan', '--stack', join(dir, 'mcp.stack.yaml'), '--project', dir, '--no-color'],
    { cwd: dir },
  );
}

/**
 * The two delivery suites of a client (secret only in MCPO_SECRET_*, then only in the keychain),
 * each with the client's own proof (`proves`), then `plan` clean for every mode and no value in
 * mcpo's output. A keychain suite that cannot run fails under CI rather than skip.
 */
export function describeDelivery(
  title: string,
  clientId: string,
  skipReason: string,
  opts: DeliveryOptions & { prepare?: (d: DeliveryScene) => void },
  proves: (scene: () => DeliveryScene) => void,
): void {
  const modes = opts.modes ?? ALL_MODES;
  for (const source of ['env', 'keychain'] as const) {
    const why = skipReason || (source === 'keychain' ? keychainSkip : undefined);
    if (why && source === 'keychain' && IN_CI && !skipReason)
      throw new Error(`keychain delivery tests cannot run: ${why}`);
    (why ? describe.skip : describe)(
      `real ${title} starts every delivery mode it has, secret only in ${source === 'env' ? 'MCPO_SECRET_*' : 'the keychain'}`,
      () => {
        let d: DeliveryScene;
        beforeAll(() => {
          d = deliveryScene(clientId, `mcpo-real-${clientId}-${source}-`, source, opts);
          opts.prepare?.(d);
        }, 180_000);
        afterAll(() => d?.tmp.cleanup());

        proves(() => d);

        test(`plan shows no changes for ${modes.join(', ')}, and mcpo never printed the value`, () => {
          expect(plansAreClean(d, modes)).toEqual(Object.fromEntries(modes.map((m) => [m, 0])));
          expect(d.mcpoOutput).not.toContain(d.value);
        }, 120_000);
      },
    );
  }
}

/** The names of the `d-<mode>` entries (as the client file holds them) that contain the secret's value. */
export function entriesHoldingValue(
  scene: DeliveryScene,
  entries: Record<string, unknown>,
): string[] {
  return Object.keys(entries).filter((n) => JSON.stringify(entries[n]).includes(scene.value));
}
