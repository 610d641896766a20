import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import type { ConfigFormat } from '../src/formats/contract.js';
import { yamlFormat } from '../src/formats/yaml.js';
import { tomlFormat } from '../src/formats/toml.js';
import type { NativeEntry } from '../src/types.js';

/**
 * The YAML and TOML writers edit every entry of a file in one pass. Whatever the file and the
 * changes, that pass must give the same bytes as setting the entries one at a time (the
 * writers' earlier, quadratic behaviour: removals first, so that the order of a change list does
 * not matter), and read back as exactly the entries asked for.
 */

const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'srv.x', 'with space');
const entry = fc.record(
  {
    command: fc.string({ maxLength: 8 }),
    args: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  },
  { requiredKeys: ['command'] },
);
const changes = fc.dictionary(name, fc.option(entry, { nil: undefined }), { maxKeys: 6 });
const eol = fc.constantFrom('\n', '\r\n');

type Change = [string, NativeEntry | undefined];

/** The removals first, then the other changes, each on its own (where one goes does not depend on the other's order). */
function oneAtATime(format: ConfigFormat, text: string, path: string[], changes: Change[]): string {
  const list = [
    ...changes.filter((c) => c[1] === undefined),
    ...changes.filter((c) => c[1] !== undefined),
  ];
  return list.reduce((t, [k, v]) => format.writeEntries(t, '/f', path, { [k]: v }), text);
}

/**
 * The same bytes as one entry at a time, when that way succeeds (one pass may also succeed
 * where a middle step of the other could not: then only the read-back below is checked).
 */
function same(format: ConfigFormat, text: string, path: string[], list: Change[]): void {
  let one: string | undefined;
  try {
    one = oneAtATime(format, text, path, list);
  } catch {
    one = undefined;
  }
  const out = format.writeEntries(text, '/f', path, Object.fromEntries(list));
  if (one !== undefined) expect(out).toBe(one);
  const want = { ...format.readEntries(text, '/f', path) };
  for (const [k, v] of list) {
    if (v === undefined) delete want[k];
    else want[k] = v;
  }
  expect(JSON.parse(JSON.stringify(format.readEntries(out, '/f', path)))).toEqual(
    JSON.parse(JSON.stringify(want)),
  );
}

/**
 * A comment above a table stays even when its table goes (where it ends up may differ from one
 * entry at a time, which re-reads the file between steps), and the entries read back right.
 */
function keepsComments(format: ConfigFormat, text: string, path: string[], list: Change[]): void {
  const out = format.writeEntries(text, '/f', path, Object.fromEntries(list));
  for (const line of text.split(/\r?\n/).filter((l) => l.startsWith('#')))
    expect(out.split(/\r?\n/)).toContain(line);
  const want = { ...format.readEntries(text, '/f', path) };
  for (const [k, v] of list) {
    if (v === undefined) delete want[k];
    else want[k] = v;
  }
  expect(JSON.parse(JSON.stringify(format.readEntries(out, '/f', path)))).toEqual(
    JSON.parse(JSON.stringify(want)),
  );
}

describe('YAML: one pass gives the bytes of one entry at a time', () => {
  test('a map of entries (Goose extensions)', () => {
    const file = fc.record({
      existing: fc.uniqueArray(fc.tuple(name, entry), { selector: (x) => x[0], maxLength: 5 }),
      comment: fc.boolean(),
      after: fc.boolean(),
      finalEol: fc.boolean(),
      eol,
    });
    fc.assert(
      fc.property(file, changes, (f, ch) => {
        const lines = ['# goose', 'GOOSE_MODEL: x', 'extensions:'];
        for (const [n, e] of f.existing) {
          if (f.comment) lines.push('  # about ' + n);
          lines.push(
            `  ${JSON.stringify(n)}:`,
            `    command: ${JSON.stringify(e.command)}`,
            `    args: ${JSON.stringify(e.args ?? [])}`,
          );
        }
        if (!f.existing.length) lines[lines.length - 1] = 'extensions: {}';
        if (f.after) lines.push('other: 1');
        const text = lines.join(f.eol) + (f.finalEol ? f.eol : '');
        same(yamlFormat(), text, ['extensions'], Object.entries(ch));
      }),
      { numRuns: 300 },
    );
  });

  test('a list of entries told apart by name (Continue mcpServers), duplicates included', () => {
    const file = fc.record({
      existing: fc.array(fc.tuple(name, entry), { maxLength: 5 }),
      after: fc.boolean(),
      finalEol: fc.boolean(),
      empty: fc.constantFrom('absent', 'null', 'flow'),
      eol,
    });
    const format = yamlFormat({
      listKey: 'name',
      created: { name: 'mcpo', version: '0.0.1', schema: 'v1' },
    });
    fc.assert(
      fc.property(file, changes, (f, ch) => {
        const lines = ['name: mine', 'version: 0.0.1'];
        if (f.existing.length) lines.push('mcpServers:');
        else if (f.empty === 'null') lines.push('mcpServers:');
        else if (f.empty === 'flow') lines.push('mcpServers: []');
        for (const [n, e] of f.existing)
          lines.push(`  - name: ${JSON.stringify(n)}`, `    command: ${JSON.stringify(e.command)}`);
        if (f.after) lines.push('models: []');
        const text = lines.join(f.eol) + (f.finalEol ? f.eol : '');
        same(format, text, ['mcpServers'], Object.entries(ch));
      }),
      { numRuns: 300 },
    );
  });
});

describe('TOML: one pass gives the bytes of one entry at a time', () => {
  test('[mcp_servers.NAME] tables, sub-tables, other tables between, comments', () => {
    const block = fc.record({ n: name, e: entry, sub: fc.boolean(), comment: fc.boolean() });
    const file = fc.record({
      existing: fc.uniqueArray(block, { selector: (x) => x.n, maxLength: 5 }),
      otherAt: fc.nat({ max: 5 }),
      finalEol: fc.boolean(),
      eol,
    });
    const format = tomlFormat(['tool_timeout_sec']);
    fc.assert(
      fc.property(file, changes, (f, ch) => {
        const parts: string[] = ['model = "o3"'];
        f.existing.forEach(({ n, e, sub, comment }, i) => {
          if (i === f.otherAt) parts.push('[profiles.x]\nmodel = "y"');
          const key = /^[a-z]+$/.test(n) ? n : JSON.stringify(n);
          parts.push(
            `${comment ? '# ' + n + '\n' : ''}[mcp_servers.${key}]\ncommand = ${JSON.stringify(e.command)}` +
              (sub ? `\n\n[mcp_servers.${key}.env]\nK = "v"` : ''),
          );
        });
        const text = parts.join('\n\n').replace(/\n/g, f.eol) + (f.finalEol ? f.eol : '');
        if (f.existing.some((b) => b.comment))
          keepsComments(format, text, ['mcp_servers'], Object.entries(ch));
        else same(format, text, ['mcp_servers'], Object.entries(ch));
      }),
      { numRuns: 300 },
    );
  });
});
