import type { ClientAdapter } from '../clients/contract.js';
import type { PathContext, Stack, TargetDef } from '../types.js';
import type { StateData } from '../state/contract.js';
import { stateKey } from '../state/contract.js';
import { McpoError } from '../errors.js';
import { readTextFile } from '../fs/files.js';
import type { LoadedTarget } from './target-input.js';
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
): LoadedTarget[] {
  const wanted = (id: string) => only.length === 0 || only.includes(id);
  const out: LoadedTarget[] = [];
  const keys = new Set<string>();
  for (const def of stack.targets) {
    const adapter = getClient(def.client);
    if (!adapter || !wanted(def.client)) continue;
    const t = loadOne(adapter, def, def.scope, def.path ?? adapter.configPath(def.scope, ctx), null, ctx);
    keys.add(stateKey(t.path, t.entriesPath));
    out.push(t);
  }
  for (const [key, fs] of Object.entries(state.files)) {
    if (keys.has(key) || !wanted(fs.client)) continue;
    if (!Object.values(fs.entries).some((e) => e.stack === stack.file)) continue;
    const adapter = getClient(fs.client);
    if (!adapter) continue;
    out.push(loadOne(adapter, null, fs.scope, fs.path, fs.entriesPath, ctx));
  }
  return out;
}

/**
 * `entriesPath` null: the one of the client's format version that the file is in (a declared
 * target); a file only the state remembers keeps the entries path recorded for it.
 */
function loadOne(client: ClientAdapter, def: TargetDef | null, scope: TargetDef['scope'], path: string, recorded: string[] | null, ctx: PathContext): LoadedTarget {
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
  return { def, adapter, scope, path, entriesPath, installed, installDir, text, current };
}

/**
 * A client file's text; null when it does not exist; an McpoError when it cannot be read, is
 * not a regular file or not UTF-8 (see readTextFile, the one read path).
 */
export function readText(path: string): string | null {
  return readTextFile(path);
}
