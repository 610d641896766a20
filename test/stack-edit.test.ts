import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'yaml';
import { addServerText, removeServerText } from '../src/stack/edit-text.js';
import { NEW_LOCAL_FILE, setUseText } from '../src/stack/edit-use.js';
import { editYamlText } from '../src/stack/yaml-splice.js';

/** Hand-written layout yaml would print differently: padded flow maps, 4-space blocks, comments. */
const STACK = `# yaml-language-server: $schema=./schemas/stack.schema.json
# Team stack.
version: 1

servers:
  memory:   # remembers things
    command: npx
    args: [ -y, '@modelcontextprotocol/server-memory' ]

  everything:
      command: npx     # four-space indent, kept
      args: [-y, "@modelcontextprotocol/server-everything"]

stacks:
  research: { servers: [memory] }   # research workflow
  development:
    description: Coding
    servers:
      - everything

clients:
  claude-code: { scope: user, stacks: [research, development] }
  cursor:
    - { scope: user, stacks: [research] }
    - { scope: project, servers: [everything] }
`;

const lines = (t: string) => t.split('\n');

describe('addServerText', () => {
  test('adds the server at the end of servers and leaves every other line byte for byte', () => {
    const out = addServerText(STACK, 'fs', {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
      env: { LOG: 'debug' },
    });
    const added = `
  fs:
    command: npx
    args: [-y, "@modelcontextprotocol/server-filesystem", /tmp]
    env:
      LOG: debug
`;
    // The blank line before each server is the file's rhythm, so the new one gets one too.
    expect(out).toBe(STACK.replace('server-everything"]\n', `server-everything"]\n${added}`));
  });

  test('--to lists it in a block list and --client in every target of the client, creating a missing one', () => {
    const out = addServerText(
      STACK,
      'fs',
      { command: 'fs-server' },
      { toStack: 'development', clients: ['cursor', 'vscode'] },
    );
    const data = parse(out);
    expect(data.stacks.development.servers).toEqual(['everything', 'fs']);
    expect(data.clients.cursor).toEqual([
      { scope: 'user', stacks: ['research'], servers: ['fs'] },
      { scope: 'project', servers: ['everything', 'fs'] },
    ]);
    expect(data.clients.vscode).toEqual({ servers: ['fs'] });
    // Unrelated lines survive exactly, comments included.
    for (const l of [
      '  memory:   # remembers things',
      "    args: [ -y, '@modelcontextprotocol/server-memory' ]",
      '      command: npx     # four-space indent, kept',
      '  research: { servers: [memory] }   # research workflow',
      '  claude-code: { scope: user, stacks: [research, development] }',
    ]) {
      expect(lines(out)).toContain(l);
    }
  });

  test('a file without servers: gets one', () => {
    expect(
      parse(
        addServerText('version: 1\n', 'web', { url: 'https://x.example/mcp', transport: 'sse' }),
      ),
    ).toEqual({
      version: 1,
      servers: { web: { url: 'https://x.example/mcp', transport: 'sse' } },
    });
  });
});

describe('removeServerText', () => {
  test('removes the server, its comment and its mentions; the rest stays byte for byte', () => {
    const out = removeServerText(STACK, 'memory');
    const data = parse(out);
    expect(Object.keys(data.servers)).toEqual(['everything']);
    expect(data.stacks.research.servers).toEqual([]);
    expect(data.clients.cursor[0].stacks).toEqual(['research']);
    expect(out).not.toContain('remembers things');
    expect(
      out.startsWith(
        '# yaml-language-server: $schema=./schemas/stack.schema.json\n# Team stack.\nversion: 1\n\nservers:\n  everything:\n      command: npx     # four-space indent, kept\n',
      ),
    ).toBe(true);
    expect(out).toContain(
      '\nclients:\n  claude-code: { scope: user, stacks: [research, development] }\n  cursor:\n    - { scope: user, stacks: [research] }\n',
    );
  });

  test('a block list item goes with its line', () => {
    const out = removeServerText(STACK, 'everything');
    expect(out).toContain('  development:\n    description: Coding\n    servers: []\n');
    expect(parse(out).clients.cursor[1]).toEqual({ scope: 'project', servers: [] });
  });
});

describe('setUseText (mcp.stack.local.yaml)', () => {
  const LOCAL = `# my machine only
version: 1
vars:
  projects:   ~/work   # odd spacing, kept
`;

  test('for every client, then per client, then back to all; comments kept throughout', () => {
    const a = setUseText(LOCAL, { stacks: ['research'], clients: [] });
    expect(a).toBe(`${LOCAL}use:\n  stacks: [research]\n`);
    const b = setUseText(a, { stacks: ['development'], clients: ['cursor'] });
    expect(b).toBe(`${LOCAL}use:\n  stacks: [research]\n  clients:\n    cursor: [development]\n`);
    // --all for one client while every client has a choice: that client says `all`.
    const c = setUseText(b, { stacks: 'all', clients: ['cursor'] });
    expect(parse(c).use).toEqual({ stacks: ['research'], clients: { cursor: 'all' } });
    // A choice for every client replaces the per-client ones.
    expect(parse(setUseText(c, { stacks: ['research', 'development'], clients: [] })).use).toEqual({
      stacks: ['research', 'development'],
    });
    expect(setUseText(c, { stacks: 'all', clients: [] })).toBe(LOCAL);
  });

  test('--all for the only per-client choice removes use: entirely', () => {
    const b = setUseText(NEW_LOCAL_FILE, { stacks: ['dev'], clients: ['cursor'] });
    expect(setUseText(b, { stacks: 'all', clients: ['cursor'] })).toBe(NEW_LOCAL_FILE);
  });
});

describe('editYamlText', () => {
  test('no change returns the text itself', () => {
    expect(editYamlText(STACK, () => undefined)).toBe(STACK);
  });

  test('property: adding then removing a server changes no other line, and the data comes back', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
        (name, args) => {
          fc.pre(!['memory', 'everything'].includes(name));
          const added = addServerText(
            STACK,
            name,
            { command: 'cmd', ...(args.length ? { args } : {}) },
            { toStack: 'research', clients: ['claude-code'] },
          );
          expect(parse(added).servers[name]).toEqual({
            command: 'cmd',
            ...(args.length ? { args } : {}),
          });
          const back = removeServerText(added, name);
          // The only line allowed to differ is the target whose list add created (it stays, empty),
          // and that one keeps its spacing (issue 13).
          const diff = lines(back).filter((l, i) => l !== lines(STACK)[i]);
          expect(diff).toEqual([
            '  claude-code: { scope: user, stacks: [research, development], servers: [] }',
          ]);
          const expected = parse(STACK);
          expected.clients['claude-code'].servers = []; // the list add created stays, empty
          expect(parse(back)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("a changed line keeps its comment spacing, never a string's content", () => {
  test('comment spacing kept; a # inside quotes untouched', () => {
    const text =
      'version: 1\nservers:\n  a: { command: x, args: ["p  #q"] }\nstacks:\n  s: { servers: [a] }    # note\n';
    const out = addServerText(text, 'b', { command: 'y' }, { toStack: 's' });
    expect(out).toContain('  s: { servers: [a, b] }    # note\n');
    expect(out).toContain('  a: { command: x, args: ["p  #q"] }\n');
    const quoted =
      'version: 1\nservers:\n  a: { command: x }\nstacks:\n  s: { description: "x  #y", servers: [a] }\n';
    expect(parse(addServerText(quoted, 'b', { command: 'y' }, { toStack: 's' })).stacks.s).toEqual({
      description: 'x  #y',
      servers: ['a', 'b'],
    });
  });
});
