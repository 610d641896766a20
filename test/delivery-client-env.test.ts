// The class behind "a launcher entry fails inside the client": for every client that can start a
// stdio server, the entry mcpo writes for `secrets: launcher`, read back from the file's native
// form, must give `mcpo run` (in the environment that client gives its servers: Codex's fixed
// list plus env_vars, Gemini CLI's filter plus the entry's env) every MCPO_SECRET_* the user
// exported and the session bus. Generated secret names, values (token-shaped ones too) and
// client environments; the pure model of each client is src/delivery/client-env.ts, checked
// against the real CLIs in test/real-*.test.ts.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { clients, getClient } from './helpers/clients.js';
import { launcherServer } from '../src/delivery/launcher-mode.js';
import { serverEnvironment } from '../src/delivery/client-env.js';
import { secretEnvVar } from '../src/secrets/resolve.js';
import { findSessionBus } from '../src/secrets/session-bus.js';
import type { ServerSpec } from '../src/types.js';

const LAUNCHER = { node: '/usr/bin/node', entry: '/opt/mcpo/dist/cli.cjs' };
const secretName = fc.stringMatching(/^[a-z][a-z0-9._-]{0,10}$/);
const plainValue = fc.stringMatching(/^[A-Za-z0-9]{8,20}$/);
/** Values Gemini CLI refuses whatever the variable is called. */
const tokenValue = fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((s) => `ghp_${s}`);
const secretValue = fc.oneof(plainValue, tokenValue);
/** The client's own environment: a login session's basics, a bus (or none), unrelated noise. */
const clientEnvironment = fc.record({
  bus: fc.option(fc.constant('unix:path=/run/user/1000/bus'), { nil: undefined }),
  runtime: fc.option(fc.constant('/run/user/1000'), { nil: undefined }),
  noise: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z_]{0,8}$/), plainValue, { maxKeys: 4 }),
  github: fc.boolean(),
});

const stdioClients = clients
  .filter((a) => a.render({ name: 'x', transport: 'stdio', command: 'c' }).ok)
  .map((a) => a.id);

function serverWith(secrets: string[]): ServerSpec {
  return {
    name: 'svc',
    transport: 'stdio',
    command: 'node',
    args: ['s.js'],
    env: Object.fromEntries(secrets.map((s, i) => [`V${i}`, `\uE000secret:${s}\uE001`])),
  };
}

/** The entry as written, parsed back the way mcpo reads the file (clientOptions keep env_vars). */
function writtenEntry(client: string, server: ServerSpec, forward: boolean): ServerSpec {
  const adapter = getClient(client)!;
  const r = adapter.render(
    launcherServer(server, '/p/mcp.stack.yaml', LAUNCHER, forward ? client : ''),
  );
  if (!r.ok) throw new Error(`${client} cannot render a launcher entry: ${r.message}`);
  return adapter.parse('svc', r.entry);
}

function givenEnv(client: string, entry: ServerSpec, env: Record<string, string>) {
  const listed = entry.clientOptions?.[client]?.env_vars;
  return serverEnvironment(client, env, {
    ...(entry.env ? { env: entry.env } : {}),
    ...(Array.isArray(listed) ? { listed: listed as string[] } : {}),
  });
}

describe('a launcher entry reaches its secrets in every client', () => {
  test('there are stdio clients to check, including the two that trim the environment', () => {
    expect(stdioClients).toEqual(
      expect.arrayContaining(['codex', 'gemini-cli', 'claude-code', 'qwen-code', 'opencode']),
    );
  });

  test('every MCPO_SECRET_* the user exported and the session bus reach mcpo run, whatever the client', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...stdioClients),
        fc.uniqueArray(fc.tuple(secretName, secretValue), {
          minLength: 1,
          maxLength: 3,
          selector: ([n]) => secretEnvVar(n),
        }),
        clientEnvironment,
        (client, secrets, e) => {
          const env: Record<string, string> = {
            HOME: '/home/u',
            PATH: '/usr/bin',
            ...e.noise,
            ...Object.fromEntries(secrets.map(([n, v]) => [secretEnvVar(n), v])),
          };
          if (e.bus) env.DBUS_SESSION_BUS_ADDRESS = e.bus;
          if (e.runtime) env.XDG_RUNTIME_DIR = e.runtime;
          if (e.github) env.GITHUB_SHA = 'abc';
          const given = givenEnv(
            client,
            writtenEntry(client, serverWith(secrets.map(([n]) => n)), true),
            env,
          );
          for (const [n, v] of secrets) expect(given[secretEnvVar(n)]).toBe(v);
          expect(given.DBUS_SESSION_BUS_ADDRESS || undefined).toBe(e.bus);
          expect(given.XDG_RUNTIME_DIR || undefined).toBe(e.runtime);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('without what mcpo forwards, Codex and Gemini CLI lose the secret (the failure the fix is for)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('codex', 'gemini-cli'),
        secretName,
        secretValue,
        (client, n, v) => {
          const env = {
            HOME: '/home/u',
            PATH: '/usr/bin',
            DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
            [secretEnvVar(n)]: v,
          };
          const given = givenEnv(client, writtenEntry(client, serverWith([n]), false), env);
          expect(given[secretEnvVar(n)]).toBeUndefined();
          if (client === 'codex') expect(given.DBUS_SESSION_BUS_ADDRESS).toBeUndefined();
        },
      ),
    );
  });
});

describe('the session bus without DBUS_SESSION_BUS_ADDRESS', () => {
  const runtime = fc.stringMatching(/^\/[a-z0-9/]{1,12}$/);
  test('the variable wins; else $XDG_RUNTIME_DIR/bus, then /run/user/<uid>/bus, only where a socket exists', () => {
    fc.assert(
      fc.property(
        fc.option(runtime, { nil: undefined }),
        fc.nat(70000),
        fc.subarray(['runtime', 'uid']),
        fc.option(fc.constant('unix:path=/x'), { nil: undefined }),
        (dir, uid, present, variable) => {
          const env = {
            ...(dir ? { XDG_RUNTIME_DIR: dir } : {}),
            ...(variable ? { DBUS_SESSION_BUS_ADDRESS: variable } : {}),
          };
          const sockets = new Set([
            ...(present.includes('runtime') && dir ? [`${dir.replace(/\/+$/, '')}/bus`] : []),
            ...(present.includes('uid') ? [`/run/user/${uid}/bus`] : []),
          ]);
          const bus = findSessionBus(env, uid, (p) => sockets.has(p));
          const expected = variable ?? [...sockets].map((s) => `unix:path=${s}`)[0];
          expect(bus.address).toBe(expected);
          if (!expected)
            expect(bus).toMatchObject({
              from: 'none',
              looked: expect.arrayContaining([`/run/user/${uid}/bus`]),
            });
        },
      ),
    );
  });
});
