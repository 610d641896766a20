// Saved plans (issue 11, class 3): `mcpo apply FILE` applies only what mcpo planned on this machine.
// A plan file is signed (HMAC-SHA256, per-machine key in the state folder); any edit of its content
// is refused with one sentence naming the file and the fix, and nothing is written.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import fc from 'fast-check';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, sep } from 'node:path';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';
import { readPlanFile, savePlanFile } from '../src/plan/plan-file.js';
import { realPathContext } from '../src/context.js';
import { getClient } from './helpers/clients.js';
import { canonicalJson } from '../src/state/digest.js';
import { McpoError } from '../src/errors.js';
import type { Plan } from '../src/types.js';

let h: TmpHome;
let project: string;
const SECRET = 'sk-live-planfile-0123456789';
const env = () => ({ ...h.env, MCPO_SECRET_TOK: SECRET });
const mcpo = (...args: string[]) => runMcpo(args, { env: env(), cwd: project });
const claudeJson = () => join(h.home, '.claude.json');
const stateDir = () => join(h.env.XDG_STATE_HOME!, 'mcpo');
const STACK = `version: 1
servers:
  memory:
    command: npx
    args: [-y, "@modelcontextprotocol/server-memory"]
    env: { TOKEN: "\${secret:tok}", LEVEL: info }
  fs:
    command: npx
    args: [-y, fs]
clients:
  claude-code: [{ scope: user, servers: [memory, fs] }, { scope: local, servers: [fs] }]
  cursor: { scope: project, servers: [memory] }
`;

beforeEach(() => {
  h = makeTmpHome();
  project = join(h.home, 'proj');
  mkdirSync(project);
  mkdirSync(join(h.home, '.claude'));
  writeFileSync(claudeJson(), '{ "numStartups": 3 }\n');
  writeFileSync(join(project, 'mcp.stack.yaml'), STACK);
});
afterEach(() => h.cleanup());

/** Saves a plan through the CLI; returns its path and parsed content. */
function savedPlan(): { file: string; data: Record<string, unknown> } {
  const file = join(project, 'p.plan');
  const r = mcpo('plan', '--out', file);
  expect(r.code).toBe(0);
  return { file, data: JSON.parse(readFileSync(file, 'utf8')) };
}

/** Every client file and every file in the home, to prove nothing was written. */
function snapshot(): string {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const p = join(dir, d.name);
      return d.isDirectory() ? walk(p) : [`${p}:${readFileSync(p, 'utf8')}`];
    });
  // The V8 code cache (the loader's, in the cache folder) is the one thing any run may write.
  const codeCache = join(h.home, '.cache', 'mcpo') + sep;
  return walk(h.home)
    .filter((l) => !l.startsWith(join(project, 'p.plan:')) && !l.startsWith(codeCache))
    .sort()
    .join('\n');
}

const ctx = () => realPathContext(h.env, project);

type Json = unknown;
type Path = (string | number)[];
/** Every node of a JSON tree (root included) with its path. */
function nodes(v: Json, path: Path = []): Path[] {
  if (Array.isArray(v)) return [path, ...v.flatMap((x, i) => nodes(x, [...path, i]))];
  if (v && typeof v === 'object')
    return [path, ...Object.entries(v).flatMap(([k, x]) => nodes(x, [...path, k]))];
  return [path];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const at = (v: Json, p: Path): any => p.reduce((o: any, k) => o?.[k], v);

/** One edit of the JSON tree: replace a node, delete a member or item, or add a member. */
const tampering = (data: Json) =>
  fc
    .record({
      path: fc.constantFrom(...nodes(data)),
      kind: fc.constantFrom('replace', 'delete', 'add'),
      value: fc.jsonValue({ maxDepth: 2 }),
      key: fc.string({ maxLength: 8 }),
    })
    .map(({ path, kind, value, key }) => {
      const copy = structuredClone(data) as any;
      if (kind === 'replace' || path.length === 0) {
        if (path.length === 0) return value;
        at(copy, path.slice(0, -1))[path[path.length - 1]!] = value;
      } else if (kind === 'delete') {
        const parent = at(copy, path.slice(0, -1));
        if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 1);
        else delete parent[path[path.length - 1]!];
      } else {
        const node = at(copy, path);
        if (Array.isArray(node)) node.push(value);
        else if (node && typeof node === 'object') node[key] = value;
        else at(copy, path.slice(0, -1))[path[path.length - 1]!] = { [key]: value };
      }
      return copy;
    });

describe('a saved plan is bound to mcpo on this machine', () => {
  test('any edit of a saved plan (any field, any value) is refused; the unmodified plan reads back', () => {
    const { file, data } = savedPlan();
    const original = readFileSync(file, 'utf8');
    const { mac: _mac, ...content } = data;
    expect(canonicalJson(readPlanFile(file, ctx(), getClient))).toBe(canonicalJson(content));
    fc.assert(
      fc.property(tampering(data), (edited) => {
        fc.pre(canonicalJson(edited) !== canonicalJson(data));
        writeFileSync(file, JSON.stringify(edited, null, 2));
        let err: unknown;
        try {
          readPlanFile(file, ctx(), getClient);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(McpoError);
        expect((err as McpoError).code).toBe('bad-plan-file');
        expect((err as McpoError).message).toContain(file);
        expect((err as McpoError).hint).toMatch(/mcpo plan --out/);
      }),
      { numRuns: 400 },
    );
    writeFileSync(file, original);
    expect(canonicalJson(readPlanFile(file, ctx(), getClient))).toBe(canonicalJson(content));
  });

  test('any edit of the text is refused unless it leaves the content the same (whitespace)', () => {
    const { file, data } = savedPlan();
    const original = readFileSync(file, 'utf8');
    fc.assert(
      fc.property(
        fc.nat({ max: original.length - 1 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        (i, s) => {
          const edited = original.slice(0, i) + s + original.slice(i + 1);
          fc.pre(edited !== original);
          writeFileSync(file, edited);
          let same = false;
          try {
            same = canonicalJson(JSON.parse(edited)) === canonicalJson(data);
          } catch {
            // not JSON any more: must be refused
          }
          if (same) expect(() => readPlanFile(file, ctx(), getClient)).not.toThrow();
          else expect(() => readPlanFile(file, ctx(), getClient)).toThrow(McpoError);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a signed plan of the wrong shape is refused too (defence in depth): relative, `..` and unknown targets', () => {
    const { file, data } = savedPlan();
    const target = (data.targets as Record<string, unknown>[])[0]!;
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ path: 'evil.json' }, /path that is not absolute and normalized/],
      [{ path: `${h.home}/x/../evil.json` }, /path that is not absolute and normalized/],
      [{ path: `${h.home}/sub/` }, /path that is not absolute and normalized/],
      [{ client: 'nope' }, /unknown client "nope"/],
      [{ scope: 'project', client: 'claude-desktop' }, /scope claude-desktop does not have/],
      [{ entriesPath: ['projects'] }, /entries path claude-code does not use/],
      [
        { entriesPath: ['projects', 'rel/dir', 'mcpServers'] },
        /entries path claude-code does not use/,
      ],
    ];
    for (const [edit, why] of bad) {
      const plan = { ...data, targets: [{ ...target, ...edit }] } as unknown as Plan;
      savePlanFile(file, plan, stateDir());
      expect(() => readPlanFile(file, ctx(), getClient)).toThrow(why);
    }
    const local = (data.targets as Record<string, unknown>[]).find((t) => t.scope === 'local')!;
    expect(local.entriesPath).toEqual(['projects', project, 'mcpServers']);
    savePlanFile(file, { ...data, targets: [local] } as unknown as Plan, stateDir());
    expect(() => readPlanFile(file, ctx(), getClient)).not.toThrow();
  });
});

describe('mcpo apply FILE (the built CLI)', () => {
  test('a changed path (another file, relative, `..`) or command is refused; nothing is written anywhere', () => {
    const { file, data } = savedPlan();
    const edits: ((d: any) => void)[] = [
      (d) => (d.targets[0].path = join(h.home, 'evil.json')),
      (d) => (d.targets[0].path = 'evil.json'),
      (d) => (d.targets[0].path = `${project}/../../evil.json`),
      (d) => (d.targets[0].changes[0].after.command = '/bin/sh'),
      (d) => d.targets[0].changes.push({ ...d.targets[0].changes[0], server: 'extra' }),
      (d) => delete d.mac,
    ];
    const before = snapshot();
    for (const edit of edits) {
      const d = structuredClone(data);
      edit(d);
      writeFileSync(file, JSON.stringify(d, null, 2));
      const r = mcpo('apply', file);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        new RegExp(`^Error: ${file} (was changed after mcpo saved it|is not signed by mcpo)`),
      );
      expect(r.stderr).toContain(
        `Fix: run \`mcpo plan --out ${file}\` again and apply the new file.`,
      );
      expect(r.stderr + r.stdout).not.toContain(SECRET);
      expect(snapshot()).toBe(before);
      expect(existsSync(join(h.home, 'evil.json'))).toBe(false);
      expect(existsSync(join(project, 'evil.json'))).toBe(false);
    }
  });

  test('random JSON edits of a saved plan are refused by the CLI; the unmodified plan applies', () => {
    const { file, data } = savedPlan();
    const original = readFileSync(file, 'utf8');
    const claude = readFileSync(claudeJson(), 'utf8');
    fc.assert(
      fc.property(tampering(data), (edited) => {
        fc.pre(canonicalJson(edited) !== canonicalJson(data));
        writeFileSync(file, JSON.stringify(edited));
        const r = mcpo('apply', file);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(file);
        expect(readFileSync(claudeJson(), 'utf8')).toBe(claude);
        expect(existsSync(join(project, '.cursor'))).toBe(false);
      }),
      { numRuns: 12 },
    );
    writeFileSync(file, original);
    const ok = mcpo('apply', file);
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(claudeJson(), 'utf8')).mcpServers.memory.env.TOKEN).toBe(SECRET);
  });

  test('a plan saved on another machine (another state folder) is refused', () => {
    const { file } = savedPlan();
    const other = makeTmpHome();
    try {
      const there = { ...other.env, HOME: h.home, USERPROFILE: h.home, MCPO_SECRET_TOK: SECRET };
      const r = runMcpo(['apply', file], { env: there, cwd: project });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Error: ${file} was not made by mcpo on this machine`);
      // Once that machine has its own key, the plan is still not its own.
      expect(
        runMcpo(['plan', '--out', join(other.home, 'own.plan')], { env: there, cwd: project }).code,
      ).toBe(0);
      const again = runMcpo(['apply', file], { env: there, cwd: project });
      expect(again.stderr).toContain(
        `Error: ${file} was changed after mcpo saved it, or was made on another machine; nothing was written.`,
      );
      expect(readFileSync(claudeJson(), 'utf8')).toBe('{ "numStartups": 3 }\n');
    } finally {
      other.cleanup();
    }
  });

  test('plan --out writes the file 0600, also over an existing 0644 file; plan without --out writes no key', () => {
    expect(mcpo('plan').code).toBe(0);
    expect(existsSync(join(stateDir(), 'plan-key'))).toBe(false);
    const fresh = join(project, 'fresh.plan');
    expect(mcpo('plan', '--out', fresh).code).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateDir(), 'plan-key')).mode & 0o777).toBe(0o600);
    const old = join(project, 'old.plan');
    writeFileSync(old, 'x'.repeat(10_000));
    chmodSync(old, 0o644);
    expect(mcpo('plan', '--out', old).code).toBe(0);
    expect(statSync(old).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(old, 'utf8')).mac).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(readFileSync(old, 'utf8')).not.toContain(SECRET);
    expect(mcpo('apply', old).code).toBe(0);
  });
});
