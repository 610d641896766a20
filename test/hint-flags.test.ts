import { afterAll, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { makeTmpHome, runMcpo } from './helpers/tmp-home.js';
import { SRC, sourceFiles } from './helpers/source-files.js';

/**
 * Every `mcpo COMMAND ... --flag` that mcpo prints (a hint, an error's fix, a help line) names a
 * flag that COMMAND accepts: read from the code of every source file (not its comments), checked
 * against the built CLI's own `--help`. (A hint once told `mcpo status` users to use --force,
 * which status refused; that line names no command, and test/cli-status.test.ts covers it.)
 */
const home = makeTmpHome();
afterAll(() => home.cleanup());

/** Each backticked `mcpo ...` span with at least one --flag, and where it is. */
function hints(): { where: string; words: string[]; flags: string[] }[] {
  const out: { where: string; words: string[]; flags: string[] }[] = [];
  for (const file of sourceFiles()) {
    // Code, not comments: a comment may name an internal, hidden option.
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(\*|\/\*|\/\/)/.test(l))
      .join('\n');
    for (const m of text.matchAll(/`mcpo ([^`\n]*?--[a-z][^`\n]*?)\\?`/g)) {
      const span = m[1]!;
      const flags = [...span.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((f) => `--${f[1]}`);
      const words = span.split(/\s+/).filter((w) => /^[a-z][a-z-]*$/.test(w));
      out.push({ where: `${file.slice(SRC.length + 1)}: ${m[0]}`, words, flags });
    }
  }
  return out;
}

const helpCache = new Map<string, string>();
/** The help of the deepest command path the words name (`secret set`, else `secret`). */
function helpOf(words: string[]): string {
  for (const n of [2, 1]) {
    const path = words.slice(0, n);
    if (path.length < n) continue;
    const key = path.join(' ');
    if (!helpCache.has(key)) {
      const r = runMcpo([...path, '--help'], { env: home.env, cwd: home.home });
      helpCache.set(
        key,
        r.code === 0 && r.stdout.startsWith(`Usage: mcpo ${key} `) ? r.stdout : '',
      );
    }
    const help = helpCache.get(key)!;
    if (help) return help;
  }
  return '';
}

describe('flags that mcpo names in what it prints', () => {
  const found = hints();
  test('there are such hints to check (the scan reads the sources)', () => {
    expect(found.length).toBeGreaterThan(30);
  });
  test('each names a command, and that command accepts each flag', () => {
    const wrong: string[] = [];
    for (const h of found) {
      const help = helpOf(h.words);
      if (!help) wrong.push(`${h.where}: no such command`);
      for (const f of h.flags)
        if (help && !new RegExp(`(^|[\\s,])${f}\\b`, 'm').test(help))
          wrong.push(`${h.where}: ${f} is not an option of it`);
    }
    expect(wrong).toEqual([]);
  });
});
