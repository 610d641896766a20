// Shared set-up for the conformance tests against real client CLIs (test/real-<client>.test.ts):
// install (or skip outside CI), a temporary HOME with a project folder and an unrelated folder,
// a stack with the same three servers for each scope, `mcpo apply`, and output clean-up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clientPackagePath, ensureClientClis, CLIENT_CLIS_DIR } from './client-clis.js';
import { makeTmpHome, runCommand, runMcpo, type RunResult, type TmpHome } from './tmp-home.js';

export const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/** The real stdio server every scope uses, run with `node <abs path>`. */
export const MEMORY_JS = clientPackagePath(
  '@modelcontextprotocol/server-memory',
  'dist',
  'index.js',
);
/** Nothing listens on port 9 (discard), so a client that connects reports a failure quickly. */
export const REMOTE_URL = 'http://127.0.0.1:9/mcp';

/**
 * Installs the client CLIs once (see client-clis.ts). Under CI a failure throws; elsewhere it returns
 * the reason after printing it, and the caller skips its suite. `check` may add a reason of its own
 * (e.g. a platform package that is not installed on this OS).
 */
export function installOrSkip(
  title: string,
  check?: (binDir: string) => string | undefined,
): { binDir: string; skipReason: string } {
  let binDir = '';
  let skipReason = '';
  try {
    binDir = ensureClientClis();
    skipReason = check?.(binDir) ?? '';
    if (skipReason && IN_CI) throw new Error(skipReason);
  } catch (err) {
    if (IN_CI) throw err;
    const lines = (err as Error).message.split('\n');
    skipReason = [lines[0], lines.find((l) => /npm (error|ERR!) (code|FetchError)/.test(l))]
      .filter(Boolean)
      .join(' / ');
  }
  // Straight to stderr: Jest drops console output of a file whose tests were all skipped, with several workers.
  if (skipReason) process.stderr.write(`Skipping real ${title} tests: ${skipReason}\n`);
  return { binDir, skipReason };
}

/** Removes ANSI escapes (colours, cursor moves) that some CLIs print even with NO_COLOR. */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(
    /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g,
    '',
  );
}

export interface Scene {
  tmp: TmpHome;
  /** The project folder (`--project`), where project-scope files go. */
  project: string;
  /** A folder outside the project: only user scope applies there. */
  elsewhere: string;
  /** A stdio server that exits unless FOO=bar reached it, then serves memory. */
  withEnvJs: string;
  stackFile: string;
  /** Output of `mcpo apply`. */
  apply: RunResult;
}

/** Server names per scope: user scope gets the plain names, project scope the `proj-` ones. */
export const USER_SERVERS = ['memory', 'remote', 'withenv'];
export const PROJECT_SERVERS = ['proj-memory', 'proj-remote', 'proj-withenv'];

/**
 * A temporary HOME with `work/proj` and `elsewhere`, a stack that targets `clientId` with
 * memory/withenv/remote at user scope and proj-memory/proj-withenv/proj-remote at project scope
 * (same definitions), applied with `--yes --force` (the client's own folders do not exist yet).
 * `env` adds variables (e.g. CODEX_HOME) to the scene's environment, for apply and everything after.
 */
export function applyScene(
  clientId: string,
  prefix: string,
  env: (home: string) => NodeJS.ProcessEnv = () => ({}),
): Scene {
  const tmp = makeTmpHome(prefix);
  Object.assign(tmp.env, env(tmp.home));
  const project = join(tmp.home, 'work', 'proj');
  const elsewhere = join(tmp.home, 'elsewhere');
  for (const d of [project, elsewhere, join(tmp.home, 'servers')])
    mkdirSync(d, { recursive: true });

  const withEnvJs = join(tmp.home, 'servers', 'withenv-server.mjs');
  writeFileSync(
    withEnvJs,
    `if (process.env.FOO !== 'bar') { console.error('FOO is not bar'); process.exit(3); }\n` +
      `await import(${JSON.stringify(pathToFileURL(MEMORY_JS).href)});\n`,
  );
  const memory = `{ command: node, args: [${JSON.stringify(MEMORY_JS)}] }`;
  const withenv = `{ command: node, args: [${JSON.stringify(withEnvJs)}], env: { FOO: bar } }`;
  const remote = `{ url: ${JSON.stringify(REMOTE_URL)}, transport: http }`;
  const stackFile = join(project, 'mcp.stack.yaml');
  writeFileSync(
    stackFile,
    [
      'version: 1',
      'servers:',
      `  memory: ${memory}`,
      `  withenv: ${withenv}`,
      `  remote: ${remote}`,
      `  proj-memory: ${memory}`,
      `  proj-withenv: ${withenv}`,
      `  proj-remote: ${remote}`,
      'clients:',
      `  ${clientId}:`,
      `    - { scope: user, servers: [${USER_SERVERS.join(', ')}] }`,
      `    - { scope: project, servers: [${PROJECT_SERVERS.join(', ')}] }`,
      '',
    ].join('\n'),
  );
  const apply = runMcpo(
    ['apply', '--stack', stackFile, '--project', project, '--yes', '--force', '--no-color'],
    { env: tmp.env, cwd: project },
  );
  if (apply.code !== 0)
    throw new Error(`mcpo apply exited ${apply.code}\n${apply.stdout}\n${apply.stderr}`);
  return { tmp, project, elsewhere, withEnvJs, stackFile, apply };
}

/** Runs a client CLI; throws with its output on a non-zero exit or timeout. Output is ANSI-stripped. */
export function runClient(
  file: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number },
): RunResult {
  const r = runCommand(file, args, {
    env: opts.env,
    cwd: opts.cwd,
    timeoutMs: opts.timeoutMs ?? 90_000,
  });
  if (r.code !== 0)
    throw new Error(
      `${file} ${args.join(' ')} (in ${opts.cwd}) exited ${r.code}\n${r.stdout}\n${r.stderr}`,
    );
  return { code: r.code, stdout: stripAnsi(r.stdout), stderr: stripAnsi(r.stderr) };
}

/** `mcpo plan --detailed-exitcode`: 0 means what the client left in its files is not drift. */
export function planIsClean(scene: Scene): RunResult {
  return runMcpo(
    [
      'plan',
      '--stack',
      scene.stackFile,
      '--project',
      scene.project,
      '--detailed-exitcode',
      '--no-color',
    ],
    {
      env: scene.tmp.env,
      cwd: scene.project,
    },
  );
}

/** A folder under the install cache shared by all runs (e.g. Copilot's unpacked runtime, ~235 MB). */
export const SHARED_CACHE = join(CLIENT_CLIS_DIR, 'runtime-cache');

/** One line of `gemini mcp list` / `qwen mcp list`: `<mark> name: <command args | url> (<transport>) - <status>`. */
export interface GeminiListEntry {
  target: string;
  transport: string;
  status: string;
}

export function parseGeminiList(out: string): Map<string, GeminiListEntry> {
  const servers = new Map<string, GeminiListEntry>();
  for (const line of stripAnsi(out).split('\n')) {
    const m = /^\S+\s+([A-Za-z0-9][\w.-]*): (.*) \((stdio|http|sse)\) - (\S.*?)\s*$/u.exec(line);
    if (m) servers.set(m[1]!, { target: m[2]!, transport: m[3]!, status: m[4]! });
  }
  return servers;
}

/** One server of `opencode mcp list`: a `●  <mark> name <status>` line, then `│  <detail>` lines (error, then command or url). */
export interface OpencodeListEntry {
  mark: string;
  status: string;
  /** The last detail line: `command args...` for local servers, the url for remote ones. */
  target: string;
  details: string[];
}

export function parseOpencodeList(out: string): Map<string, OpencodeListEntry> {
  const servers = new Map<string, OpencodeListEntry>();
  let current: OpencodeListEntry | undefined;
  for (const raw of stripAnsi(out).split('\n')) {
    const line = raw.trimEnd();
    const head = /^●\s+(\S)\s+([A-Za-z0-9][\w.-]*)\s+(\S.*)$/u.exec(line);
    const detail = /^│\s+(\S.*)$/u.exec(line);
    if (head) {
      current = { mark: head[1]!, status: head[3]!, target: '', details: [] };
      servers.set(head[2]!, current);
    } else if (detail && current) {
      current.details.push(detail[1]!);
      current.target = detail[1]!;
    } else current = undefined;
  }
  return servers;
}

/** `copilot mcp list` (text): `<Source> servers:` headings, each followed by `  name (type)` lines. */
export function parseCopilotGroups(out: string): Record<string, Record<string, string>> {
  const groups: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | undefined;
  for (const line of stripAnsi(out).split('\n')) {
    const head = /^(\w+) servers:\s*$/.exec(line);
    const item = /^ {2}([A-Za-z0-9][\w.-]*) \((\w+)\)/.exec(line);
    if (head) current = groups[head[1]!] = {};
    else if (item && current) current[item[1]!] = item[2]!;
    else if (!line.trim()) current = undefined;
  }
  return groups;
}
