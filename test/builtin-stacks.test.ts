// The built-in workflow stacks (stacks/*.yaml) with their real servers. Every server is pinned as
// `npx -y PKG@VERSION` with the version the test CLI set installs (test/clients-cli/package.json),
// and every server that needs no account is started from that install (no npx, no network), must
// complete the MCP handshake and list its tools, and must pass `mcpo doctor`.
import { describe, test, expect, beforeAll } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack } from '../src/stack/load.js';
import { builtinStackNames, repoRoot } from '../src/stack/sources.js';
import { clientIds } from './helpers/clients.js';
import { unsupported } from '../src/plan/build.js';
import type { ServerSpec, Stack } from '../src/types.js';
import { clientPackagePath, ensureClientClis } from './helpers/client-clis.js';
import { connectStdio } from './helpers/mcp-client.js';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

const TESTED = (
  JSON.parse(readFileSync(join(repoRoot(), 'test', 'clients-cli', 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  }
).dependencies;
const NEEDS_ACCOUNT = new Set(['web-search']);

async function load(name: string): Promise<Stack> {
  return loadStack(join(repoRoot(), 'stacks', `${name}.yaml`), {
    env: {},
    home: '/home/u',
    knownClients: clientIds(),
    clientScopes: {},
  });
}

/** `npx -y PKG@VERSION` -> [PKG, VERSION]. */
function pinned(s: ServerSpec): [string, string] {
  expect(s.command).toBe('npx');
  expect(s.args?.[0]).toBe('-y');
  const m = /^(@?[^@]+)@(\d+\.\d+\.\d+)$/.exec(s.args?.[1] ?? '');
  if (!m) throw new Error(`${s.name}: not pinned as PKG@X.Y.Z: ${s.args?.[1]}`);
  return [m[1]!, m[2]!];
}

/** The installed package's executable for `npx PKG` (the bin named like the package, or its only one). */
function binOf(pkg: string): string {
  const meta = JSON.parse(readFileSync(clientPackagePath(pkg, 'package.json'), 'utf8')) as {
    bin: string | Record<string, string>;
  };
  if (typeof meta.bin === 'string') return clientPackagePath(pkg, meta.bin);
  const base = pkg.split('/').pop()!;
  const entries = Object.entries(meta.bin);
  const bin = meta.bin[base] ?? (entries.length === 1 ? entries[0]![1] : undefined);
  if (!bin) throw new Error(`${pkg}: no single bin to run`);
  return clientPackagePath(pkg, bin);
}

describe('built-in stacks', () => {
  test('development, research and data exist and load together without conflicts', async () => {
    expect(builtinStackNames()).toEqual(
      expect.arrayContaining(['data', 'development', 'research']),
    );
    const stacks = await Promise.all(['development', 'research', 'data'].map(load));
    for (const [i, name] of ['development', 'research', 'data'].entries()) {
      expect(stacks[i]!.targets).toEqual([]);
      expect(Object.keys(stacks[i]!.stacks)).toEqual([name]);
    }
    expect(stacks.map((s) => s.stacks[Object.keys(s.stacks)[0]!]!.servers)).toEqual([
      ['filesystem', 'git', 'eslint'],
      ['web-search', 'fetch', 'memory'],
      ['database', 'charts', 'spreadsheet'],
    ]);
    const names = stacks.flatMap((s) => Object.keys(s.servers));
    expect(new Set(names).size).toBe(names.length);
  });

  test('every server is `npx -y PKG@VERSION`, the version the tests install; only web-search needs a key', async () => {
    for (const name of ['development', 'research', 'data']) {
      const stack = await load(name);
      for (const s of Object.values(stack.servers)) {
        const [pkg, version] = pinned(s);
        if (NEEDS_ACCOUNT.has(s.name)) expect(stack.secretNames).toEqual(['brave-api-key']);
        else expect(TESTED[pkg]).toBe(version);
      }
    }
  });
});

describe('built-in servers from the test install (real processes)', () => {
  let servers: ServerSpec[] = [];
  beforeAll(async () => {
    ensureClientClis();
    servers = (await Promise.all(['development', 'research', 'data'].map(load)))
      .flatMap((s) => Object.values(s.servers))
      .filter((s) => !NEEDS_ACCOUNT.has(s.name));
  }, 15 * 60_000);

  test('each key-free server completes the MCP handshake and lists its tools', async () => {
    const h = makeTmpHome();
    try {
      const seen: Record<string, number> = {};
      for (const s of servers) {
        const [pkg] = pinned(s);
        const args = [
          binOf(pkg),
          ...s.args!.slice(2).map((a) => a.replace('/home/u/projects', h.home)),
        ];
        const session = await connectStdio(process.execPath, args, { ...h.env, ...s.env }, h.home);
        try {
          seen[s.name] = (await session.client.listTools()).tools.length;
        } finally {
          await session.close();
        }
      }
      expect(Object.keys(seen).sort()).toEqual([
        'charts',
        'database',
        'eslint',
        'fetch',
        'filesystem',
        'git',
        'memory',
        'spreadsheet',
      ]);
      for (const n of Object.values(seen)) expect(n).toBeGreaterThan(0);
    } finally {
      h.cleanup();
    }
  }, 180_000);

  test('mcpo doctor passes on every key-free server', () => {
    const h = makeTmpHome();
    try {
      // The built-in stacks with each command pointed at the installed package instead of npx.
      const lines = ['version: 1', 'servers:'];
      for (const s of servers) {
        const [pkg] = pinned(s);
        const args = [
          binOf(pkg),
          ...s.args!.slice(2).map((a) => a.replace('/home/u/projects', h.home)),
        ];
        lines.push(
          `  ${s.name}:`,
          `    command: ${JSON.stringify(process.execPath)}`,
          `    args: ${JSON.stringify(args)}`,
        );
        if (s.env) lines.push(`    env: ${JSON.stringify(s.env)}`);
      }
      const file = join(h.home, 'mcp.stack.yaml');
      writeFileSync(file, lines.join('\n') + '\n');
      const r = runMcpo(['doctor', '--stack', file, '--timeout', '120'], {
        env: h.env,
        cwd: h.home,
        timeoutMs: 600_000,
      });
      // On failure the message shows doctor's whole report.
      expect(`exit ${r.code}\n${r.stdout}${r.stderr}`).toMatch(/^exit 0\n/);
      for (const s of servers) expect(r.stdout).toContain(s.name);
    } finally {
      h.cleanup();
    }
  }, 600_000);
});

describe("problems with a built-in server never ask the user to edit mcpo's installation", () => {
  test("the fix says to redefine it with override: true in the user's stack, or leave it out", () => {
    for (const name of builtinStackNames()) {
      const file = join(repoRoot(), 'stacks', `${name}.yaml`);
      const p = unsupported({ message: 'Kiro has no cwd', hint: 'remove `cwd`' }, 'kiro', {
        name: 'fs',
        transport: 'stdio',
        command: 'npx',
        source: { file, line: 3, col: 3 },
      });
      expect(p.hint).toContain(
        `fs comes from the built-in stack \`${name}\`: redefine it in your stack file under \`servers:\` with \`override: true\``,
      );
      expect(p.hint).toContain('remove `cwd`');
    }
    const own = unsupported({ message: 'm', hint: 'remove `cwd`' }, 'kiro', {
      name: 'fs',
      transport: 'stdio',
      source: { file: '/home/me/mcp.stack.yaml', line: 3, col: 3 },
    });
    expect(own.hint).toBe('remove `cwd`');
  });
});
