import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/**
 * `plan` writes nothing anywhere (no salt, no state folder, no lock), and an apply with nothing
 * to do leaves every file and the state as they were, bytes and modification times, and takes
 * no lock (a lock file made and removed would change its folder's time). Every path under the
 * temp HOME and XDG folders is compared before and after. The V8 code cache is the one thing
 * mcpo may write on any run: it lives outside that tree here.
 */

/** Every path under `root`: its kind, mode, modification time (ns) and, for a file, its bytes. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string): void => {
    const st = lstatSync(p, { bigint: true });
    const kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    const body = st.isFile() ? readFileSync(p).toString('base64') : '';
    out.set(p, `${kind} ${st.mode} ${st.mtimeNs} ${body}`);
    if (st.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(root);
  return out;
}

const CLIENTS = ['claude-code', 'cursor', 'continue', 'goose', 'codex', 'vscode', 'zed'];

const stackOf = (servers: number, clients: string[]): string => {
  const names = Array.from({ length: servers }, (_, i) => `s${i}`);
  const lines = ['version: 1', 'servers:'];
  for (const n of names)
    lines.push(`  ${n}: { command: npx, args: [-y, "@example/${n}"], env: { LOG_LEVEL: info } }`);
  lines.push('clients:');
  for (const c of clients) lines.push(`  ${c}: { servers: [${names.join(', ')}] }`);
  return lines.join('\n') + '\n';
};

describe('commands with nothing to write write nothing', () => {
  test('plan on a fresh machine and after an apply; a no-op apply; for generated stacks', () => {
    const cache = mkdtempSync(join(tmpdir(), 'mcpo-cache-'));
    try {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 6 }),
          fc.subarray(CLIENTS, { minLength: 1 }),
          fc.boolean(),
          (servers, clients, existing) => {
            const home = makeTmpHome();
            try {
              const env = { ...home.env, XDG_CACHE_HOME: cache };
              const project = join(home.home, 'proj');
              mkdirSync(project);
              writeFileSync(join(project, 'mcp.stack.yaml'), stackOf(servers, clients));
              if (existing)
                writeFileSync(
                  join(home.home, '.claude.json'),
                  '{\n  "numStartups": 3,\n  "mcpServers": {}\n}\n',
                );
              const run = (...args: string[]) =>
                runMcpo([...args, '--force'], { env, cwd: project });

              const fresh = snapshot(home.home);
              const p = run('plan');
              expect(p.code).toBe(0);
              expect(snapshot(home.home)).toEqual(fresh);

              expect(run('apply', '--yes').code).toBe(0);
              const applied = snapshot(home.home);
              const again = run('apply', '--yes');
              expect(again.code).toBe(0);
              expect(snapshot(home.home)).toEqual(applied);
              const replan = run('plan');
              expect(replan.stdout).toContain('No changes.');
              expect(snapshot(home.home)).toEqual(applied);
            } finally {
              home.cleanup();
            }
          },
        ),
        { numRuns: 6 },
      );
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('plan opens no standard stream', () => {
  // Building process.stdout (or detecting colour through it, as picocolors does when loaded)
  // costs start-up: plan writes to the file descriptors (src/terminal.ts).
  test('process.stdout, stderr and stdin stay unopened, with colour detection and --json', () => {
    const h = makeTmpHome();
    try {
      mkdirSync(join(h.home, '.cursor'));
      writeFileSync(join(h.home, 'mcp.stack.yaml'), stackOf(2, ['cursor']));
      const spy = join(h.home, 'spy.cjs');
      writeFileSync(
        spy,
        "for (const k of ['stdout', 'stderr', 'stdin']) {\n" +
          '  const d = Object.getOwnPropertyDescriptor(process, k);\n' +
          '  Object.defineProperty(process, k, { configurable: true, get() {\n' +
          "    require('node:fs').writeSync(2, `[opened ${k}]`);\n" +
          '    Object.defineProperty(process, k, d);\n' +
          '    return process[k];\n' +
          '  } });\n' +
          '}\n',
      );
      const env: NodeJS.ProcessEnv = { ...h.env, NODE_OPTIONS: `--require ${spy}` };
      delete env.NO_COLOR;
      for (const args of [['plan'], ['plan', '--json'], ['plan', '--no-color']]) {
        const r = runMcpo(args, { env, cwd: h.home });
        expect([args, r.code, r.stderr]).toEqual([args, 0, '']);
      }
      // The spy itself works: a script that touches process.stdout is reported.
      const probe = runMcpo(['--help'], { env, cwd: h.home });
      expect(probe.stderr).toContain('[opened stdout]');
    } finally {
      h.cleanup();
    }
  });
});
