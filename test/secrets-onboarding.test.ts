// Onboarding through a real pseudo-terminal (util-linux `script`) inside a private keyring session,
// refusal to write secrets into git-exposed files, and a grep of every output for secret values.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, MCPO_CLI, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { inKeyring, keyringUnavailableReason, runMcpoInKeyring } from './helpers/keyring.js';

const reason =
  keyringUnavailableReason() ??
  (existsSync('/usr/bin/script') ? undefined : 'util-linux `script` is not installed');
const STACK = `version: 1
servers:
  gh:
    command: npx
    args: [-y, server-gh]
    env: { TOKEN: "\${secret:github-token}", KEY: "\${secret:api-key}" }
clients:
  claude-code: { servers: [gh] }
  cursor: { scope: user, servers: [gh] }
`;

/** Runs a command on a pseudo-terminal, typing each answer once its prompt appears (in order). */
function onTty(
  argv: string[],
  answers: [string, string][],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qec', quoted, '/dev/null'], { env, cwd });
    let out = '';
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const next = answers[0];
      if (!next) return;
      const at = out.indexOf(next[0], seen);
      if (at >= 0) {
        seen = at + next[0].length;
        answers.shift();
        child.stdin.write(next[1]);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

if (reason && process.env.CI === 'true') {
  test('a real Secret Service and a pseudo-terminal are available (required under CI=true)', () => {
    throw new Error(`onboarding tests cannot run: ${reason}`);
  });
}

(reason ? describe.skip : describe)(
  `secrets end to end${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    let h: TmpHome;
    let project: string;
    beforeEach(() => {
      h = makeTmpHome();
      project = join(h.home, 'p');
      mkdirSync(project);
      mkdirSync(join(h.home, '.claude'));
      mkdirSync(join(h.home, '.cursor'));
      writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
    });
    afterEach(() => h.cleanup());

    test('onboarding: apply on a terminal asks for each missing secret, stores it, writes 0600 files; plan is then empty', async () => {
      const r = await onTty(
        inKeyring([process.execPath, MCPO_CLI, 'apply']),
        [
          ['Value for secret api-key', 'tty-key-111\r'],
          ['Again, to confirm api-key', 'tty-key-111\r'],
          ['Value for secret github-token', 'tty-gh-222\r'],
          ['Again, to confirm github-token', 'tty-gh-222\r'],
          ['Apply these changes?', 'y\r'],
        ],
        h.env,
        project,
      );
      expect(r.out).toContain('Apply complete: 2 added');
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(/tty-key-111|tty-gh-222/);
      for (const file of [join(h.home, '.claude.json'), join(h.home, '.cursor', 'mcp.json')]) {
        expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers.gh.env).toEqual({
          TOKEN: 'tty-gh-222',
          KEY: 'tty-key-111',
        });
        expect(statSync(file).mode & 0o777).toBe(0o600);
      }
      const again = runMcpoInKeyring(['plan'], { env: h.env, cwd: project });
      expect(again.stdout).toContain('No changes.');
      expect(runMcpoInKeyring(['secret', 'list'], { env: h.env, cwd: project }).stdout).toMatch(
        /api-key\s+present\s+keychain/,
      );
    }, 60_000);

    test('onboarding answered "n": the typed secrets are not stored, and the output says so', async () => {
      const r = await onTty(
        inKeyring([process.execPath, MCPO_CLI, 'apply']),
        [
          ['Value for secret api-key', 'tty-key-333\r'],
          ['Again, to confirm api-key', 'tty-key-333\r'],
          ['Value for secret github-token', 'tty-gh-444\r'],
          ['Again, to confirm github-token', 'tty-gh-444\r'],
          ['Apply these changes?', 'n\r'],
        ],
        h.env,
        project,
      );
      expect(r.code).toBe(1);
      expect(r.out).toContain(
        'Apply cancelled; nothing was written, and the secrets you typed were not stored.',
      );
      expect(r.out).not.toContain('Stored ');
      expect(existsSync(join(h.home, '.claude.json'))).toBe(false);
      const list = runMcpoInKeyring(['secret', 'list'], { env: h.env, cwd: project });
      expect(list.stdout).toMatch(/api-key\s+missing/);
      expect(list.stdout).toMatch(/github-token\s+missing/);
    }, 60_000);

    test('secret set of an existing secret on a terminal asks first: "n" keeps it, "y" replaces it', async () => {
      expect(
        runMcpoInKeyring(['secret', 'set', 'api-key'], {
          env: h.env,
          cwd: project,
          input: 'first-value\n',
        }).code,
      ).toBe(0);
      const no = await onTty(
        inKeyring([process.execPath, MCPO_CLI, 'secret', 'set', 'api-key']),
        [['Replace it?', 'n\r']],
        h.env,
        project,
      );
      expect(no.code).toBe(1);
      expect(no.out).toContain('api-key is already in the keychain. Replace it?');
      expect(no.out).toContain('Kept the stored api-key; nothing changed.');
      const yes = await onTty(
        inKeyring([process.execPath, MCPO_CLI, 'secret', 'set', 'api-key']),
        [
          ['Replace it?', 'y\r'],
          ['Value for secret api-key', 'second-value\r'],
        ],
        h.env,
        project,
      );
      expect(yes.code).toBe(0);
      expect(yes.out).toContain('Stored api-key in the keychain.');
      // The value apply writes tells which one the keychain holds.
      writeFileSync(
        join(project, 'mcp.stack.yaml'),
        STACK.replace('"${secret:github-token}"', 'plain'),
      );
      expect(runMcpoInKeyring(['apply', '--yes'], { env: h.env, cwd: project }).code).toBe(0);
      expect(
        JSON.parse(readFileSync(join(h.home, '.claude.json'), 'utf8')).mcpServers.gh.env.KEY,
      ).toBe('second-value');
    }, 60_000);

    test('refusal: a secret value is never written into a git-tracked or unignored project file', () => {
      const git = (...args: string[]) =>
        spawnSync('git', args, {
          cwd: project,
          env: {
            ...h.env,
            GIT_AUTHOR_NAME: 't',
            GIT_AUTHOR_EMAIL: 't@t',
            GIT_COMMITTER_NAME: 't',
            GIT_COMMITTER_EMAIL: 't@t',
          },
        });
      writeFileSync(
        join(project, 'mcp.stack.yaml'),
        STACK.replace(
          /clients:[\s\S]*/,
          'clients:\n  cursor: { scope: project, servers: [gh], secrets: inline }\n',
        ),
      );
      git('init', '-q');
      const env = {
        ...h.env,
        MCPO_SECRET_GITHUB_TOKEN: 'refused-gh',
        MCPO_SECRET_API_KEY: 'refused-key',
      };
      const cursor = join(project, '.cursor', 'mcp.json');
      // Not yet existing and not ignored: refused.
      const unignored = runMcpo(['apply', '--yes'], { env, cwd: project });
      expect(unignored.code).toBe(1);
      expect(unignored.stderr).toContain(
        `Refusing to write a secret value into ${cursor}: it is inside a git work tree and not ignored.`,
      );
      expect(unignored.stderr).toMatch(
        /Fix: set `secrets: env` or `secrets: launcher` on the cursor \(project\) target, or add it to \.gitignore/,
      );
      expect(existsSync(cursor)).toBe(false);
      // Tracked: refused, the file is untouched, plan shows the error too.
      mkdirSync(join(project, '.cursor'));
      writeFileSync(cursor, '{ "mcpServers": {} }\n');
      git('add', '.cursor/mcp.json');
      git('commit', '-qm', 'cursor config');
      const plan = runMcpo(['plan'], { env, cwd: project });
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain(
        `Refusing to write a secret value into ${cursor}: git tracks it.`,
      );
      expect(runMcpo(['apply', '--yes'], { env, cwd: project }).code).toBe(1);
      expect(readFileSync(cursor, 'utf8')).toBe('{ "mcpServers": {} }\n');
      // Untracked and ignored: written.
      git('rm', '-q', '--cached', '.cursor/mcp.json');
      writeFileSync(join(project, '.gitignore'), '.cursor/\n');
      expect(runMcpo(['apply', '--yes'], { env, cwd: project }).code).toBe(0);
      expect(readFileSync(cursor, 'utf8')).toContain('refused-gh');
    }, 30_000);

    test('no output, saved plan or state file of a full scenario contains a secret value', () => {
      const values = ['grep-keychain-value-9f8e', 'grep-env-value-7a6b'];
      const env = { ...h.env, MCPO_SECRET_API_KEY: values[1] };
      const run = (args: string[], input?: string, e: NodeJS.ProcessEnv = env) =>
        runMcpoInKeyring(args, { env: e, cwd: project, ...(input ? { input } : {}) });
      const outputs = [
        run(['secret', 'set', 'github-token'], values[0] + '\n'),
        run(['plan']),
        run(['plan', '--json']),
        run(['plan', '--diff']),
        run(['plan', '--out', join(h.home, 'saved.plan')]),
        run(['apply', join(h.home, 'saved.plan')]),
        run(['secret', 'list']),
      ];
      // Change the values: plan shows (sensitive, changed), diff masks both sides.
      const changed = { ...env, MCPO_SECRET_API_KEY: 'grep-env-value-NEW' };
      values.push('grep-env-value-NEW');
      outputs.push(
        run(['plan'], undefined, changed),
        run(['plan', '--diff'], undefined, changed),
        run(['plan', '--json'], undefined, changed),
      );
      outputs.push(
        run(['apply', '--yes'], undefined, {
          ...changed,
          MCPO_SECRET_GITHUB_TOKEN: values[0] + '-x',
        }),
      );
      values.push(values[0] + '-x');
      // An error case: a broken client file.
      writeFileSync(join(h.home, '.cursor', 'mcp.json'), '{ broken');
      outputs.push(run(['apply', '--yes']), run(['plan', '--diff']));
      expect(outputs[5]!.code).toBe(0);
      expect(outputs[7]!.stdout).toContain('(sensitive, changed)');
      const texts = outputs.flatMap((o) => [o.stdout, o.stderr]);
      texts.push(readFileSync(join(h.home, 'saved.plan'), 'utf8'));
      const stateDir = join(h.home, '.local', 'state', 'mcpo');
      for (const f of readdirSync(stateDir))
        if (statSync(join(stateDir, f)).isFile())
          texts.push(readFileSync(join(stateDir, f), 'utf8'));
      for (const v of values) for (const t of texts) expect(t).not.toContain(v);
      // The scenario did write the values (so the grep is meaningful).
      expect(readFileSync(join(h.home, '.claude.json'), 'utf8')).toContain(values[3]);
    }, 60_000);
  },
);
