import { describe, test, expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, MCPO_CLI } from './helpers/tmp-home.js';

/** On a terminal (a real pseudo-terminal, from util-linux `script`), apply asks before writing. */
function applyOnTty(
  answer: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number | null; out: string }> {
  return onTty('apply', 'Apply these changes?', answer, env, cwd);
}

function onTty(
  command: string,
  question: string,
  answer: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      'script',
      ['-qec', `${process.execPath} ${MCPO_CLI} ${command}`, '/dev/null'],
      { env, cwd },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Answer once the question is on screen, as a person would.
      if (out.includes(question) && answer) {
        child.stdin.write(answer);
        answer = '';
      }
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const hasScript = existsSync('/usr/bin/script');
// .ci/run installs it (bsdutils): under CI a missing `script` is a failure, not a skip.
if (!hasScript && process.env.CI === 'true') {
  test('util-linux `script` is installed (required under CI=true)', () => {
    expect(existsSync('/usr/bin/script')).toBe(true);
  });
}
(hasScript ? describe : describe.skip)(
  'apply on a terminal (skipped where util-linux `script` is absent)',
  () => {
    test('"n" writes nothing; "y" applies', async () => {
      const h = makeTmpHome();
      try {
        const project = join(h.home, 'p');
        mkdirSync(project);
        mkdirSync(join(h.home, '.claude'));
        writeFileSync(
          join(project, 'mcp.stack.yaml'),
          'version: 1\nservers:\n  m: { command: npx, args: [-y, x] }\nclients:\n  claude-code: { servers: [m] }\n',
        );
        const no = await applyOnTty('n\r', h.env, project);
        expect(no.out).toContain('Apply cancelled; nothing was written.');
        expect(existsSync(join(h.home, '.claude.json'))).toBe(false);
        const yes = await applyOnTty('y\r', h.env, project);
        expect(yes.out).toContain('Apply complete: 1 added');
        expect(yes.code).toBe(0);
        expect(existsSync(join(h.home, '.claude.json'))).toBe(true);
      } finally {
        h.cleanup();
      }
    }, 30_000);

    test('rollback shows what it will do and asks: "n" changes nothing; "y" rolls back', async () => {
      const h = makeTmpHome();
      try {
        const project = join(h.home, 'p');
        mkdirSync(project);
        mkdirSync(join(h.home, '.claude'));
        writeFileSync(
          join(project, 'mcp.stack.yaml'),
          'version: 1\nservers:\n  m: { command: npx, args: [-y, x] }\nclients:\n  claude-code: { servers: [m] }\n',
        );
        const file = join(h.home, '.claude.json');
        writeFileSync(file, '{ "numStartups": 3 }\n');
        expect((await onTty('apply', 'Apply these changes?', 'y\r', h.env, project)).code).toBe(0);
        const applied = readFileSync(file, 'utf8');
        const no = await onTty('rollback', 'Roll back these changes?', 'n\r', h.env, project);
        expect(no.out).toContain(`${file}: restored from the backup (unchanged since that apply)`);
        expect(no.out).toContain('Rollback cancelled; nothing was changed.');
        expect(readFileSync(file, 'utf8')).toBe(applied);
        const yes = await onTty('rollback', 'Roll back these changes?', 'y\r', h.env, project);
        expect(yes.code).toBe(0);
        expect(readFileSync(file, 'utf8')).toBe('{ "numStartups": 3 }\n');
      } finally {
        h.cleanup();
      }
    }, 30_000);
  },
);
