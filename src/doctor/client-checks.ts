/**
 * `mcpo doctor --client ID`: the client's own files as they are on disk (managed or not). Each
 * file must parse; a file holding secret values must be private (0600); and, when mcpo changed it,
 * the client's restart requirement is repeated. Its servers are then checked like the stack's.
 */
import { statSync } from 'node:fs';
import type { ClientAdapter } from '../clients/contract.js';
import type { NativeEntry, PathContext, Scope, ServerSpec } from '../types.js';
import { stateKey, type ApplyRecord } from '../state/contract.js';
import { readText } from '../plan/load-targets.js';
import { McpoError } from '../errors.js';
import { adapterForText } from '../clients/dialect.js';
import { credentialsIn } from '../secrets/redact.js';
import type { ClientFileReport } from './report.js';
import { envRefs } from './env-refs.js';

export interface ClientServers {
  files: ClientFileReport[];
  /** Every entry of every file, parsed to the common model; `source` names the file. */
  servers: { spec: ServerSpec; source: string }[];
}

/** The config files of a client: each scope's default path, plus explicit paths from the stack. */
export function checkClientFiles(
  adapter: ClientAdapter,
  ctx: PathContext,
  extraPaths: { scope: Scope; path: string }[],
  applies: ApplyRecord[],
): ClientServers {
  const files: ClientFileReport[] = [];
  const servers: ClientServers['servers'] = [];
  const seen = new Set<string>();
  const wanted = [
    ...adapter.scopes.map((scope) => ({ scope, path: adapter.configPath(scope, ctx) })),
    ...extraPaths,
  ];
  for (const { scope, path } of wanted) {
    const entriesPath = adapter.entriesPath(scope, ctx);
    // One file can hold several scopes (Claude Code's user and local scopes share ~/.claude.json).
    const key = stateKey(path, entriesPath);
    if (seen.has(key)) continue;
    seen.add(key);
    const report: ClientFileReport = {
      client: adapter.id,
      scope,
      path,
      exists: false,
      ok: true,
      warnings: [],
      notes: [],
    };
    let text: string | null;
    try {
      text = readText(path);
    } catch (e) {
      if (!(e instanceof McpoError)) throw e;
      files.push({
        ...report,
        ok: false,
        failure: {
          kind: 'read-failed',
          message: e.message,
          fix: e.hint ?? 'check the file permissions',
        },
      });
      continue;
    }
    if (text === null) continue;
    report.exists = true;
    // The file's own format version (opencode's flat `mcp` or its `mcp.servers`).
    const reader = adapterForText(adapter, text);
    let entries: Record<string, NativeEntry>;
    try {
      entries = reader.format.readEntries(text, path, reader.entriesPath(scope, ctx));
    } catch (e) {
      if (!(e instanceof McpoError)) throw e;
      files.push({
        ...report,
        ok: false,
        failure: { kind: 'parse-error', message: e.message, fix: e.hint ?? 'fix the file by hand' },
      });
      continue;
    }
    const source = `${adapter.id} (${scope})`;
    for (const [name, entry] of Object.entries(entries)) {
      try {
        servers.push({ spec: reader.parse(name, entry), source });
      } catch (e) {
        if (!(e instanceof McpoError)) throw e;
        report.ok = false;
        report.failure = {
          kind: 'parse-error',
          message: `Entry ${name}: ${e.message}`,
          fix: e.hint ?? 'fix the entry by hand',
        };
      }
    }
    missingEnv(report, envRefs(adapter.id, entries, ctx.env));
    const secretHolders = Object.entries(entries)
      .filter(([, e]) => holdsSecretValue(e))
      .map(([n]) => n);
    const mode = statSync(path).mode & 0o777;
    if (secretHolders.length && ctx.platform !== 'win32' && (mode & 0o077) !== 0) {
      report.warnings.push(
        `${path} holds secret values (${secretHolders.join(', ')}) but is readable by others (mode ${mode.toString(8).padStart(4, '0')}): run \`chmod 600 ${path}\`, or set \`secrets: env\` or \`secrets: launcher\` on the target`,
      );
    }
    const last = [...applies].reverse().find((a) => a.files.some((f) => f.path === path));
    if (last)
      report.notes.push(
        `mcpo last changed this file at ${last.time}; unless done since: ${adapter.restartHint.replace(/\.$/, '')}`,
      );
    files.push(report);
  }
  return { files, servers };
}

/** Entries that refer to variables the client's environment lacks fail the file: the server would get nothing. */
function missingEnv(report: ClientFileReport, refs: ReturnType<typeof envRefs>): void {
  report.envRefs = refs;
  const unset = refs.filter((r) => !r.set);
  if (!unset.length || report.failure) return;
  const list = unset.map((r) => `${r.variable} (${r.server})`).join(', ');
  report.ok = false;
  report.failure = {
    kind: 'env-unset',
    message: `${report.path} refers to environment variables that are not set here: ${list}.`,
    fix:
      'set them in the environment the client starts with (a GUI app does not read your shell profile), ' +
      'or store the values with `mcpo secret set` and deliver them with `secrets: launcher`',
  };
}

/**
 * A literal credential anywhere in the entry (not a reference to a variable), by the one rule of
 * src/secrets/redact.ts: secret-looking env/header keys, `Authorization`, `--token=` arguments.
 */
function holdsSecretValue(entry: NativeEntry): boolean {
  return credentialsIn(entry).size > 0;
}
