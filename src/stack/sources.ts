/**
 * Reads the stack file, its includes (depth first, each file once) and the local override,
 * in merge order. Every file is parsed and schema-checked on its own, so problems point
 * into the file that has them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLoc, McpoError } from '../errors.js';
import { readTextFile } from '../fs/files.js';
import type { Problem, SourceLoc } from '../types.js';
import { validateSource } from './schema-errors.js';
import { suggestion } from './suggest.js';
import { locate, parseSource, type SourceDoc } from './yaml-locate.js';

export const LOCAL_OVERRIDE = 'mcp.stack.local.yaml';

let cachedRoot: string | undefined;

/** The mcpo package folder, found from this module (src/stack under jest, dist/ when bundled). */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mcpo'
    ) {
      return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('mcpo: cannot find the package folder (package.json named mcpo)');
    dir = parent;
  }
}

/** Names of the built-in stacks shipped in `<package>/stacks/*.yaml`. */
export function builtinStackNames(): string[] {
  const dir = join(repoRoot(), 'stacks');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** The built-in stack a file is (`development` for `<package>/stacks/development.yaml`), if any. */
export function builtinStackOf(file: string): string | undefined {
  const dir = join(repoRoot(), 'stacks');
  const m = /^(.*)[\\/]([^\\/]+)\.yaml$/.exec(file);
  return m && m[1] === dir ? m[2] : undefined;
}

/** A bare name (no slash, no .yaml/.yml) is a built-in stack; anything else a path. */
function isBuiltinName(spec: string): boolean {
  return !/[\\/]/.test(spec) && !/\.ya?ml$/i.test(spec) && !spec.startsWith('.');
}

/** Every contributing file in merge order: includes first, then the file, then the local override. */
/** `texts`: contents to use instead of what is on disk (an edit checked before it is written). */
export async function collectSources(
  mainFile: string,
  problems: Problem[],
  texts: Record<string, string> = {},
): Promise<SourceDoc[]> {
  const order: SourceDoc[] = [];
  const seen = new Set<string>();

  /** `from`: the include line naming this file, where a problem reading it is reported. */
  async function visit(file: string, chain: string[], from?: SourceLoc): Promise<void> {
    seen.add(file);
    const text = texts[file] ?? readSource(file, problems, from);
    if (text === null) return;
    const src = parseSource(file, text, problems);
    validateSource(src, problems);
    const includes = (src.data as { include?: unknown } | undefined)?.include;
    if (Array.isArray(includes)) {
      for (const [i, spec] of includes.entries()) {
        if (typeof spec !== 'string' || spec.trim() === '') continue;
        const target = resolveInclude(spec, src, i, problems);
        if (!target) continue;
        if (target === file || chain.includes(target)) {
          const cycle = [...chain, file, target].slice(
            chain.indexOf(target) < 0 ? chain.length : chain.indexOf(target),
          );
          problems.push({
            code: 'include-cycle',
            message: `include cycle: ${cycle.map((f) => basename(f)).join(' -> ')}`,
            hint: 'remove one of these includes',
            loc: locate(src, ['include', i]),
          });
          continue;
        }
        if (seen.has(target)) continue;
        const before = problems.length;
        await visit(target, [...chain, file], locate(src, ['include', i]));
        noteIncludedFrom(problems.slice(before), target, () => locate(src, ['include', i]));
      }
    }
    order.push(src);
  }

  await visit(mainFile, []);
  const local = join(dirname(mainFile), LOCAL_OVERRIDE);
  if ((texts[local] !== undefined || existsSync(local)) && !seen.has(local)) await visit(local, []);
  return order;
}

/**
 * A problem inside an included file also says where that file was included from: the fix may be
 * in the include line (wrong file) as well as in the file.
 */
function noteIncludedFrom(found: Problem[], file: string, includeLoc: () => SourceLoc): void {
  for (const p of found) {
    // A problem with an include line of that file is already about including.
    if (p.loc?.file === file && !p.code.startsWith('include-'))
      p.message += ` (included from ${formatLoc(includeLoc())})`;
  }
}

/**
 * A stack file's text through the one read path (regular files only, bounded, UTF-8). An
 * included file that cannot be read is a problem at its include line; the main file's error
 * is thrown as is. Null: reported (or gone).
 */
function readSource(file: string, problems: Problem[], from: SourceLoc | undefined): string | null {
  try {
    const text = readTextFile(file);
    if (text !== null || !from) return text ?? '';
    const hint = 'paths are relative to the including file';
    problems.push({
      code: 'include-not-found',
      message: `include: no file at ${file}`,
      hint,
      loc: from,
    });
  } catch (e) {
    if (!(e instanceof McpoError) || !from) throw e;
    const notFile = e.code === 'not-regular-file';
    const hint = notFile
      ? 'include a stack file (a regular YAML file), or remove this include'
      : e.hint;
    problems.push({
      code: e.code,
      message: `include: ${e.message}`,
      hint: hint ?? 'fix the included file',
      loc: from,
    });
  }
  return null;
}

function resolveInclude(
  spec: string,
  src: SourceDoc,
  i: number,
  problems: Problem[],
): string | undefined {
  const loc = () => locate(src, ['include', i]);
  if (isBuiltinName(spec)) {
    const names = builtinStackNames();
    if (names.includes(spec)) return join(repoRoot(), 'stacks', `${spec}.yaml`);
    problems.push({
      code: 'include-not-found',
      message: `include[${i}]: no built-in stack \`${spec}\`${suggestion(spec, names)}`,
      hint: `built-in stacks: ${names.join(', ') || '(none)'}; for a file, write a path such as ./${spec}.yaml`,
      loc: loc(),
    });
    return undefined;
  }
  const file = isAbsolute(spec) ? spec : resolve(dirname(src.file), spec);
  if (existsSync(file)) return file;
  problems.push({
    code: 'include-not-found',
    message: `include[${i}]: no file at ${file}`,
    hint: 'paths are relative to the including file',
    loc: loc(),
  });
  return undefined;
}
