/**
 * Loads a stack file into the desired state: reads the file, its includes and the local
 * override, validates everything, and reports every problem at once in one ValidationError.
 */
import { MISSING_STACK_HINT } from './find.js';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { McpoError, ValidationError } from '../errors.js';
import { nodeCrypto } from '../node-crypto.js';
import { secretNamesIn } from '../secrets/tokens.js';
import type { Problem, Stack } from '../types.js';
import { expandHome } from './interpolate.js';
import { mergeSources } from './merge.js';
import { checkReferences } from './references.js';
import { buildServers, resolveVars } from './servers.js';
import { collectSources } from './sources.js';
import { buildStacks, buildTargets } from './targets.js';
import { buildUse } from './use.js';
import type { SourceDoc } from './yaml-locate.js';

export const DEFAULT_STACK_FILE = 'mcp.stack.yaml';

export interface LoadStackOptions {
  env: Record<string, string | undefined>;
  home: string;
  /** Defaults to the stack file's folder. */
  projectDir?: string;
  /**
   * Client ids of the registry, for unknown-client checks and suggestions. Left out by `mcpo run`,
   * which starts one server and should not load every client adapter: client names go unchecked.
   */
  knownClients?: string[];
  /** Scopes each client supports, by client id. */
  clientScopes?: Record<string, string[]>;
  /** File contents to use instead of the disk's, by absolute path: an edit validated before it is written. */
  texts?: Record<string, string>;
}

/**
 * @param file the stack file, or a folder holding `mcp.stack.yaml`; relative to the cwd.
 * @throws McpoError `stack-not-found`, or ValidationError with every problem found.
 */
export async function loadStack(file: string, opts: LoadStackOptions): Promise<Stack> {
  let main = resolve(expandHome(file, opts.home));
  if (existsSync(main) && statSync(main).isDirectory()) main = join(main, DEFAULT_STACK_FILE);
  if (opts.texts?.[main] === undefined && !existsSync(main)) {
    throw new McpoError('stack-not-found', `No stack file at ${main}.`, {
      hint: MISSING_STACK_HINT,
    });
  }

  const problems: Problem[] = [];
  const sources = await collectSources(main, problems, opts.texts);
  const merged = mergeSources(sources, problems);
  const vars = resolveVars(merged, opts.env, problems);
  const servers = buildServers(
    merged,
    vars,
    { env: opts.env, home: opts.home, knownClients: opts.knownClients },
    problems,
  );
  const stacks = buildStacks(merged);
  const targets = buildTargets(merged, vars, { env: opts.env, home: opts.home }, problems);
  checkReferences(merged, targets, opts, problems);
  const use = buildUse(sources, merged, opts.knownClients, problems);
  if (problems.length > 0) throw new ValidationError(sortProblems(problems, sources));

  let hash: string | undefined;
  const stack: Stack = {
    file: main,
    projectDir: opts.projectDir !== undefined ? resolve(opts.projectDir) : dirname(main),
    files: sources.map((s) => s.file),
    // Only a saved plan needs the hash: computed (and node:crypto loaded) on first read.
    get hash() {
      return (hash ??= hashSources(sources));
    },
    vars,
    servers,
    stacks,
    targets,
    secretNames: [...secretNamesIn(servers)].sort(),
  };
  if (merged.secretsNamespace !== undefined) stack.secretsNamespace = merged.secretsNamespace;
  if (use) stack.use = use;
  return stack;
}

/** Length-prefixed, so moving text from one file to the next changes the hash too. */
function hashSources(sources: SourceDoc[]): string {
  const h = nodeCrypto().createHash('sha256');
  for (const s of sources) h.update(`${Buffer.byteLength(s.text)}\n`).update(s.text);
  return h.digest('hex');
}

/** In file order (as merged), then by position; problems without a location last. */
function sortProblems(problems: Problem[], sources: SourceDoc[]): Problem[] {
  const rank = (p: Problem): number =>
    p.loc ? sources.findIndex((s) => s.file === p.loc!.file) : sources.length;
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      const la = a.p.loc;
      const lb = b.p.loc;
      return (
        rank(a.p) - rank(b.p) ||
        (la?.line ?? 0) - (lb?.line ?? 0) ||
        (la?.col ?? 0) - (lb?.col ?? 0) ||
        a.i - b.i
      );
    })
    .map(({ p }) => p);
}
