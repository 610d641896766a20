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
      expect(runMcpo(['--version'], { env: h.env, cwd: h.home }).stdout.trim()).toBe('0.1.0');
      const [file] = readdirSync(dir);
      expect(file).toMatch(/^mcpo-v8-.*\.bin$/);
      const first = readFileSync(join(dir, file!));
      expect(first.length).toBeGreaterThan(1000);
      expect(runMcpo(['--version'], { env: h.env, cwd: h.home }).code).toBe(0);
      expect(readFileSync(join(dir, file!)).equals(first)).toBe(true); // accepted, not rewritten
      writeFileSync(join(dir, file!), 'garbage');
      expect(runMcpo(['--version'], { env: h.env, cwd: h.home }).stdout.trim()).toBe('0.1.0');
      expect(readFileSync(join(dir, file!)).length).toBeGreaterThan(1000); // rejected, so rewritten
      rmSync(dir, { recursive: true });
      mkdirSync(join(h.env.XDG_CACHE_HOME!), { recursive: true });
      writeFileSync(dir, 'a file where the cache folder should be');
      const r = runMcpo(['--version'], { env: h.env, cwd: h.home });
      expect([r.code, r.stdout.trim(), r.stderr]).toEqual([0, '0.1.0', '']);
    } finally {
      h.cleanup();
    }
  });
});
