import { describe, test, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MCPO_CLI } from './helpers/tmp-home.js';
import { rareLoaders } from '../src/commands/rare-commands.js';

/** What scripts/build.mjs puts in which bundle, read from the built files (start-up depends on it). */
const bundle = (name: string) => readFileSync(join(dirname(MCPO_CLI), name), 'utf8');

describe('the bundles (scripts/build.mjs)', () => {
  test('no rare command is in the main bundle; each is in mcpo-rare.cjs', () => {
    const main = bundle('mcpo.cjs');
    const rare = bundle('mcpo-rare.cjs');
    const modules = Object.keys(rareLoaders).map((c) => `"src/commands/${c}.ts"`);
    expect(modules.filter((m) => main.includes(m))).toEqual([]);
    expect(modules.filter((m) => !rare.includes(m))).toEqual([]);
  });

  test('src/errors.ts is in the main and launcher bundles, not copied into mcpo-rare.cjs', () => {
    expect(bundle('mcpo.cjs')).toContain('"src/errors.ts"');
    expect(bundle('mcpo-run.cjs')).toContain('"src/errors.ts"');
    expect(bundle('mcpo-rare.cjs')).not.toContain('"src/errors.ts"');
  });

  test("a default import of a Node module is the module, not esbuild's per-file copy of it", () => {
    for (const name of ['mcpo.cjs', 'mcpo-run.cjs', 'mcpo-rare.cjs'])
      expect([name, bundle(name).match(/__toESM\(require\("node:[a-z_]+"\)/g)]).toEqual([
        name,
        null,
      ]);
  });
});
