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
import { MEMORY_JS } from './real-client.js';
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

export function deliveryScene(
  clientId: string,
  prefix: string,
  source: Source,
  opts: { env?: (home: string) => NodeJS.ProcessEnv; modes?: Mode[] } = {},
): DeliveryScene {
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
    const dir = join(tmp.home, 'stacks', mode);
    mkdirSync(dir, { recursive: true });
    const key = mode === 'env' ? ENV_MODE_VAR : 'FOO';
    const stack = [
      'version: 1',
      'servers:',
      `  d-${mode}: { command: node, args: [${JSON.stringify(guardJs)}, ${key}], env: { ${key}: "\${secret:${SECRET}}" } }`,
      'clients:',
      `  ${clientId}: [{ scope: user, secrets: ${mode}, servers: [d-${mode}] }]`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'mcp.stack.yaml'), stack);
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
    const dir = join(scene.tmp.home, 'stacks', mode);
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
