import { isatty } from 'node:tty';
import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import type { PathContext, ServerSpec } from '../types.js';
import { McpoError } from '../errors.js';
import { openSession, requireClient, type Session } from './session.js';
import { loadClients } from '../clients/index.js';
import { realPathContext } from '../context.js';
import { stateDir } from '../state/dirs.js';
import { StateStore } from '../state/store.js';
import { envSecretLookup } from '../secrets/resolve.js';
import { didYouMean } from '../stack/suggest.js';
import { colorsFor } from '../render/colors.js';
import { checkServer } from '../doctor/check-server.js';
import { checkClientFiles } from '../doctor/client-checks.js';
import { runChecks } from '../doctor/run-checks.js';
import { progressPrinter, renderDetails, label } from '../doctor/render.js';
import type { ClientFileReport, DoctorReport } from '../doctor/report.js';

/** `mcpo doctor`: load the servers (stack or a client's files), check them concurrently, report. Exit 1 when any check fails. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const timeoutSeconds = Number(opts.timeout ?? 30);
  if (!(timeoutSeconds > 0)) throw new McpoError('bad-option', `--timeout must be a positive number of seconds, not ${String(opts.timeout)}.`, { hint: 'e.g. --timeout 10' });
  const clientIds = (opts.client as string[] | undefined) ?? [];
  const { servers, clientFiles, session, ctx } = clientIds.length ? await fromClients(opts, clientIds) : await fromStack(opts);
  const wanted = (opts.servers as string[] | undefined) ?? [];
  const selected = wanted.length ? servers.filter((s) => wanted.includes(s.spec.name)) : servers;
  for (const name of wanted) {
    if (!servers.some((s) => s.spec.name === name)) {
      const close = didYouMean(name, servers.map((s) => s.spec.name));
      throw new McpoError('unknown-server', `No server named ${name}${clientIds.length ? ` in ${clientIds.join(', ')}` : ' in the stack'}.`, {
        hint: close ? `did you mean ${close}?` : `the servers are: ${servers.map((s) => s.spec.name).join(', ') || '(none)'}`,
      });
    }
  }

  const c = colorsFor(io.color);
  const env = process.env;
  const check = { env, platform: ctx.platform, home: ctx.home, timeoutSeconds, cwd: ctx.projectDir, secrets: session?.secrets ?? envSecretLookup(env), maskSecrets: session?.stack.secretNames ?? [] };
  const live = !opts.json && isatty(2);
  const names = selected.map((s) => label({ server: s.spec.name, ...(s.source ? { source: s.source } : {}) }));
  // Live: a block on stderr rewritten in place. Otherwise each server's line goes to stdout as its check ends.
  const write = live ? (t: string) => io.err(t.replace(/\n$/, '')) : io.out;
  const progress = opts.json ? { started: () => {}, finished: () => {} } : progressPrinter(names, write, live, c, process.stderr.columns || 80);
  const reports = await runChecks(selected.map((s) => s.spec), (spec) => checkServer(spec, check), progress);
  selected.forEach((s, i) => s.source && (reports[i]!.source = s.source));

  const report: DoctorReport = { ok: reports.every((r) => r.ok) && clientFiles.every((f) => f.ok), servers: reports, clientFiles };
  if (opts.json) io.out(JSON.stringify(report, null, 2) + '\n');
  else io.out(renderDetails(report, c));
  return report.ok ? 0 : 1;
}

interface Loaded {
  servers: { spec: ServerSpec; source?: string }[];
  clientFiles: ClientFileReport[];
  session?: Session;
  /** The session's path context, or the machine's for the project folder when there is no stack. */
  ctx: PathContext;
}

async function fromStack(opts: CommandOptions): Promise<Loaded> {
  const s = await openSession({ stack: opts.stack as string, project: opts.project as string | undefined });
  return { servers: Object.values(s.stack.servers).map((spec) => ({ spec })), clientFiles: [], session: s, ctx: s.ctx };
}

/** The clients' files as they are; the stack, when there is one, only adds explicit target paths. */
async function fromClients(opts: CommandOptions, ids: string[]): Promise<Loaded> {
  await loadClients(ids);
  const adapters = ids.map(requireClient);
  let session: Session | undefined;
  try {
    // The stack's secrets are resolved only to be masked: a `secrets: launcher` entry starts
    // `mcpo run`, which hands the server the values, and the server may print them.
    session = await openSession({ stack: opts.stack as string, project: opts.project as string | undefined });
  } catch (e) {
    if (!(e instanceof McpoError) || e.code !== 'stack-not-found') throw e;
  }
  const ctx = session?.ctx ?? realPathContext(process.env, resolve((opts.project as string | undefined) ?? '.'));
  const applies = (session?.store ?? new StateStore(stateDir(ctx))).readApplies();
  const out: Loaded = { servers: [], clientFiles: [], ...(session ? { session } : {}), ctx };
  for (const a of adapters) {
    const extra = (session?.stack.targets ?? []).filter((t) => t.client === a.id && t.path).map((t) => ({ scope: t.scope, path: t.path! }));
    const r = checkClientFiles(a, ctx, extra, applies);
    out.clientFiles.push(...r.files);
    out.servers.push(...r.servers);
  }
  return out;
}
