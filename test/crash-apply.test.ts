import { describe, test, expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo, MCPO_CLI } from './helpers/tmp-home.js';

/**
 * `mcpo apply` killed with SIGKILL at random moments never leaves a client file (or the state)
 * that fails to parse, and never leaves a lock that blocks the next run.
 */
const TRIALS = 50;

function stack(variant: number): string {
  const servers = Array.from(
    { length: 8 },
    (_, i) =>
      `  s${i}: { command: npx, args: [-y, "pkg-${i}-v${variant}"], env: { N: "${variant}" } }`,
  ).join('\n');
  return `version: 1\nservers:\n${servers}\nclients:\n  claude-code:\n    - { scope: user, servers: [s0, s1, s2, s3, s4, s5, s6, s7] }\n    - { scope: local, servers: [s0, s1] }\n    - { scope: project, servers: [s2, s3] }\n  cursor: { scope: user, servers: [s4, s5] }\n`;
}

function killAfter(ms: number, env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MCPO_CLI, 'apply', '--yes'], {
      env,
      cwd,
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('crash safety of apply', () => {
  test(`${TRIALS} applies killed at random moments leave only parseable files`, async () => {
    const h = makeTmpHome();
    try {
      const project = join(h.home, 'proj');
      mkdirSync(project);
      mkdirSync(join(h.home, '.claude'));
      mkdirSync(join(h.home, '.cursor'));
      // A large ~/.claude.json, as real ones are, so a write takes a moment.
      const big = {
        projects: Object.fromEntries(
          Array.from({ length: 400 }, (_, i) => [
            `/p/${i}`,
            { history: 'x'.repeat(200), allowedTools: [] },
          ]),
        ),
      };
      writeFileSync(join(h.home, '.claude.json'), JSON.stringify(big, null, 2));
      const files = [
        join(h.home, '.claude.json'),
        join(project, '.mcp.json'),
        join(h.home, '.cursor', 'mcp.json'),
        join(h.home, '.local', 'state', 'mcpo', 'state.json'),
      ];
      // Kill times are drawn from 0 to a bit past one full apply on this machine.
      writeFileSync(join(project, 'mcp.stack.yaml'), stack(-1));
      const t0 = Date.now();
      expect(runMcpo(['apply', '--yes'], { env: h.env, cwd: project }).code).toBe(0);
      const full = Date.now() - t0;
      let killedMidway = 0;
      let completed = 0;
      for (let i = 0; i < TRIALS; i++) {
        writeFileSync(join(project, 'mcp.stack.yaml'), stack(i));
        await killAfter(Math.floor(Math.random() * full * 1.3), h.env, project);
        for (const f of files)
          if (existsSync(f)) expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
        const n = JSON.parse(readFileSync(files[0]!, 'utf8')).mcpServers?.s0?.env?.N;
        if (n === String(i)) completed++;
        else killedMidway++;
      }
      // After all that, mcpo is not stuck: a normal apply succeeds and leaves nothing to do.
      const done = runMcpo(['apply', '--yes'], { env: h.env, cwd: project });
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      expect(runMcpo(['plan'], { env: h.env, cwd: project }).stdout).toContain('No changes.');
      expect(Object.keys(JSON.parse(readFileSync(files[0]!, 'utf8')).projects)).toHaveLength(401);
      // Every apply, killed or not, left a record that matches the disk: each rollback of the
      // kept history undoes its apply without a conflict, and leaves parseable files.
      for (let rolled = 0; ; rolled++) {
        const r = runMcpo(['rollback', '--yes'], { env: h.env, cwd: project });
        if (r.stderr.includes('There is no apply of')) {
          expect(rolled).toBeGreaterThan(0);
          break;
        }
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        for (const f of files)
          if (existsSync(f)) expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
      }
      // Back to the first apply, the project's own key (local scope) may be gone again; the rest stays.
      const projects = JSON.parse(readFileSync(files[0]!, 'utf8')).projects;
      for (const key of Object.keys(big.projects)) expect(projects[key]).toEqual(big.projects[key]);
      // The kills really landed at different moments: some before the write, some after.
      expect(killedMidway).toBeGreaterThan(0);
      expect(completed).toBeGreaterThan(0);
    } finally {
      h.cleanup();
    }
  }, 120_000);
});
