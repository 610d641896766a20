// `secrets: inputs` for VS Code: `${input:NAME}` in the entry and a password promptString in the
// file's top-level `inputs`, so VS Code asks once and keeps the value in its secret storage.
// Generated cases for the class (any secrets, any user inputs already there), then the CLI on
// real files in a temporary home.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import { getClient } from './helpers/clients.js';
import { toInputReferences } from '../src/delivery/inputs-mode.js';
import { hasSecret } from '../src/secrets/tokens.js';
import type { ServerSpec } from '../src/types.js';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';

const vscode = getClient('vscode')!;
const secretName = fc.stringMatching(/^[a-z][a-z0-9._-]{0,8}$/);
const token = (n: string) => `\uE000secret:${n}\uE001`;
const userInput = fc.record({
  type: fc.constantFrom('pickString', 'promptString'),
  id: fc.stringMatching(/^[a-z]{1,6}$/),
  description: fc.constantFrom('mine', 'Token'),
});

describe('secrets: inputs, generated', () => {
  test('every secret becomes an input reference and every reference a password prompt; user inputs stay as they were', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(secretName, { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(userInput, { maxLength: 3, selector: (i) => i.id }),
        (secrets, mine) => {
          const server: ServerSpec = {
            name: 'svc',
            transport: 'stdio',
            command: 'node',
            args: ['s.js', `--key=${token(secrets[0]!)}`],
            env: Object.fromEntries(secrets.map((s, i) => [`V${i}`, token(s)])),
          };
          const r = toInputReferences(server, 'vscode');
          if (!r.ok) throw new Error(r.problem.message);
          expect(hasSecret(r.server)).toBe(false);
          const rendered = vscode.render(r.server);
          if (!rendered.ok) throw new Error(rendered.message);
          const before = JSON.stringify({ inputs: mine, servers: {} }, null, 2) + '\n';
          const after = vscode.format.writeEntries(before, 'mcp.json', ['servers'], {
            svc: rendered.entry,
          });
          const doc = parse(after) as {
            inputs: { id: string; type: string; password?: boolean }[];
            servers: Record<string, unknown>;
          };
          expect(doc.inputs.slice(0, mine.length)).toEqual(mine);
          for (const s of secrets) {
            const defs = doc.inputs.filter((i) => i.id === s);
            expect(defs).toHaveLength(1);
            if (!mine.some((m) => m.id === s))
              expect(defs[0]).toMatchObject({ type: 'promptString', password: true });
          }
          // Removing the entry removes the prompts mcpo added, and only those.
          const removed = vscode.format.writeEntries(after, 'mcp.json', ['servers'], {
            svc: undefined,
          });
          expect((parse(removed) as { inputs: unknown[] }).inputs).toEqual(mine);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a client without input variables gets a plan problem naming the fix', () => {
    const r = toInputReferences(
      { name: 'svc', transport: 'stdio', command: 'x', env: { K: token('k') } },
      'claude-code',
    );
    expect(r).toMatchObject({
      ok: false,
      problem: {
        code: 'inputs-unsupported',
        hint: 'set `secrets: env` or `secrets: launcher` on the claude-code target',
      },
    });
  });
});

describe('secrets: inputs, mcpo apply on a real file', () => {
  let h: TmpHome;
  let stack = '';
  const file = () => join(h.home, '.config', 'Code', 'User', 'mcp.json');
  beforeEach(() => {
    h = makeTmpHome('mcpo-inputs-');
    mkdirSync(join(h.home, '.config', 'Code', 'User'), { recursive: true });
    writeFileSync(
      file(),
      '{\n  // my own prompt\n  "inputs": [\n    { "type": "pickString", "id": "mine", "options": ["a", "b"] }\n  ],\n  "servers": {}\n}\n',
    );
    stack = join(h.home, 'mcp.stack.yaml');
    writeFileSync(
      stack,
      'version: 1\nservers:\n  gh: { command: npx, args: [-y, gh-mcp], env: { GITHUB_TOKEN: "${secret:gh-token}" } }\nclients:\n  vscode: [{ scope: user, secrets: inputs, servers: [gh] }]\n',
    );
  });
  afterEach(() => h.cleanup());

  test('apply needs no secret value, writes the reference and the prompt, keeps the user input byte for byte; plan is then clean', () => {
    const r = runMcpo(['apply', '--stack', stack, '--yes'], {
      env: { ...h.env, DBUS_SESSION_BUS_ADDRESS: '' },
      cwd: h.home,
    });
    expect(r).toMatchObject({ code: 0 });
    const text = readFileSync(file(), 'utf8');
    expect(text).toContain(
      '  // my own prompt\n  "inputs": [\n    { "type": "pickString", "id": "mine", "options": ["a", "b"] },\n    {\n      "type": "promptString",\n      "id": "gh-token",\n      "description": "mcpo secret gh-token",\n      "password": true\n    }\n  ],',
    );
    expect((parse(text) as { servers: { gh: { env: object } } }).servers.gh.env).toEqual({
      GITHUB_TOKEN: '${input:gh-token}',
    });
    expect(
      runMcpo(['plan', '--stack', stack, '--detailed-exitcode'], { env: h.env, cwd: h.home }).code,
    ).toBe(0);
  });
});
