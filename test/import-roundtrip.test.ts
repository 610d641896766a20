// `mcpo import` then `mcpo plan` is `No changes.` for every client and each of its scopes:
// real files in a temp home, the real Secret Service, the built CLI.
import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { clients } from './helpers/clients.js';
import type { ClientAdapter } from '../src/clients/contract.js';
import type { NativeEntry, ServerSpec } from '../src/types.js';
import { realPathContext } from '../src/context.js';
import { makeTmpHome, type TmpHome } from './helpers/tmp-home.js';
import { keyringUnavailableReason, runMcpoInKeyring } from './helpers/keyring.js';

const reason = keyringUnavailableReason();
if (reason && process.env.CI === 'true') {
  test('a real Secret Service is available (required under CI=true)', () => {
    throw new Error(`import tests cannot run: ${reason}`);
  });
}

/** The hand-written fixture of each client (its user file, with unrelated settings around the servers). */
const FIXTURES: Record<string, string> = {
  'claude-desktop': 'claude-desktop/claude_desktop_config.json',
  'claude-code': 'claude-code/claude.json',
  cursor: 'cursor/mcp.json',
  vscode: 'vscode/mcp.json',
  cline: 'cline/cline_mcp_settings.json',
  'roo-code': 'roo-code/mcp_settings.json',
  windsurf: 'windsurf/mcp_config.json',
  zed: 'zed/settings.json',
  'gemini-cli': 'gemini-cli/settings.json',
  'qwen-code': 'qwen-code/settings.json',
  'copilot-cli': 'copilot-cli/mcp-config.json',
  opencode: 'opencode/opencode.json',
  kiro: 'kiro/mcp.json',
  'amazon-q': 'amazon-q/mcp.json',
  'lm-studio': 'lm-studio/mcp.json',
  codex: 'codex/config.toml',
  continue: 'continue/config.yaml',
  goose: 'goose/config.yaml',
  'kilo-cli': 'kilo-cli/kilo.jsonc',
  'qoder-cli': 'qoder-cli/settings.json',
  auggie: 'auggie/settings.json',
  droid: 'droid/mcp.json',
  amp: 'amp/settings.json',
  'grok-cli': 'grok-cli/settings.json',
  'antigravity-cli': 'antigravity-cli/mcp_config.json',
  'devin-desktop': 'devin-desktop/mcp_config.json',
  'zoo-code': 'zoo-code/mcp_settings.json',
  'kiro-cli': 'kiro-cli/mcp.json',
  'cursor-agent': 'cursor-agent/mcp.json',
  crush: 'crush/crush.json',
  warp: 'warp/.mcp.json',
  junie: 'junie/mcp.json',
  'jetbrains-ai': 'jetbrains-ai/mcp.json',
  trae: 'trae/mcp.json',
  'visual-studio': 'visual-studio/.mcp.json',
};
const fixture = (id: string) =>
  readFileSync(new URL(`./fixtures/clients/${FIXTURES[id]}`, import.meta.url), 'utf8');

/** Entries the stack cannot hold, reported and left alone. */
const EXPECTED_SKIPS: Record<string, string[]> = {
  goose: [
    expect.stringMatching(
      /^Skipped developer in .*config\.yaml: it has neither a command nor a url/,
    ) as unknown as string,
  ],
  // Windsurf's `serverUrl`: read, but written back as `url`, so left alone rather than rewritten.
  'devin-desktop': [
    expect.stringMatching(
      /^Skipped vaadin in .*mcp_config\.json: mcpo would write it back differently \(serverUrl, url\)/,
    ) as unknown as string,
  ],
};

/** Secret values per client and scope: each must end up in the keychain and nowhere in mcpo's output. */
const tokenFor = (id: string, scope: string) => `ghp_${id}_${scope}_s3cr3tV4lue`;
const keyFor = (id: string, scope: string) => `lin_${id}_${scope}_k3yV4lue`;

/** A stdio server with a secret env value and a client-specific field, and a remote one with an Authorization header. */
function nativeEntries(a: ClientAdapter, scope: string): Record<string, NativeEntry> {
  const stdio: ServerSpec = {
    name: `github-${scope}`,
    transport: 'stdio',
    command: 'npx',
    args: ['-y', '@modelcontextprotocol/server-github'],
    env: { GITHUB_PERSONAL_ACCESS_TOKEN: tokenFor(a.id, scope), LOG_LEVEL: 'debug' },
    clientOptions: { [a.id]: { note: 'kept as-is' } },
  };
  const remote: ServerSpec = {
    name: `linear-${scope}`,
    transport: 'http',
    url: 'https://mcp.linear.app/mcp',
    headers: { Authorization: `Bearer ${keyFor(a.id, scope)}` },
  };
  const out: Record<string, NativeEntry> = {};
  for (const spec of [stdio, remote]) {
    const r = a.render(spec);
    if (r.ok) out[spec.name] = r.entry;
    else if (spec === stdio) throw new Error(`${a.id}: ${r.message}`);
  }
  return out;
}

(reason ? describe.skip : describe)(
  `import round trip${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    let h: TmpHome;
    let project: string;
    const mcpo = (args: string[]) => runMcpoInKeyring(args, { env: h.env, cwd: project });
    beforeEach(() => {
      h = makeTmpHome();
      project = join(h.home, 'work', 'app');
      mkdirSync(project, { recursive: true });
    });
    afterEach(() => h.cleanup());

    test.each(clients.map((c) => [c.id, c] as const))(
      '%s: import, then plan says No changes; files untouched; secrets in the keychain only',
      (_id, a) => {
        const ctx = realPathContext(h.env, project);
        const written = new Map<string, string>();
        const secrets: string[] = [];
        for (const scope of a.scopes) {
          const path = a.configPath(scope, ctx);
          const base = written.get(path) ?? (scope === 'user' ? fixture(a.id) : '');
          const entries = nativeEntries(a, scope);
          written.set(path, a.format.writeEntries(base, path, a.entriesPath(scope, ctx), entries));
          secrets.push(
            tokenFor(a.id, scope),
            ...(entries[`linear-${scope}`] ? [keyFor(a.id, scope)] : []),
          );
        }
        for (const [path, text] of written) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, text);
        }

        const imp = mcpo(['import']);
        expect(imp.stderr.split('\n').filter((l) => l.startsWith('Skipped'))).toEqual(
          EXPECTED_SKIPS[a.id] ?? [],
        );
        expect(imp).toMatchObject({ code: 0 });
        const stack = readFileSync(join(project, 'mcp.stack.yaml'), 'utf8');
        expect(stack).toMatch(/^# yaml-language-server: \$schema=/);
        for (const scope of a.scopes) expect(stack).toContain(`github-${scope}:`);
        expect(stack).toContain('${secret:');
        for (const [path, text] of written) expect(readFileSync(path, 'utf8')).toBe(text);

        const plan = mcpo(['plan', '--json']);
        expect(plan.stderr).toBe('');
        const json = JSON.parse(plan.stdout) as {
          changes: boolean;
          missing_secrets: string[];
          errors: unknown[];
          targets: { client: string; scope: string; changes: { action: string }[] }[];
        };
        expect(json).toMatchObject({ changes: false, missing_secrets: [], errors: [] });
        // Every scope is planned and every imported entry is a managed no-op (not an adoption).
        expect(json.targets.map((t) => t.scope).sort()).toEqual([...a.scopes].sort());
        expect(mcpo(['plan']).stdout).toContain('No changes.');
        expect(mcpo(['validate']).code).toBe(0);
        for (const [path, text] of written) expect(readFileSync(path, 'utf8')).toBe(text);

        const list = mcpo(['secret', 'list']);
        expect(list.stdout).not.toMatch(/missing/);
        expect(list.stdout).toMatch(/present\s+keychain/);
        for (const s of secrets)
          for (const text of [stack, imp.stdout, imp.stderr, plan.stdout, list.stdout])
            expect(text).not.toContain(s);
        expect(existsSync(join(project, 'mcp.stack.yaml'))).toBe(true);
      },
      60_000,
    );
  },
);
