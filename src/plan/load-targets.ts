import type { ClientAdapter } from '../clients/contract.js';
import type { PathContext, Stack, TargetDef } from '../types.js';
import type { StateData } from '../state/contract.js';
import { stateKey } from '../state/contract.js';
import { McpoError } from '../errors.js';
import { readTextFile } from '../fs/files.js';
import type { LoadedTarget } from './target-input.js';
import { effectivePath, fileKey, readerIndex, realFiles } from './readers.js';
import { adapterForText } from '../clients/dialect.js';

/**
 * Reads every client file the plan needs: one per declared target, plus files where the state
 * says this stack still owns entries but no target points any more (those entries get deleted).
 */
export function loadTargets(
  stack: Stack,
  state: StateData,
  ctx: PathContext,
  getClient: (id: string) => ClientAdapter | undefined,
  only: string[] = [],
  all?: readonly ClientAdapter[],
): LoadedTarget[] {
  const wanted = (id: string) => only.length === 0 || only.includes(id);
  const out: LoadedTarget[] = [];
  const keys = new Set<string>();
  const real = realFiles();
  // Every file the stack's targets write by default, before `only`: a client that reads one of
  // them instead of its own file (alsoReads `preferred`) must follow even when planned alone.
  let planned: Set<string> | undefined;
  const plannedFiles = () =>
    (planned ??= new Set(
      stack.targets.flatMap((def) => {
        const adapter = getClient(def.client);
        return adapter ? [real(def.path ?? adapter.configPath(def.scope, ctx))] : [];
      }),
    ));
  for (const def of stack.targets) {
    const adapter = getClient(def.client);
    if (!adapter || !wanted(def.client)) continue;
    const file = def.path ?? effectivePath(adapter, def.scope, ctx, plannedFiles, real);
    const t = loadOne(adapter, def, def.scope, file, null, ctx, real);
    keys.add(stateKey(t.path, t.entriesPath)).add(t.key!);
    out.push(t);
  }
  for (const [key, fs] of Object.entries(state.files)) {
    if (keys.has(key) || !wanted(fs.client)) continue;
    if (!Object.values(fs.entries).some((e) => e.stack === stack.file)) continue;
    const adapter = getClient(fs.client);
    if (!adapter || keys.has(fileKey(fs.path, fs.entriesPath, real))) continue;
    out.push(loadOne(adapter, null, fs.scope, fs.path, fs.entriesPath, ctx, real));
  }
  // Readers among every known client; without that list, among the adapters of these targets.
  const readersOf = readerIndex(all ?? [...new Set(out.map((t) => t.adapter))], ctx, real);
  for (const t of out) t.readers = readersOf(t.path, t.entriesPath);
  return out;
}

/**
 * `recorded` null: the entries path of the client's format version that the file is in (a
 * declared target); a file only the state remembers keeps the entries path recorded for it.
 */
function loadOne(
  client: ClientAdapter,
  def: TargetDef | null,
  scope: TargetDef['scope'],
  path: string,
  recorded: string[] | null,
  ctx: PathContext,
  real: (file: string) => string,
): LoadedTarget {
  const installDir = client.installDir(ctx);
  let text: string | null = null;
  let adapter = client;
  let entriesPath = recorded ?? client.entriesPath(scope, ctx);
  let current: LoadedTarget['current'];
  // A file that cannot be read (not a regular file, not UTF-8, ...) is this target's plan error.
  try {
    text = readText(path);
    adapter = adapterForText(client, text);
    entriesPath = recorded ?? adapter.entriesPath(scope, ctx);
    current = text === null ? {} : adapter.format.readEntries(text, path, entriesPath);
  } catch (e) {
    if (!(e instanceof McpoError)) throw e;
    current = e;
  }
  const installed = scope !== 'user' || text !== null || ctx.exists(installDir);
  const clientDisabled = readDisabled(adapter, ctx);
  const key = fileKey(path, entriesPath, real);
  const off = clientDisabled ? { clientDisabled } : {};
  return {
    def,
    adapter,
    scope,
    path,
    entriesPath,
    installed,
    installDir,
    text,
    current,
    key,
    ...off,
  };
}

/** The client's own list of servers it turned off; a list that cannot be read turns none off. */
function readDisabled(adapter: ClientAdapter, ctx: PathContext): LoadedTarget['clientDisabled'] {
  const where = adapter.disabledBy?.(ctx);
  if (!where) return undefined;
  try {
    const text = readTextFile(where.path);
    const names = text === null ? [] : where.names(text);
    return names.length ? { path: where.path, names } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A client file's text; null when it does not exist; an McpoError when it cannot be read, is
 * not a regular file or not UTF-8 (see readTextFile, the one read path).
 */
export function readText(path: string): string | null {
  return readTextFile(path);
}
