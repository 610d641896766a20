import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/**
 * Class 5 of issue 11: another program rewrites ~/.claude.json every 20 ms (as Claude Code
 * does) while `mcpo apply -y` runs 60 times with a changing stack. mcpo judges staleness on the
 * entries it changes, and re-applies its edits to the file as it is when it writes, so: none of
 * the writer's updates is lost, and every apply's entries are there afterwards (or the apply
 * failed with a clear sentence, never silently).
 */
const APPLIES = 60;
const writer = join(
  dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'concurrent',
  'claude-writer.mjs',
);

function stack(i: number): string {
  const names = [`a${i % 3}`, `b${i % 5}`, 'c'];
  const servers = names
    .map((n) => `  ${n}: { command: npx, args: [-y, "pkg-${n}", "v${i}"] }`)
    .join('\n');
  return `version: 1\nservers:\n${servers}\nclients:\n  claude-code: { scope: user, servers: [${names.join(', ')}] }\n`;
}

describe('apply while another program rewrites the file', () => {
  test(`${APPLIES} applies against a writer every 20 ms: 0 lost updates, every apply's entries present`, async () => {
    // On the disk, as a real home folder. mcpo exchanges its file with the client's rather than
    // renaming over it, so a write landing after its last look is seen and kept, however loaded
    // the machine (test/fs-exchange.test.ts stages exactly that case).
    const h = makeTmpHome('mcpo-home-');
    try {
      const project = join(h.home, 'proj');
      mkdirSync(project);
      mkdirSync(join(h.home, '.claude'));
      const file = join(h.home, '.claude.json');
      writeFileSync(file, JSON.stringify({ numStartups: 0, projects: {} }, null, 2));
      const stop = join(h.home, 'stop');
      const child = spawn(process.execPath, [writer, file, stop], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      let failed = 0;
      let clobbered = 0;
      for (let i = 0; i < APPLIES; i++) {
        writeFileSync(join(project, 'mcp.stack.yaml'), stack(i));
        const r = runMcpo(['apply', '-y'], { env: h.env, cwd: project });
        if (r.code !== 0) {
          // Allowed only as a clear, located refusal; never a stack trace.
          failed++;
          expect(r.stderr).toMatch(/^Error: .*\.claude\.json/m);
          expect(r.stderr).not.toMatch(/\n\s+at /);
          continue;
        }
        // Read right after the apply. The writer re-checks before its rename, but its own window
        // between that check and the rename can still clobber mcpo's write on a loaded machine
        // (the same race, the other way round): then the file holds an earlier apply's entries.
        const servers = JSON.parse(readFileSync(file, 'utf8')).mcpServers;
        const names = Object.keys(servers).sort();
        if (servers.c?.args?.[2] !== `v${i}`) {
          clobbered++;
          expect(Number(String(servers.c.args[2]).slice(1))).toBeLessThan(i);
          continue;
        }
        // Once the writer has clobbered an apply, the entries that apply had removed are back,
        // no longer in mcpo's ledger: the file's own now, left alone until a stack names them.
        const expected = [`a${i % 3}`, `b${i % 5}`, 'c'].sort();
        expect(names).toEqual(clobbered ? expect.arrayContaining(expected) : expected);
      }
      writeFileSync(stop, '');
      expect(await exited).toBe(0);
      expect(err).toBe('');
      const report = JSON.parse(out) as { writes: number; lost: number };
      expect(report.writes).toBeGreaterThan(APPLIES);
      expect(report.lost).toBe(0);
      expect(failed + clobbered).toBeLessThan(APPLIES / 10);
      // With the writer stopped, the last stack is applied and stays.
      expect(runMcpo(['apply', '-y'], { env: h.env, cwd: project }).code).toBe(0);
      const last = JSON.parse(readFileSync(file, 'utf8')).mcpServers;
      const expected = [`a${(APPLIES - 1) % 3}`, `b${(APPLIES - 1) % 5}`, 'c'].sort();
      expect(Object.keys(last).sort()).toEqual(
        clobbered ? expect.arrayContaining(expected) : expected,
      );
      console.info(
        `apply-concurrent: ${report.writes} writes, ${failed} refused, ${clobbered} clobbered`,
      );
      expect(runMcpo(['plan'], { env: h.env, cwd: project }).stdout).toContain('No changes.');
    } finally {
      h.cleanup();
    }
  }, 180_000);
});
