// `mcpo doctor --client ID`: the client's real files in a temp home (managed by mcpo or written
// by hand), each entry started as the client would start it, plus the file checks: it parses,
// a file holding secret values is private (0600), and the restart reminder after an apply.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientPackagePath } from './helpers/client-clis.js';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { installOrSkip } from './helpers/real-client.js';
import type { DoctorReport } from '../src/doctor/report.js';

const { skipReason } = installOrSkip('doctor --client');
const suite = skipReason ? describe.skip : describe;

const MEMORY = clientPackagePath('@modelcontextprotocol/server-memory', 'dist', 'index.js');
const CRASH = fileURLToPath(new URL('./fixtures/doctor/crashes.mjs', import.meta.url));
const LITERAL = 'ghp_doctorLiteral0123456789';

let h: TmpHome;
let project: string;
beforeEach(() => {
  h = makeTmpHome('mcpo-doctor-client-');
  project = join(h.home, 'p');
  mkdirSync(project);
  writeFileSync(
    join(project, 'mcp.stack.yaml'),
    `version: 1\nservers:\n  memory: { command: node, args: ["${MEMORY}"] }\nclients:\n  claude-code: { scope: project, servers: [memory] }\n`,
  );
  const claudeJson = {
    mcpServers: {
      crash: { command: 'node', args: [CRASH] },
      github: { command: 'node', args: [MEMORY], env: { GITHUB_TOKEN: LITERAL } },
    },
    projects: {
      [project]: {
        mcpServers: { 'local-memory': { type: 'stdio', command: 'node', args: [MEMORY] } },
      },
    },
  };
  writeFileSync(join(h.home, '.claude.json'), JSON.stringify(claudeJson, null, 2));
  chmodSync(join(h.home, '.claude.json'), 0o644);
  mkdirSync(join(h.home, '.cursor'));
  writeFileSync(
    join(h.home, '.cursor', 'mcp.json'),
    '{\n  "mcpServers": {\n    "x": { "command": "node",, }\n',
  );
});
afterEach(() => h.cleanup());

const doctor = (...args: string[]) =>
  runMcpo(['doctor', ...args, '--json', '--timeout', '90'], {
    env: h.env,
    cwd: project,
    timeoutMs: 180_000,
  });

suite('mcpo doctor --client', () => {
  test('checks every file and entry of the client as configured, managed or not; exit 1 on a broken file or server', () => {
    expect(runMcpo(['apply', '-y'], { env: h.env, cwd: project }).code).toBe(0);
    const r = doctor('--client', 'claude-code', '--client', 'cursor');
    expect(r.code).toBe(1);
    const rep = JSON.parse(r.stdout) as DoctorReport;
    const servers = Object.fromEntries(rep.servers.map((s) => [`${s.server} [${s.source}]`, s]));
    expect(Object.keys(servers).sort()).toEqual([
      'crash [claude-code (user)]',
      'github [claude-code (user)]',
      'local-memory [claude-code (local)]',
      'memory [claude-code (project)]',
    ]);
    expect(servers['memory [claude-code (project)]']).toMatchObject({
      ok: true,
      serverInfo: { name: 'memory-server' },
    });
    expect(servers['local-memory [claude-code (local)]']!.ok).toBe(true);
    expect(servers['github [claude-code (user)]']!.ok).toBe(true);
    expect(servers['crash [claude-code (user)]']!.failure!.kind).toBe('exited-early');

    const files = Object.fromEntries(rep.clientFiles.map((f) => [`${f.client} (${f.scope})`, f]));
    expect(files['claude-code (user)']!.warnings.join()).toContain(
      `holds secret values (github) but is readable by others (mode 0644): run \`chmod 600 ${join(h.home, '.claude.json')}\``,
    );
    expect(files['claude-code (project)']!.notes.join()).toMatch(
      /^mcpo last changed this file at \S+; unless done since: Start a new Claude Code session \(or run \/mcp to reconnect\)$/,
    );
    expect(files['claude-code (project)']!.warnings).toEqual([]);
    expect(files['cursor (user)']).toMatchObject({ ok: false, failure: { kind: 'parse-error' } });
    expect(files['cursor (user)']!.failure!.message).toContain(
      `${join(h.home, '.cursor', 'mcp.json')}:3:`,
    );
    expect(r.stdout + r.stderr).not.toContain(LITERAL);
  }, 240_000);

  test('a private file (0600) holding secret values gets no warning; without a stack file the client files are still checked', () => {
    chmodSync(join(h.home, '.claude.json'), 0o600);
    const r = runMcpo(
      [
        'doctor',
        'github',
        '--client',
        'claude-code',
        '--stack',
        join(h.home, 'none.yaml'),
        '--json',
        '--timeout',
        '90',
      ],
      { env: h.env, cwd: project, timeoutMs: 180_000 },
    );
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout) as DoctorReport;
    expect(rep.servers.map((s) => s.server)).toEqual(['github']);
    expect(rep.clientFiles.find((f) => f.scope === 'user')!.warnings).toEqual([]);
  }, 240_000);
});
