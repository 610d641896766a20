/**
 * A whole client file parsed leniently, for masking what `plan --diff` may show of it: its
 * context lines can fall anywhere, including other programs' settings and entries mcpo does
 * not manage. Only the `--diff` path loads this (and the parsers).
 */
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';

/** The document as plain data, or undefined when it does not parse (the plan reports that). */
export function wholeDocument(format: 'json' | 'jsonc' | 'yaml' | 'toml', text: string): unknown {
  try {
    if (format === 'toml') return parseToml(text);
    if (format === 'yaml') return parseYaml(text, { uniqueKeys: false });
    return parseJsonc(text.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true });
  } catch {
    return undefined;
  }
}
