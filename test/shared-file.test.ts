// Files read by several clients (issue 12, section 2): `<project>/.mcp.json` is read by Claude
// Code and Copilot CLI (Copilot ignores `.github/mcp.json` once `.mcp.json` exists). The targets
// of one stack on one file are one edit, and the entry written is read as the server by every
// target client: checked over random stacks with fast-check, on real files in a temp folder.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlan } from '../src/plan/build.js';
import { loadTargets } from '../src/plan/load-targets.js';
import { summarize } from '../src/plan/summary.js';
import { applyPlan } from '../src/apply/apply.js';
import { rollbackLastApply } from '../src/apply/rollback.js';
import { StateStore } from '../src/state/store.js';
import { clients, getClient } from './helpers/clients.js';
import { renderPlanJson } from '../src/render/plan-json.js';
import { renderPlanText } from '../src/render/plan-text.js';
import { stateKey } from '../src/state/contract.js';
import { buildStatus } from '../src/status/matrix.js';
import type { PathContext, Plan, ServerSpec, Stack, TargetDef } from '../src/types.js';
import { stackOf } from './helpers/builders.js';

const plain = {
  bold: (s: string) => s,
  dim: (s: string) => s,
  red: (s: string) => s,
  green: (s: string) => s,
  yellow: (s: string) => s,
} as never;

function ctxFor(home: string, projectDir: string): PathContext {
  return {
    platform: 'linux',
    env: {},
    home,
    projectDir,
    exists: existsSync,
    readdir: (p) => (existsSync(p) ? readdirSync(p) : []),
  };
}

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const text = fc.string({ maxLength: 10 });
const envMap = fc.dictionary(fc.stringMatching(/^[A-Z_]{1,6}$/), text, { maxKeys: 2 });
const stdioServer = (n: string) =>
  fc
    .record({
      command: fc.stringMatching(/^[a-z/]{1,10}$/),
      args: fc.array(text, { maxLength: 3 }),
      env: envMap,
    })
    .map(
      (r): ServerSpec => ({
        name: n,
        transport: 'stdio',
        command: r.command,
        ...(r.args.length ? { args: r.args } : {}),
        ...(Object.keys(r.env).length ? { env: r.env } : {}),
      }),
    );
const remoteServer = (n: string) =>
  fc
    .record({
      transport: fc.constantFrom('http' as const, 'sse' as const),
      port: fc.integer({ min: 1, max: 65535 }),
      headers: envMap,
    })
    .map(
      (r): ServerSpec => ({
        name: n,
        transport: r.transport,
        url: `http://127.0.0.1:${r.port}/mcp`,
        ...(Object.keys(r.headers).length ? { headers: r.headers } : {}),
      }),
    );
/** A server one of the clients cannot share: a tool allow list only Copilot has. */
const toolsServer = (n: string) =>
  stdioServer(n).map((s): ServerSpec => ({ ...s, tools: { allow: ['one'] } }));
const serverList = fc
  .uniqueArray(word, { minLength: 1, maxLength: 5 })
  .chain((ns) =>
    fc.tuple(
      ...ns.map((n) =>
        fc.oneof(
          { weight: 4, arbitrary: stdioServer(n) },
          { weight: 3, arbitrary: remoteServer(n) },
          { weight: 1, arbitrary: toolsServer(n) },
        ),
      ),
    ),
  );

/** Targets on the project's `.mcp.json`: Claude Code, Copilot CLI, and Cursor pointed at it by `path:`. */
const CLIENTS = ['claude-code', 'copilot-cli', 'cursor'] as const;
const targetsArb = fc
  .subarray([...CLIENTS], { minLength: 2 })
  .chain((ids) =>
    fc.tuple(
      fc.shuffledSubarray(ids, { minLength: ids.length }),
      fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
    ),
  );

interface Scene {
  dir: string;
  home: string;
  project: string;
  store: StateStore;
  ctx: PathContext;
}

function scene(): Scene {
  const dir = mkdtempSync(join(tmpdir(), 'mcpo-shared-'));
  const home = join(dir, 'home');
  const project = join(dir, 'proj');
  mkdirSync(home, { recursive: true });
  mkdirSync(project, { recursive: true });
  return {
    dir,
    home,
    project,
    store: new StateStore(join(dir, 'state')),
    ctx: ctxFor(home, project),
  };
}

function planOf(s: Scene, stack: Stack): Plan {
  const state = s.store.load();
  const targets = loadTargets(stack, state, s.ctx, getClient, [], clients);
  return buildPlan({
    stack,
    targets,
    state,
    fingerprint: s.store.fingerprinter(),
    secrets: () => undefined,
    force: true,
    now: 'now',
  });
}

async function apply(s: Scene, plan: Plan): Promise<void> {
  await applyPlan(plan, {
    store: s.store,
    stateDir: s.store.dir,
    secrets: () => undefined,
    getClient: (id) => getClient(id)!,
    applyId: `a${Math.random()}`,
    now: 'now',
    planSource: 'the plan',
  });
}

/** What a server means, in the fields every one of these clients has. */
function meaning(s: ServerSpec): unknown {
  return {
    transport: s.transport,
    command: s.command,
    args: s.args ?? [],
    env: s.env ?? {},
    url: s.url,
    headers: s.headers ?? {},
  };
}

function stackWith(s: Scene, list: ServerSpec[], ids: string[], pick: boolean[]): Stack {
  // Each target lists some of the servers (at least the first), so the file's entries are a union.
  const targets: Partial<TargetDef>[] = ids.map((client, i) => ({
    client,
    scope: 'project',
    servers: list.filter((_, j) => j === 0 || pick[i] === (j % 2 === 0)).map((x) => x.name),
    ...(client === 'cursor' ? { path: join(s.project, '.mcp.json') } : {}),
  }));
  return stackOf(list, targets, join(s.project, 'mcp.stack.yaml'));
}

describe('a file read by several clients', () => {
  test('random stacks: one edit per file, and every target client reads each written entry as the server', async () => {
    await fc.assert(
      fc.asyncProperty(
        serverList,
        targetsArb,
        fc.boolean(),
        async (list, [ids, pick], preexisting) => {
          const s = scene();
          try {
            if (preexisting)
              writeFileSync(
                join(s.project, '.mcp.json'),
                JSON.stringify({ mcpServers: { mine: { command: 'x' } } }, null, 2) + '\n',
              );
            const stack = stackWith(s, list, ids, pick);
            const plan = planOf(s, stack);
            const keys = plan.targets.map((t) => stateKey(t.path, t.entriesPath));
            expect(new Set(keys).size).toBe(keys.length);
            expect(plan.targets.map((t) => t.path)).toEqual([join(s.project, '.mcp.json')]);
            expect(plan.targets[0]!.readers).toEqual(
              expect.arrayContaining(['claude-code', 'copilot-cli']),
            );
            const refused = new Set<string>();
            for (const e of plan.errors) {
              expect(['shared-file-conflict', 'unsupported']).toContain(e.code);
              const named = list.find((x) =>
                [`server ${x.name})`, `server ${x.name}:`].some((m) => e.message.includes(m)),
              );
              expect(named).toBeDefined();
              refused.add(named!.name);
            }
            // Tool allow lists are Copilot's alone: such a server is refused on the shared file.
            for (const x of list)
              if (x.tools && stack.targets.some((t) => t.servers.includes(x.name)))
                expect(refused.has(x.name)).toBe(true);
            if (plan.errors.length) return;
            await apply(s, plan);
            const written = JSON.parse(
              readFileSync(join(s.project, '.mcp.json'), 'utf8'),
            ).mcpServers;
            expect(existsSync(join(s.project, '.github', 'mcp.json'))).toBe(false);
            const wanted = new Set(stack.targets.flatMap((t) => t.servers));
            for (const x of list.filter((y) => wanted.has(y.name))) {
              for (const id of ids)
                expect(meaning(getClient(id)!.parse(x.name, written[x.name]))).toEqual(meaning(x));
            }
            if (preexisting) expect(written.mine).toEqual({ command: 'x' });
            expect(summarize(planOf(s, stack))).toEqual({ add: 0, change: 0, remove: 0 });
            // One ownership record for the file, one entry each.
            const files = Object.values(s.store.load().files);
            expect(files.map((f) => f.path)).toEqual([join(s.project, '.mcp.json')]);
            expect(Object.keys(files[0]!.entries).sort()).toEqual([...wanted].sort());
          } finally {
            rmSync(s.dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a server the clients cannot share is refused with one sentence naming the file, the server and the clients', () => {
    const s = scene();
    try {
      const srv: ServerSpec = {
        name: 'gh',
        transport: 'stdio',
        command: 'node',
        clientOptions: { 'copilot-cli': { note: 'mine' } },
      };
      const stack = stackOf(
        [srv],
        [
          { client: 'copilot-cli', scope: 'project' },
          { client: 'claude-code', scope: 'project' },
        ],
        join(s.project, 'mcp.stack.yaml'),
      );
      const plan = planOf(s, stack);
      expect(plan.errors).toEqual([
        expect.objectContaining({
          code: 'shared-file-conflict',
          message: `${join(s.project, '.mcp.json')} is read by copilot-cli and claude-code, which cannot share one entry for server gh: claude-code would read the copilot-cli entry with a different args, clientOptions.`,
        }),
      ]);
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  test('Copilot alone writes .github/mcp.json; once .mcp.json exists its servers move there', async () => {
    const s = scene();
    try {
      const srv: ServerSpec = { name: 'mem', transport: 'stdio', command: 'node', args: ['m.js'] };
      const stack = stackOf(
        [srv],
        [{ client: 'copilot-cli', scope: 'project' }],
        join(s.project, 'mcp.stack.yaml'),
      );
      await apply(s, planOf(s, stack));
      const github = join(s.project, '.github', 'mcp.json');
      expect(Object.keys(JSON.parse(readFileSync(github, 'utf8')).mcpServers)).toEqual(['mem']);
      // Someone adds a project .mcp.json: Copilot now ignores .github/mcp.json.
      writeFileSync(join(s.project, '.mcp.json'), '{}\n');
      const plan = planOf(s, stack);
      expect(
        plan.targets.map((t) => [t.path, t.changes.map((c) => `${c.action} ${c.server}`)]),
      ).toEqual([
        [join(s.project, '.mcp.json'), ['create mem']],
        [github, ['delete mem']],
      ]);
      await apply(s, plan);
      expect(JSON.parse(readFileSync(join(s.project, '.mcp.json'), 'utf8')).mcpServers.mem).toEqual(
        { type: 'local', command: 'node', args: ['m.js'], tools: ['*'] },
      );
      expect(JSON.parse(readFileSync(github, 'utf8')).mcpServers).toEqual({});
      expect(summarize(planOf(s, stack))).toEqual({ add: 0, change: 0, remove: 0 });
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  test('plan text and --json say who reads each file', () => {
    const s = scene();
    try {
      const srv: ServerSpec = { name: 'mem', transport: 'stdio', command: 'node' };
      const stack = stackOf(
        [srv],
        [
          { client: 'claude-code', scope: 'project' },
          { client: 'copilot-cli', scope: 'project' },
          { client: 'copilot-cli', scope: 'user' },
        ],
        join(s.project, 'mcp.stack.yaml'),
      );
      const plan = planOf(s, stack);
      expect(plan.errors).toEqual([]);
      const json = JSON.parse(renderPlanJson(plan)) as {
        targets: { client: string; path: string; readers: string[] }[];
      };
      expect(json.targets.map((t) => [t.client, t.path, t.readers])).toEqual([
        [
          'claude-code',
          join(s.project, '.mcp.json'),
          ['claude-code', 'qwen-code', 'copilot-cli', 'qoder-cli'],
        ],
        ['copilot-cli', join(s.home, '.copilot', 'mcp-config.json'), ['copilot-cli']],
      ]);
      const out = renderPlanText(plan, plain, s.home);
      expect(out).toContain(
        `claude-code (project) ${join(s.project, '.mcp.json')} (new file) (also read by qwen-code, copilot-cli, qoder-cli)`,
      );
      expect(out).toContain('copilot-cli (user) ~/.copilot/mcp-config.json (new file)\n');
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  test('rollback of a shared file: one apply record for the file, undone as one, ownership back to none', async () => {
    const s = scene();
    try {
      const file = join(s.project, '.mcp.json');
      const original = JSON.stringify({ mcpServers: { mine: { command: 'x' } } }, null, 2) + '\n';
      writeFileSync(file, original);
      const list: ServerSpec[] = [
        { name: 'a', transport: 'stdio', command: 'node' },
        { name: 'b', transport: 'http', url: 'http://127.0.0.1:9/mcp' },
      ];
      const stack = stackOf(
        list,
        [
          { client: 'claude-code', scope: 'project' },
          { client: 'copilot-cli', scope: 'project', servers: ['b'] },
        ],
        join(s.project, 'mcp.stack.yaml'),
      );
      await apply(s, planOf(s, stack));
      const [record] = s.store.readApplies();
      expect(record!.files.map((f) => f.path)).toEqual([file]);
      expect(record!.files[0]!.entries).toEqual([
        { entriesPath: ['mcpServers'], written: { a: expect.any(String), b: expect.any(String) } },
      ]);
      // A client edits another entry meanwhile: rollback undoes mcpo's entries only.
      const now = JSON.parse(readFileSync(file, 'utf8'));
      now.mcpServers.mine.args = ['y'];
      writeFileSync(file, JSON.stringify(now, null, 2) + '\n');
      await rollbackLastApply(s.store, { stack: stack.file, force: false, getClient });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        mcpServers: { mine: { command: 'x', args: ['y'] } },
      });
      expect(s.store.load().files).toEqual({});
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  test("status: a shared file is one column naming its target clients, each one's servers in sync", async () => {
    const s = scene();
    try {
      const list: ServerSpec[] = [
        { name: 'a', transport: 'stdio', command: 'node' },
        { name: 'b', transport: 'stdio', command: 'node', args: ['b.js'] },
      ];
      const stack = stackOf(
        list,
        [
          { client: 'claude-code', scope: 'project', servers: ['a'] },
          { client: 'copilot-cli', scope: 'project', servers: ['b'] },
        ],
        join(s.project, 'mcp.stack.yaml'),
      );
      await apply(s, planOf(s, stack));
      const state = s.store.load();
      const targets = loadTargets(stack, state, s.ctx, getClient, [], clients);
      const plan = buildPlan({
        stack,
        targets,
        state,
        fingerprint: s.store.fingerprinter(),
        secrets: () => undefined,
        force: true,
        now: 'now',
      });
      const m = buildStatus(plan, targets, stack, state, () => undefined);
      expect(m.columns.map((c) => [c.label, c.path])).toEqual([
        ['claude-code, copilot-cli (project)', join(s.project, '.mcp.json')],
      ]);
      expect(m.rows.map((r) => [r.server, r.cells.map((c) => c.state)])).toEqual([
        ['a', ['in-sync']],
        ['b', ['in-sync']],
      ]);
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  test('a target that reaches the file through a symlink joins its edit and its readers', () => {
    const s = scene();
    try {
      writeFileSync(join(s.project, '.mcp.json'), '{}\n');
      symlinkSync(join(s.project, '.mcp.json'), join(s.project, 'link.json'));
      const srv: ServerSpec = { name: 'mem', transport: 'stdio', command: 'node' };
      const stack = stackOf(
        [srv],
        [
          { client: 'claude-code', scope: 'project' },
          { client: 'cursor', scope: 'project', path: join(s.project, 'link.json') },
        ],
        join(s.project, 'mcp.stack.yaml'),
      );
      const plan = planOf(s, stack);
      expect(plan.errors).toEqual([]);
      expect(plan.targets.map((t) => [t.client, t.path, t.changes.map((c) => c.action)])).toEqual([
        ['claude-code', join(s.project, '.mcp.json'), ['create']],
      ]);
      expect(plan.targets[0]!.readers).toEqual([
        'claude-code',
        'qwen-code',
        'copilot-cli',
        'qoder-cli',
        'cursor',
      ]);
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
});
