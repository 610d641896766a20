import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  existsSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';

/** End-to-end: the built CLI in a temporary home, real files only. */
let home: ReturnType<typeof makeTmpHome>;
let project: string;
const stackFile = () => join(project, 'mcp.stack.yaml');
const claudeJson = () => join(home.home, '.claude.json');
const mcpo = (...args: string[]) => runMcpo(args, { env: home.env, cwd: project });

const STACK = `version: 1
servers:
  memory:
    command: npx
    args: [-y, "@modelcontextprotocol/server-memory"]
  fs:
    command: npx
    args: [-y, "@modelcontextprotocol/server-filesystem", "~/projects"]
    env: { LOG_LEVEL: info }
stacks:
  dev: { servers: [memory, fs] }
clients:
  claude-code: { scope: user, stacks: [dev] }
  cursor: { scope: project, servers: [memory] }
`;

const EXISTING = `{
    "numStartups": 12,
    "theme": "dark",
    "mcpServers": {
        "handmade": { "command": "my-server", "args": ["--x"] }
    },
    "projects": { "/somewhere": { "hasTrustDialogAccepted": true } }
}
`;

beforeEach(() => {
  home = makeTmpHome();
  project = join(home.home, 'proj');
  mkdirSync(project);
  mkdirSync(join(home.home, '.claude'));
  writeFileSync(claudeJson(), EXISTING);
  writeFileSync(stackFile(), STACK);
});
afterEach(() => home.cleanup());

describe('plan and apply', () => {
  test('apply writes both clients, keeps unmanaged content, and a re-plan says No changes.', () => {
    const p = mcpo('plan');
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('Plan: 3 to add, 0 to change, 0 to remove.');
    const a = mcpo('apply', '--yes');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/Apply complete: 3 added/);
    expect(a.stdout).toMatch(/Restart to pick up the changes/);
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    expect(cj.mcpServers.handmade).toEqual({ command: 'my-server', args: ['--x'] });
    expect(cj.numStartups).toBe(12);
    expect(cj.mcpServers.fs.args[2]).toBe(join(home.home, 'projects'));
    expect(readFileSync(claudeJson(), 'utf8')).toMatch(/^ {4}"numStartups": 12,$/m); // 4-space indent kept
    const cursor = JSON.parse(readFileSync(join(project, '.cursor', 'mcp.json'), 'utf8'));
    expect(Object.keys(cursor.mcpServers)).toEqual(['memory']);
    const again = mcpo('plan', '--detailed-exitcode');
    expect(again.stdout).toContain('No changes.');
    expect(again.code).toBe(0);
  });

  test('--detailed-exitcode is 2 when there are changes; --json has the documented shape', () => {
    expect(mcpo('plan', '--detailed-exitcode').code).toBe(2);
    const j = JSON.parse(mcpo('plan', '--json').stdout);
    expect(j.format_version).toBe(1);
    expect(j.summary).toEqual({ add: 3, change: 0, remove: 0 });
    expect(j.targets.map((t: { client: string }) => t.client)).toEqual(['claude-code', 'cursor']);
  });

  test('editing the stack updates; removing a server deletes only it', () => {
    mcpo('apply', '--yes');
    writeFileSync(
      stackFile(),
      STACK.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug').replace(
        'servers: [memory, fs]',
        'servers: [fs]',
      ),
    );
    const p = mcpo('plan');
    expect(p.stdout).toContain('~ env.LOG_LEVEL: "info" -> "debug"');
    expect(p.stdout).toMatch(/- memory/);
    expect(p.stdout).toContain('Plan: 0 to add, 1 to change, 1 to remove.');
    expect(mcpo('apply', '--yes').code).toBe(0);
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    expect(Object.keys(cj.mcpServers).sort()).toEqual(['fs', 'handmade']);
    expect(mcpo('plan').stdout).toContain('No changes.');
  });

  test('a hand edit of a managed entry is drift, and apply restores it', () => {
    mcpo('apply', '--yes');
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    cj.mcpServers.memory.args.push('--oops');
    writeFileSync(claudeJson(), JSON.stringify(cj, null, 4) + '\n');
    const p = mcpo('plan');
    expect(p.stdout).toContain('changed outside mcpo');
    mcpo('apply', '--yes');
    expect(JSON.parse(readFileSync(claudeJson(), 'utf8')).mcpServers.memory.args).not.toContain(
      '--oops',
    );
  });

  test('without a TTY and without --yes, apply refuses and writes nothing', () => {
    const before = readFileSync(claudeJson(), 'utf8');
    const a = mcpo('apply');
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/mcpo apply --yes/);
    expect(readFileSync(claudeJson(), 'utf8')).toBe(before);
  });

  test('a saved plan applies exactly; refused when an entry it changes or the stack changed, not for other edits', () => {
    const out = join(project, 'p.plan');
    expect(mcpo('plan', '--out', out).code).toBe(0);
    // Another program added an entry the plan creates: applying would overwrite it.
    writeFileSync(
      claudeJson(),
      EXISTING.replace('"handmade"', '"memory": { "command": "theirs" },\n        "handmade"'),
    );
    const stale = mcpo('apply', out);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(
      `The entry "memory" in mcpServers of ${claudeJson()} was added by another program`,
    );
    expect(stale.stderr).toContain('nothing was written');
    expect(existsSync(join(project, '.cursor', 'mcp.json'))).toBe(false);
    writeFileSync(claudeJson(), EXISTING);
    mcpo('plan', '--out', out);
    writeFileSync(stackFile(), STACK + '\n# edited\n');
    const stale2 = mcpo('apply', out);
    expect(stale2.code).toBe(1);
    expect(stale2.stderr).toContain(stackFile());
    mcpo('plan', '--out', out);
    // The client rewrote the rest of its file (as Claude Code does constantly): the plan still holds.
    writeFileSync(claudeJson(), EXISTING.replace('"numStartups": 12', '"numStartups": 13'));
    const ok = mcpo('apply', out);
    expect(ok.code).toBe(0);
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    expect(cj.mcpServers.memory).toBeDefined();
    expect(cj.numStartups).toBe(13);
  });

  test("rollback undoes the last apply's entries and keeps what other programs wrote since", () => {
    mcpo('apply', '--yes');
    writeFileSync(stackFile(), STACK.replace('servers: [memory, fs]', 'servers: [fs]'));
    mcpo('apply', '--yes');
    const afterSecond = readFileSync(claudeJson(), 'utf8');
    writeFileSync(claudeJson(), afterSecond.replace('"numStartups": 12', '"numStartups": 99'));
    const refused = mcpo('rollback');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`${claudeJson()}: put back memory`);
    expect(refused.stderr).toContain('mcpo rollback --yes');
    const r = mcpo('rollback', '--yes');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    expect(cj.mcpServers.memory).toBeDefined();
    expect(cj.numStartups).toBe(99);
    expect(mcpo('plan').stdout).toContain('Plan: 0 to add, 0 to change, 1 to remove.');
  });

  test('rollback refuses an entry changed by hand since; --force puts it back and nothing else', () => {
    mcpo('apply', '--yes');
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    cj.mcpServers.memory.args = ['mine'];
    cj.numStartups = 50;
    writeFileSync(claudeJson(), JSON.stringify(cj, null, 4) + '\n');
    const refused = mcpo('rollback', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `The entry "memory" in ${claudeJson()} changed since that apply`,
    );
    expect(readFileSync(claudeJson(), 'utf8')).toBe(JSON.stringify(cj, null, 4) + '\n');
    expect(mcpo('rollback', '--yes', '--force').code).toBe(0);
    const after = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    expect(Object.keys(after.mcpServers)).toEqual(['handmade']);
    expect(after.numStartups).toBe(50);
    // The cursor file was created by that apply and nothing else wrote to it: removed.
    expect(existsSync(join(project, '.cursor', 'mcp.json'))).toBe(false);
  });

  test('a client that is not installed is skipped for user scope unless --force', () => {
    writeFileSync(stackFile(), STACK + '  claude-desktop: { servers: [memory] }\n');
    const p = mcpo('plan');
    expect(p.stdout).toContain(
      'Skipped (client not installed here): claude-desktop (user). Use --force',
    );
    expect(p.stdout.match(/claude-desktop/g)).toHaveLength(1); // said once, on one line
    expect(mcpo('plan', '--force').stdout).toMatch(/claude-desktop \(user\)/);
  });

  test('the state file records ownership without secret values and is private', () => {
    writeFileSync(stackFile(), STACK.replace('LOG_LEVEL: info', 'TOKEN: "${secret:tok}"'));
    const env = { ...home.env, MCPO_SECRET_TOK: 'sk-live-abcdef123456' };
    const a = runMcpo(['apply', '--yes'], { env, cwd: project });
    expect(a.code).toBe(0);
    expect(a.stdout + a.stderr).not.toContain('sk-live-abcdef123456');
    const stateDir = join(home.home, '.local', 'state', 'mcpo');
    const stateText = readFileSync(
      join(home.env.XDG_STATE_HOME ?? stateDir, 'mcpo', 'state.json'),
      'utf8',
    );
    expect(stateText).not.toContain('sk-live-abcdef123456');
    expect(statSync(claudeJson()).mode & 0o777).toBe(0o600);
    const plan = runMcpo(['plan', '--diff'], { env, cwd: project });
    expect(plan.stdout).not.toContain('sk-live-abcdef123456');
  });
});

describe('apply is all or nothing, or says what it did', () => {
  test('a target that cannot be written stops apply before any file is written', () => {
    // `.cursor` is a file: the cursor project target can never be written.
    writeFileSync(join(project, '.cursor'), 'not a folder');
    const before = readFileSync(claudeJson(), 'utf8');
    const a = mcpo('apply', '--yes');
    expect(a.code).toBe(1);
    expect(a.stderr).toContain(
      `Cannot write ${join(project, '.cursor', 'mcp.json')}: a part of its path is a file, not a folder; nothing was written.`,
    );
    expect(readFileSync(claudeJson(), 'utf8')).toBe(before);
    expect(mcpo('rollback', '--yes').stderr).toContain('There is no apply of');
  });

  test('a Goose `extensions:` key with no value is planned and written', () => {
    const goose = join(home.home, 'goose.yaml');
    writeFileSync(goose, 'GOOSE_PROVIDER: openai\nextensions: # none yet\nGOOSE_MODEL: gpt-4o\n');
    writeFileSync(
      stackFile(),
      STACK.replace(
        /clients:[\s\S]*/,
        `clients:\n  goose: { path: ${goose}, servers: [memory] }\n`,
      ),
    );
    expect(mcpo('plan').stdout).toContain('Plan: 1 to add');
    expect(mcpo('apply', '--yes').code).toBe(0);
    const text = readFileSync(goose, 'utf8');
    expect(text).toMatch(/^GOOSE_PROVIDER: openai\nextensions: # none yet\n {2}memory:\n/);
    expect(text.endsWith('GOOSE_MODEL: gpt-4o\n')).toBe(true);
    expect(mcpo('plan').stdout).toContain('No changes.');
  });

  test('a Codex `mcp_servers = { ... }` inline table is a plan error at its line, with the fix', () => {
    const codex = join(home.home, 'config.toml');
    const text = 'model = "o3"\n\nmcp_servers = { old = { command = "x" } }\n';
    writeFileSync(codex, text);
    writeFileSync(
      stackFile(),
      STACK.replace(
        /clients:[\s\S]*/,
        `clients:\n  codex: { path: ${codex}, servers: [memory] }\n`,
      ),
    );
    for (const cmd of [['plan'], ['apply', '--yes']]) {
      const r = mcpo(...cmd);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${codex}:3:1: mcp_servers is an inline table`);
      expect(r.stderr).toContain('[mcp_servers.<name>]');
    }
    expect(readFileSync(codex, 'utf8')).toBe(text);
  });
});

describe('rollback is scoped, shown, and restores modes', () => {
  test("rollback in one project undoes that project's last apply, not another project's later one", () => {
    const other = join(home.home, 'other');
    mkdirSync(other);
    writeFileSync(
      join(other, 'mcp.stack.yaml'),
      'version: 1\nservers:\n  notes: { command: notes-server }\nclients:\n  claude-code: { scope: user, servers: [notes] }\n',
    );
    expect(mcpo('apply', '--yes').code).toBe(0);
    expect(runMcpo(['apply', '--yes'], { env: home.env, cwd: other }).code).toBe(0);
    const r = mcpo('rollback', '--yes');
    expect(r.code).toBe(0);
    const cj = JSON.parse(readFileSync(claudeJson(), 'utf8'));
    expect(Object.keys(cj.mcpServers).sort()).toEqual(['handmade', 'notes']);
    expect(runMcpo(['plan'], { env: home.env, cwd: other }).stdout).toContain('No changes.');
  });

  test('rollback puts back the mode the file had before the apply', () => {
    chmodSync(claudeJson(), 0o644);
    writeFileSync(stackFile(), STACK.replace('LOG_LEVEL: info', 'TOKEN: "${secret:tok}"'));
    const env = { ...home.env, MCPO_SECRET_TOK: 'sk-live-abcdef123456' };
    expect(runMcpo(['apply', '--yes'], { env, cwd: project }).code).toBe(0);
    expect(statSync(claudeJson()).mode & 0o777).toBe(0o600);
    expect(runMcpo(['rollback', '--yes'], { env, cwd: project }).code).toBe(0);
    expect(statSync(claudeJson()).mode & 0o777).toBe(0o644);
    expect(readFileSync(claudeJson(), 'utf8')).toBe(EXISTING);
  });
});

describe('backups', () => {
  const backups = () => join(home.env.XDG_STATE_HOME!, 'mcpo', 'backups');

  test('a backup folder without a record (a killed apply) is removed by the next apply; others are left alone', () => {
    expect(mcpo('apply', '--yes').code).toBe(0);
    const kept = readdirSync(backups());
    const orphan = join(backups(), '20250101T000000Z-0badc0de');
    mkdirSync(orphan);
    writeFileSync(join(orphan, '0-.claude.json'), 'secret-holding copy');
    const notOurs = join(backups(), 'my-notes');
    mkdirSync(notOurs);
    writeFileSync(stackFile(), STACK.replace('LOG_LEVEL: info', 'LOG_LEVEL: debug'));
    expect(mcpo('apply', '--yes').code).toBe(0);
    const now = readdirSync(backups());
    expect(now).not.toContain('20250101T000000Z-0badc0de');
    expect(now).toContain('my-notes');
    for (const id of kept) expect(now).toContain(id);
  });
});
