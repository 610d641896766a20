import { describe, test, expect } from '@jest/globals';
import { readdirSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/** The entry point keeps V8's code cache; a missing, corrupt or unwritable cache only costs speed. */
describe('code cache of the entry point', () => {
  test('is written on first run, reused, replaced when corrupt, and optional', () => {
    const h = makeTmpHome();
    try {
      const dir = join(h.env.XDG_CACHE_HOME!, 'mcpo');
      expect(runMcpo(['--version'], { env: h.env, cwd: h.home }).stdout.split('\n')[0]).toBe(
        'mcpo 0.1.0',
      );
      const [file] = readdirSync(dir);
      expect(file).toMatch(/^mcpo-v8-.*\.bin$/);
      const first = readFileSync(join(dir, file!));
      expect(first.length).toBeGreaterThan(1000);
      expect(runMcpo(['--version'], { env: h.env, cwd: h.home }).code).toBe(0);
      expect(readFileSync(join(dir, file!)).equals(first)).toBe(true); // accepted, not rewritten
      writeFileSync(join(dir, file!), 'garbage');
      expect(runMcpo(['--version'], { env: h.env, cwd: h.home }).stdout.split('\n')[0]).toBe(
        'mcpo 0.1.0',
      );
      expect(readFileSync(join(dir, file!)).length).toBeGreaterThan(1000); // rejected, so rewritten
      rmSync(dir, { recursive: true });
      mkdirSync(join(h.env.XDG_CACHE_HOME!), { recursive: true });
      writeFileSync(dir, 'a file where the cache folder should be');
      const r = runMcpo(['--version'], { env: h.env, cwd: h.home });
      expect([r.code, r.stdout.split('\n')[0], r.stderr]).toEqual([0, 'mcpo 0.1.0', '']);
    } finally {
      h.cleanup();
    }
  });

  test('is replaced by the bigger cache of a later command (a plan after --version)', () => {
    const h = makeTmpHome();
    try {
      const dir = join(h.env.XDG_CACHE_HOME!, 'mcpo');
      writeFileSync(
        join(h.home, 'mcp.stack.yaml'),
        'version: 1\nservers:\n  a: { command: npx }\nclients:\n  cursor: { servers: [a] }\n',
      );
      expect(runMcpo(['--version'], { env: h.env, cwd: h.home }).code).toBe(0);
      const [file] = readdirSync(dir);
      const small = readFileSync(join(dir, file!)).length;
      expect(runMcpo(['plan', '--force'], { env: h.env, cwd: h.home }).code).toBe(0);
      const big = readFileSync(join(dir, file!)).length;
      expect(big).toBeGreaterThan(small);
      expect(runMcpo(['--version'], { env: h.env, cwd: h.home }).code).toBe(0);
      expect(readFileSync(join(dir, file!)).length).toBe(big); // a smaller one does not replace it
    } finally {
      h.cleanup();
    }
  });

  test('is serialized again only for a kind of run it has not seen (createCachedData costs ~15 ms)', () => {
    const h = makeTmpHome();
    try {
      writeFileSync(
        join(h.home, 'mcp.stack.yaml'),
        'version: 1\nservers:\n  a: { command: npx }\nclients:\n  cursor: { servers: [a] }\n',
      );
      // A preload that reports each serialization of a compiled script on stderr.
      const spy = join(h.home, 'spy.cjs');
      writeFileSync(
        spy,
        "const S = require('node:vm').Script.prototype; const f = S.createCachedData;\n" +
          "S.createCachedData = function () { process.stderr.write('[serialized]'); return f.call(this); };\n",
      );
      const env = { ...h.env, NODE_OPTIONS: `--require ${spy}` };
      const serialized = (args: string[]) => {
        const r = runMcpo(args, { env, cwd: h.home });
        expect(r.code).toBe(0);
        return r.stderr.includes('[serialized]');
      };
      expect(serialized(['plan', '--force'])).toBe(true); // no cache yet
      expect(serialized(['plan', '--force', '--stack=mcp.stack.yaml'])).toBe(true); // new options
      expect(serialized(['plan', '--force'])).toBe(false);
      expect(serialized(['plan', '--stack', 'mcp.stack.yaml', '--force'])).toBe(false);
      expect(serialized(['clients'])).toBe(true);
      expect(serialized(['clients'])).toBe(false);
      const dir = join(h.env.XDG_CACHE_HOME!, 'mcpo');
      const [file] = readdirSync(dir);
      const bytes = readFileSync(join(dir, file!));
      expect(serialized(['plan', '--force'])).toBe(false);
      expect(readFileSync(join(dir, file!)).equals(bytes)).toBe(true); // not rewritten either
    } finally {
      h.cleanup();
    }
  });

  test("in a folder that cannot be created (under /proc, where Node's recursive mkdir never returns), every command still exits", () => {
    const h = makeTmpHome();
    try {
      writeFileSync(
        join(h.home, 'mcp.stack.yaml'),
        'version: 1\nservers:\n  a: { command: npx }\nclients:\n  cursor: { servers: [a] }\n',
      );
      for (const cache of ['/proc/mcpo-none', '/proc/self/mcpo-none/x', '/dev/null/x']) {
        for (const args of [['--version'], ['plan', '--force'], ['gateway', 'status']]) {
          const r = runMcpo(args, {
            env: { ...h.env, XDG_CACHE_HOME: cache },
            cwd: h.home,
            timeoutMs: 20_000,
          });
          expect([cache, args[0], r.code]).toEqual([cache, args[0], 0]);
        }
      }
    } finally {
      h.cleanup();
    }
  }, 120_000);
});
