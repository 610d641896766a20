// Issue 11, class 1, end to end: distinctive secret values planted in the keychain, in
// MCPO_SECRET_*, inline in client files (env, headers, Authorization, `--token=`, `--api-key V`,
// a TOML file, entries mcpo manages and one it does not, settings outside the entries) and in a
// client log; then every command and flag of the built CLI, along the README's migration path
// (import, then `secrets: env`, then `secrets: launcher`). No planted value may appear in any
// stdout or stderr, saved plan, state.json, applies.json, or the imported stack file.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeTmpHome, type TmpHome } from './helpers/tmp-home.js';
import { keyringUnavailableReason, runMcpoInKeyring } from './helpers/keyring.js';

const reason = keyringUnavailableReason();
if (reason && process.env.CI === 'true') {
  test('a real Secret Service is available (required under CI=true)', () => {
    throw new Error(`leak tests cannot run: ${reason}`);
  });
}

const leak = () => `LEAK${randomBytes(8).toString('hex')}`;
/** Every planted value, by where it was planted (the name says which one leaked). */
const V = {
  keychain: leak(), // `mcpo secret set kc-token`
  rotated: leak(), // `mcpo secret set gh-pat`: the new value of what the file holds as GH_PAT
  envSecret: leak(), // MCPO_SECRET_ENVSECRET
  fileEnv: leak(), // env BRAVE_API_KEY (managed after import)
  fileArgAssign: leak(), // --token=V
  fileArgPair: leak(), // --api-key V
  fileBearer: leak(), // headers.Authorization: Bearer V
  fileNotSecretKey: leak(), // env GH_PAT: its key does not look secret; the stack replaces it by ${secret:gh-pat}
  topLevel: leak(), // "primaryApiKey" outside mcpServers (context lines of --diff)
  otherProject: leak(), // another project's local-scope entry
  unmanagedSession: leak(), // entry added by hand after import: env MY_SESSION
  unmanagedPassword: leak(), // ... and --password V
  unmanagedCookie: leak(), // ... and header Cookie on a remote entry
  tomlArg: leak(), // Codex config.toml: --api-key=V
  tomlEnv: leak(), // Codex: env SERVICE_TOKEN
  tomlTop: leak(), // Codex: a top-level setting with a secret-looking key
  yamlArg: leak(), // Goose config.yaml: --token=V
  yamlEnv: leak(), // Goose: envs SERVICE_TOKEN
  yamlTop: leak(), // Goose: OPENAI_API_KEY, a plain YAML scalar right after the extensions
};

(reason ? describe.skip : describe)(
  `no secret value in any output${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    let h: TmpHome;
    let project: string;
    let stackFile: string;
    let leaky: string;
    const covered: string[] = [];
    const hits: string[] = [];
    const env = () => ({ ...h.env, MCPO_SECRET_ENVSECRET: V.envSecret });

    /** Greps a text for every planted value; a hit names the value and the place. */
    const check = (where: string, text: string) => {
      for (const [name, value] of Object.entries(V))
        if (text.includes(value)) hits.push(`${name} in ${where}`);
    };
    const mcpo = (args: string[], input?: string) => {
      const r = runMcpoInKeyring(args, {
        env: env(),
        cwd: project,
        ...(input !== undefined ? { input } : {}),
      });
      covered.push(args.join(' '));
      check(`stdout of mcpo ${args.join(' ')}`, r.stdout);
      check(`stderr of mcpo ${args.join(' ')}`, r.stderr);
      return r;
    };
    const setMode = (mode: 'inline' | 'env' | 'launcher') => {
      const text = readFileSync(stackFile, 'utf8').replace(/\n {4}secrets: \w+\n/, '\n');
      writeFileSync(
        stackFile,
        text.replace(/\n {2}claude-code:\n/, `\n  claude-code:\n    secrets: ${mode}\n`),
      );
    };
    const checkFiles = (when: string) => {
      const state = join(h.env.XDG_STATE_HOME!, 'mcpo');
      for (const f of ['state.json', 'applies.json'])
        if (existsSync(join(state, f)))
          check(`${f} (${when})`, readFileSync(join(state, f), 'utf8'));
      for (const f of readdirSync(project).filter((n) => n.endsWith('.plan.json')))
        check(`plan file ${f} (${when})`, readFileSync(join(project, f), 'utf8'));
    };

    beforeAll(() => {
      h = makeTmpHome();
      project = join(h.home, 'proj');
      mkdirSync(project);
      stackFile = join(project, 'mcp.stack.yaml');
      leaky = join(h.home, 'leaky.cjs');
      // A server that prints every argument and credential it was given, then exits.
      writeFileSync(
        leaky,
        `process.stderr.write(['leaky', ...process.argv.slice(2), ...['BRAVE_API_KEY','GH_PAT','KC','SERVICE_TOKEN','MCPO_SECRET_ENVSECRET'].map((k) => process.env[k])].join(' ') + '\\n'); process.exit(3);\n`,
      );
      mkdirSync(join(h.home, '.claude'));
      writeFileSync(
        join(h.home, '.claude.json'),
        JSON.stringify(
          {
            numStartups: 3,
            mcpServers: {
              brave: {
                type: 'stdio',
                command: 'node',
                args: [leaky, `--token=${V.fileArgAssign}`, '--api-key', V.fileArgPair],
                env: { BRAVE_API_KEY: V.fileEnv, LOG_LEVEL: 'info' },
              },
              remote: {
                type: 'http',
                url: 'http://127.0.0.1:9/mcp',
                headers: { Authorization: `Bearer ${V.fileBearer}` },
              },
              gh: {
                type: 'stdio',
                command: 'node',
                args: [leaky],
                env: { GH_PAT: V.fileNotSecretKey },
              },
            },
            primaryApiKey: V.topLevel,
            projects: {
              '/elsewhere': {
                mcpServers: {
                  theirs: { type: 'stdio', command: 'x', env: { API_TOKEN: V.otherProject } },
                },
              },
            },
          },
          null,
          2,
        ) + '\n',
      );
      mkdirSync(join(h.home, '.codex'));
      writeFileSync(
        join(h.home, '.codex', 'config.toml'),
        `model = "o3"\nsecret_key = "${V.tomlTop}"\n\n[mcp_servers.tomlsrv]\ncommand = "node"\nargs = ["${leaky}", "--api-key=${V.tomlArg}"]\n\n[mcp_servers.tomlsrv.env]\nSERVICE_TOKEN = "${V.tomlEnv}"\n`,
      );
      mkdirSync(join(h.home, '.config', 'goose'), { recursive: true });
      writeFileSync(
        join(h.home, '.config', 'goose', 'config.yaml'),
        `GOOSE_PROVIDER: openai\nextensions:\n  yamlsrv:\n    name: yamlsrv\n    type: stdio\n    cmd: node\n    args: [${leaky}, --token=${V.yamlArg}]\n    envs: {SERVICE_TOKEN: ${V.yamlEnv}}\n    enabled: true\n    timeout: 300\nOPENAI_API_KEY: ${V.yamlTop}\n`,
      );
      // A Claude Code log of two servers that print credentials: theirs, the stack's, other entries'.
      const logged = [
        V.fileEnv,
        V.fileArgAssign,
        V.fileArgPair,
        V.fileBearer,
        V.keychain,
        V.rotated,
        V.envSecret,
        V.unmanagedSession,
        V.unmanagedPassword,
        V.unmanagedCookie,
        V.tomlArg,
        V.tomlEnv,
        V.yamlArg,
        V.yamlEnv,
      ];
      const logDir = (server: string) =>
        join(
          h.env.XDG_CACHE_HOME!,
          'claude-cli-nodejs',
          project.replace(/[^a-zA-Z0-9]/g, '-'),
          `mcp-logs-${server}`,
        );
      for (const server of ['brave', 'kcsrv']) {
        mkdirSync(logDir(server), { recursive: true });
        writeFileSync(
          join(logDir(server), '2026-11-20T09-00-00-000Z.jsonl'),
          logged
            .map((v) => `{"debug":"using ${v}","timestamp":"2026-11-20T09:00:00.000Z"}`)
            .join('\n') + '\n',
        );
      }
    });
    afterAll(() => h?.cleanup());

    test('import, secrets in the keychain and the environment, then every command with inline, env and launcher delivery', () => {
      expect(mcpo(['import']).code).toBe(0);
      check(
        'the imported stack file',
        readFileSync(stackFile, 'utf8').replace(V.fileNotSecretKey, ''),
      );
      expect(mcpo(['secret', 'set', 'kc-token'], V.keychain).code).toBe(0);
      expect(mcpo(['secret', 'set', 'gh-pat'], V.rotated).code).toBe(0);

      // The stack gains two servers using a keychain secret and an environment secret, and GH_PAT
      // (kept as a plain value by import: its key does not look secret) becomes a secret reference.
      const servers = `  kcsrv:\n    command: node\n    args: [ ${leaky} ]\n    env: { KC: "\${secret:kc-token}" }\n  envsrv:\n    command: node\n    args: [ ${leaky}, --key, "\${secret:envsecret}" ]\nstacks:\n  work: { servers: [ kcsrv ] }\n`;
      let text = readFileSync(stackFile, 'utf8').replace(
        `GH_PAT: ${V.fileNotSecretKey}`,
        'GH_PAT: ${secret:gh-pat}',
      );
      text = text
        .replace(/\nclients:\n/, `\n${servers}clients:\n`)
        .replace(/(\n {2}claude-code:\n(?: {4}.*\n)*? {4}servers: \[ )/, '$1kcsrv, envsrv, ');
      // Goose (YAML) gets kcsrv too, so --diff shows that file around its top-level key.
      text = text.replace(/(\n {2}goose:\n(?: {4}.*\n)*? {4}servers: \[ )/, '$1kcsrv, ');
      expect(text).toMatch(/goose:\n(?: {4}.*\n)*? {4}servers: \[ kcsrv, yamlsrv/);
      writeFileSync(stackFile, text);
      check('the edited stack file', text);
      // An entry mcpo does not manage, added by hand after the import.
      const claudeJson = JSON.parse(readFileSync(join(h.home, '.claude.json'), 'utf8'));
      claudeJson.mcpServers.hand = {
        type: 'stdio',
        command: 'node',
        args: [leaky, '--password', V.unmanagedPassword],
        env: { MY_SESSION: V.unmanagedSession },
      };
      claudeJson.mcpServers.handremote = {
        type: 'http',
        url: 'http://127.0.0.1:9/x',
        headers: { Cookie: V.unmanagedCookie },
      };
      writeFileSync(join(h.home, '.claude.json'), JSON.stringify(claudeJson, null, 2) + '\n');

      expect(mcpo(['validate']).code).toBe(0);
      mcpo(['secret', 'list']);
      mcpo(['clients']);
      for (const mode of ['inline', 'env', 'launcher'] as const) {
        setMode(mode);
        const plan = mcpo(['plan']);
        expect(plan.stdout).toMatch(/~ gh|\+ kcsrv|No changes/);
        mcpo(['plan', '--json']);
        const diff = mcpo(['plan', '--diff']);
        // The context lines of both files show settings outside the entries, masked.
        if (mode === 'inline')
          expect(diff.stdout).toMatch(
            /"primaryApiKey": "\(sensitive\)"[\s\S]*goose\/config\.yaml[\s\S]*\n OPENAI_API_KEY: \(sensitive\)/,
          );
        mcpo(['plan', '--detailed-exitcode']);
        expect(mcpo(['plan', '--out', `${mode}.plan.json`]).code).toBe(0);
        mcpo(['status']);
        mcpo(['status', '--json']);
        const apply = mode === 'env' ? mcpo(['apply', `${mode}.plan.json`]) : mcpo(['apply', '-y']);
        expect(apply.code).toBe(0);
        expect(mcpo(['plan']).stdout).toContain('No changes.');
        mcpo(['status']);
        mcpo(['doctor', '--timeout', '10']);
        mcpo(['doctor', '--json', '--timeout', '10']);
        mcpo(['doctor', '--client', 'claude-code', '--timeout', '10']);
        mcpo(['doctor', '--client', 'claude-code', '--json', '--timeout', '10']);
        mcpo(['doctor', '--client', 'codex', '--client', 'goose', '--timeout', '10']);
        mcpo(['logs', 'brave']);
        mcpo(['logs', 'kcsrv', '--client', 'claude-code']);
        checkFiles(`after ${mode}`);
      }
      mcpo(['use', 'work', '-y']);
      mcpo(['use', '--all', '-y']);
      mcpo(['apply', 'inline.plan.json']); // stale: refused
      mcpo(['add', 'bad', '--env', `API_TOKEN=${V.keychain}`, '--', 'node', leaky]);
      mcpo(['remove', 'envsrv']);
      mcpo(['apply', '-y']);
      mcpo(['rollback']);
      mcpo(['rollback', '--force']);
      mcpo(['plan', '--diff']);
      mcpo(['import', '--out', 'again.yaml']);
      mcpo(['secret', 'rm', 'kc-token']);
      mcpo(['plan']); // a secret without a value
      mcpo(['apply', '-y']);
      checkFiles('at the end');
      // Which commands ran, for the report; and the verdict.
      expect(covered.length).toBeGreaterThan(60);
      expect(hits).toEqual([]);
    }, 300_000);
  },
);
