// Issue 13 "Checks": the README's quick start as a new user walks it, on a real pseudo-terminal
// (util-linux `script`), with the package installed the way the README says (`npm pack`, then
// `npm install -g` into a prefix) and a real Secret Service (gnome-keyring on a private D-Bus).
// The home already holds Claude Code and Cursor configs. Each step answers prompts as a person
// would, once the question is on screen. No CI variable reaches the terminal (a user has none),
// so the doctor's spinner shows as it would for them.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runCommand, type TmpHome } from './helpers/tmp-home.js';
import { REPO_ROOT } from './helpers/client-clis.js';
import { ensureClientClis } from './helpers/client-clis.js';
import { MEMORY_JS, stripAnsi } from './helpers/real-client.js';
import { inKeyring, keyringUnavailableReason } from './helpers/keyring.js';

const TOKEN = 'ghp_walkthroughLEAK0123456789';
const BRAVE = 'brave-walkthroughLEAK987654321';
let h: TmpHome;
let env: NodeJS.ProcessEnv;
let project: string;

/** Runs `mcpo ARGS` on a pseudo-terminal in the keyring session; `answers` are typed in order. */
function onTty(
  args: string,
  answers: [question: string, answer: string][] = [],
): Promise<{ code: number | null; out: string }> {
  const [file, ...rest] = inKeyring(['script', '-qec', `mcpo ${args}`, '/dev/null']);
  return new Promise((resolve) => {
    const child = spawn(file!, rest, { env, cwd: project });
    let out = '';
    const pending = [...answers];
    const done: string[] = [];
    const answered = (q: string) => done.filter((d) => d === q).length;
    const feed = (d: Buffer) => {
      out += d.toString();
      // Each answer once its question is on screen (a question asked twice is answered once each).
      while (
        pending.length &&
        stripAnsi(out).split(pending[0]![0]).length - 1 > answered(pending[0]![0])
      ) {
        const [q, a] = pending.shift()!;
        done.push(q);
        child.stdin.write(a);
      }
    };
    child.stdout.on('data', feed);
    child.stderr.on('data', feed);
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const skip =
  keyringUnavailableReason() ??
  (existsSync('/usr/bin/script') ? undefined : 'util-linux `script` is not installed');
// .ci/run installs everything this needs: under CI a missing tool is a failure, not a skip.
const suite = skip && !process.env.CI ? describe.skip : describe;

suite('the quick start on a terminal, as a new user', () => {
  beforeAll(() => {
    if (skip) throw new Error(`cannot run the walkthrough: ${skip}`);
    ensureClientClis(); // server-memory, started offline by the configs below
    h = makeTmpHome('mcpo-walk-');
    const npm = (args: string[]) =>
      runCommand('npm', args, {
        env: { ...h.env, npm_config_cache: join(REPO_ROOT, '.cache', 'npm') },
        cwd: h.home,
        timeoutMs: 300_000,
      });
    const pack = npm(['pack', '--json', '--pack-destination', h.home, REPO_ROOT]);
    if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
    const tarball = join(h.home, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
    const prefix = join(h.home, 'prefix');
    const install = npm([
      'install',
      '-g',
      tarball,
      '--prefix',
      prefix,
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
    ]);
    if (install.code !== 0) throw new Error(`npm install -g failed:\n${install.stderr}`);
    env = { ...h.env, PATH: `${join(prefix, 'bin')}:${h.env.PATH}`, TERM: 'xterm-256color' };
    delete env.CI;
    // What the user has today: Claude Code with a token pasted in plain text, and Cursor.
    const memory = { command: process.execPath, args: [MEMORY_JS] };
    writeFileSync(
      join(h.home, '.claude.json'),
      JSON.stringify(
        {
          numStartups: 4,
          mcpServers: { memory, notes: { ...memory, env: { GITHUB_TOKEN: TOKEN } } },
        },
        null,
        2,
      ),
    );
    mkdirSync(join(h.home, '.cursor'));
    writeFileSync(
      join(h.home, '.cursor', 'mcp.json'),
      JSON.stringify({ mcpServers: { memory } }, null, 2),
    );
    project = join(h.home, 'team');
    mkdirSync(project);
  }, 320_000);
  afterAll(() => h?.cleanup());

  const claude = () =>
    JSON.parse(readFileSync(join(h.home, '.claude.json'), 'utf8')) as {
      numStartups: number;
      mcpServers: Record<string, { env?: Record<string, string> }>;
    };
  const seen: string[] = [];
  const step = async (args: string, answers: [string, string][] = []) => {
    const r = await onTty(args, answers);
    seen.push(r.out);
    return { ...r, text: stripAnsi(r.out) };
  };

  test('import: the token moves to the keychain; the stack holds a reference', async () => {
    const r = await step('import');
    expect(r.code).toBe(0);
    expect(r.text).toContain('Moved 1 secret into the keychain');
    const stack = readFileSync(join(project, 'mcp.stack.yaml'), 'utf8');
    expect(stack).toContain('${secret:');
    expect(stack).not.toContain(TOKEN);
  }, 120_000);

  test('plan right after import changes nothing', async () => {
    const r = await step('plan');
    expect([r.code, r.text]).toEqual([0, expect.stringContaining('No changes.')]);
  }, 60_000);

  test('add a server with a new secret; apply asks for it (hidden), then asks to apply', async () => {
    expect(
      (
        await step(
          `add brave --target claude-code --env 'BRAVE_API_KEY=\${secret:brave-key}' -- ${process.execPath} ${MEMORY_JS}`,
        )
      ).code,
    ).toBe(0);
    const r = await step('apply', [
      ['Value for secret brave-key', `${BRAVE}\r`],
      ['Again, to confirm brave-key', `${BRAVE}\r`],
      ['Apply these changes?', 'y\r'],
    ]);
    expect(r.code).toBe(0);
    expect(r.text).toContain('Apply complete');
    expect(claude().mcpServers.brave?.env?.BRAVE_API_KEY).toBe(BRAVE);
    expect(claude().numStartups).toBe(4);
  }, 120_000);

  test('use shows the active stacks; doctor shows a spinner while it works, then every server ok', async () => {
    const use = await step('use');
    expect(use.code).toBe(0);
    expect(use.text).toMatch(/claude-code\s+all/);
    const r = await step('doctor');
    expect(r.out).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] checking /);
    expect(r.text).toMatch(/ok\s+brave\s+/);
    expect(r.text).toMatch(/ok\s+memory\s+/);
    expect(r.code).toBe(0);
  }, 120_000);

  test('rollback puts Claude Code back as the import found it', async () => {
    const r = await step('rollback', [['Roll back these changes?', 'y\r']]);
    expect(r.code).toBe(0);
    expect(Object.keys(claude().mcpServers).sort()).toEqual(['memory', 'notes']);
    expect(claude().mcpServers.notes?.env?.GITHUB_TOKEN).toBe(TOKEN);
  }, 60_000);

  test('no secret value appeared on the terminal at any step', () => {
    expect(seen.length).toBe(7);
    for (const out of seen) for (const v of [TOKEN, BRAVE]) expect(out).not.toContain(v);
  });
});
