// Class 5 of issue 11: another program rewrites the file all the time (a real second process,
// read-modify-write of a counter every 20-40 ms, like Claude Code with ~/.claude.json). Over many
// replaceFile calls (from a third, plain node process, as a real apply) none of its updates is
// lost: replaceFile re-reads right before placing its file and re-runs `produce` on what changed,
// and places it by an atomic exchange that hands back a file landing after that last look.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFiles } from './helpers/fs-bundle.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-fs-concurrent-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let bundle: string;
beforeAll(async () => {
  bundle = await bundleFiles(work);
});

const REPLACES = 60;
const ROUNDS = 1;

describe('replaceFile against a real concurrent writer', () => {
  test(`no update of a writer rewriting the file every 20-40 ms is lost (${ROUNDS} x ${REPLACES} replaces)`, async () => {
    let reproduced = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const file = path.join(work, `claude-${round}.json`);
      fs.writeFileSync(file, JSON.stringify({ counter: 0, mcpServers: {} }));
      const writer = spawn(process.execPath, [path.join(fixtures, 'counter-writer.mjs'), file], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      const exited = new Promise<number | null>((resolve) =>
        writer.on('exit', (code) => resolve(code)),
      );
      await new Promise<void>((resolve) =>
        writer.stdout.on(
          'data',
          (d: Buffer) => ((out += d.toString()), out.includes('ready') && resolve()),
        ),
      );
      const mcpo = spawnSync(
        process.execPath,
        [path.join(fixtures, 'replacer.cjs'), bundle, file, String(REPLACES)],
        { encoding: 'utf8' },
      );
      writer.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(mcpo.stderr).toBe('');
      reproduced += (JSON.parse(mcpo.stdout) as { reproduced: number }).reproduced;
      const writes = Number(/done (\d+)/.exec(out)?.[1]);
      // Every one of the writer's increments survived every one of our replaces.
      expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { counter: number }).counter).toBe(
        writes,
      );
    }
    console.info(
      `fs-concurrent: ${ROUNDS * REPLACES} replaces, ${reproduced} re-produced after another write`,
    );
    expect(reproduced).toBeGreaterThan(0);
  }, 120_000);
});
