import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'yaml';
import { addServerText } from '../src/stack/edit-text.js';

/**
 * Issue 13: `mcpo add` / `mcpo new` on an `init`-style file keep every other byte: an aligned flow
 * mapping (`cursor:      { stacks: [development] }`) keeps its padding when a server is listed
 * in it, and a new `servers:` goes after the commented `# servers:` example, above the clients.
 */
const HEAD = `# yaml-language-server: $schema=https://example.com/stack.schema.json
version: 1

include: [development]

# Settings of the built-in servers; uncomment to change them.
# vars:
#   projects: ~/projects

# Your own servers; \`mcpo add NAME -- COMMAND\` adds them here.
# servers:
#   my-server:
#     command: npx
`;
const WHICH = `
# Which clients get which stacks.
# Uncomment the ones you use.
`;
const CLIENTS = ['claude-code', 'cursor', 'vscode', 'windsurf'];

const layout = fc.record({
  ids: fc.subarray(CLIENTS, { minLength: 1 }),
  pad: fc.constantFrom('', ' '),
  align: fc.boolean(),
  commented: fc.boolean(),
});

function fileOf(l: { ids: string[]; pad: string; align: boolean; commented: boolean }): string {
  const width = Math.max(...l.ids.map((id) => id.length));
  const lines = l.ids.map(
    (id) =>
      `${l.commented ? '#' : ''}  ${`${id}:`.padEnd(l.align ? width + 1 : 0)} {${l.pad}stacks: [development]${l.pad}}`,
  );
  return `${HEAD}${WHICH}${l.commented ? '# ' : ''}clients:\n${lines.join('\n')}\n`;
}

describe('adding a server to an init-style file', () => {
  test('only the listed target line changes, keeping its padding; servers: comes after its example', () => {
    fc.assert(
      fc.property(
        layout,
        fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
        fc.nat(),
        (l, name, pick) => {
          fc.pre(name !== 'development');
          const text = fileOf(l);
          const client = l.commented ? undefined : l.ids[pick % l.ids.length]!;
          const out = addServerText(
            text,
            name,
            { command: 'npx', args: ['-y', name] },
            client ? { clients: [client] } : {},
          );
          const block = `servers:\n  ${name}:\n    command: npx\n    args: [-y, ${name}]\n`;
          // Right after the commented example, then the clients' paragraph as it was.
          expect(out.startsWith(HEAD + block)).toBe(true);
          const rest = out.slice((HEAD + block).length);
          const expected = text
            .slice(HEAD.length)
            .replace(
              new RegExp(
                `^(  ${client ?? '\\0'}: *\\{${l.pad}stacks: \\[development\\])${l.pad}\\}$`,
                'm',
              ),
              `$1, servers: [${name}]${l.pad}}`,
            );
          expect(rest).toBe(expected);
          expect(parse(out).servers[name]).toEqual({ command: 'npx', args: ['-y', name] });
          if (client)
            expect(parse(out).clients[client]).toEqual({
              stacks: ['development'],
              servers: [name],
            });
        },
      ),
      { numRuns: 200 },
    );
  });
});
