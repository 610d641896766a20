import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withFileLock } from '../src/apply/lock.js';
import { bundleModules } from './helpers/fs-bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const writer = path.join(root, 'test', 'fixtures', 'crash', 'writer.mjs');
const TRIALS = 50;
let work: string;
let bundle: string;

/** Same generator as writer.mjs, to check that a file is one whole version. */
function content(seq: number): string {
  const filler = Array.from({ length: 400 }, (_, k) => `${seq}-${k}-${'x'.repeat(36)}`);
  return `${JSON.stringify({ mcpServers: { fs: { command: 'npx', args: [String(seq)] } }, seq, filler }, null, 2)}\n`;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpo-'));
  // The child runs plain node, so give it the real TypeScript sources compiled to one file.
  bundle = await bundleModules(
    work,
    'write-path.cjs',
    ['lock', 'backup', 'write'].map((m) => `apply/${m}.ts`),
  );
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Starts a writer, kills it with SIGKILL 0-150 ms after it is ready; returns how many writes it reported. */
async function killedWriter(stateDir: string, config: string): Promise<number> {
  const child = spawn(process.execPath, [writer, bundle, stateDir, config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve) =>
    child.stdout
      .on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ready\n')) resolve();
      })
      .on('end', resolve),
  );
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
  child.kill('SIGKILL');
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`writer exited on its own: ${err}`);
  return out.split('\n').filter((l) => l.startsWith('w')).length;
}

describe('crash safety of the write path', () => {
  test(`a config file killed mid-write is always a whole version (${TRIALS} trials)`, async () => {
    let writes = 0;
    let strayTemps = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const home = path.join(work, `home-${trial}`);
      const stateDir = path.join(home, '.local', 'state', 'mcpo');
      const config = path.join(home, '.cursor', 'mcp.json');
      fs.mkdirSync(path.dirname(config), { recursive: true });
      fs.writeFileSync(config, content(0));

      writes += await killedWriter(stateDir, config);

      const text = fs.readFileSync(config, 'utf8');
      const parsed = JSON.parse(text) as { seq: number };
      expect(text).toBe(content(parsed.seq));
      // Temp files (`.mcp.json.mcpo-<pid>-<hex>.tmp`) survive a SIGKILL, beside the config, never
      // in it; the next write removes them (test/fs-kill.test.ts).
      const others = fs.readdirSync(path.dirname(config)).filter((n) => n !== 'mcp.json');
      expect(others.every((n) => /^\.mcp\.json\.mcpo-\d+-[0-9a-f]{8}\.tmp$/.test(n))).toBe(true);
      strayTemps += others.length;
      // The killed writer may have died holding the lock: it must not block the next run.
      await expect(
        withFileLock(path.join(stateDir, 'locks'), config, async () => 'ok', { waitMs: 0 }),
      ).resolves.toBe('ok');
    }
    expect(writes).toBeGreaterThan(0);
    console.info(
      `crash-safety: ${TRIALS} kills, ${writes} completed writes, ${strayTemps} stray temp files`,
    );
  }, 120_000);
});
