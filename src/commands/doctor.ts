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
import { launcherEnvProblems } from '../doctor/launcher-env.js';
import { runChecks } from '../doctor/run-checks.js';
import { explainUnauthorized } from '../doctor/auth-check.js';
import { renderDetails, label } from '../doctor/render.js';
import { liveProgress, plainProgress } from '../doctor/progress.js';
import type { ClientFileReport, DoctorReport } from '../doctor/report.js';

/** `mcpo doctor`: load the servers (stack or a client's files), check them concurrently, report. Exit 1 when any check fails. */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const timeoutSeconds = Number(opts.timeout ?? 30);
  if (!(timeoutSeconds > 0))
    throw new McpoError(
      'bad-option',
      `--timeout must be a positive number of seconds, not ${String(opts.timeout)}.`,
      { hint: 'e.g. --timeout 10' },
    );
  const clientIds = (opts.client as string[] | undefined) ?? [];
  const { servers, clientFiles, session, ctx } = clientIds.length
    ? await fromClients(opts, clientIds)
    : await fromStack(opts);
  const wanted = (opts.servers as string[] | undefined) ?? [];
  const selected = wanted.length ? servers.filter((s) => wanted.includes(s.spec.name)) : servers;
  for (const name of wanted) {
    if (!servers.some((s) => s.spec.name === name)) {
      const close = didYouMean(
        name,
        servers.map((s) => s.spec.name),
      );
      throw new McpoError(
        'unknown-server',
        `No server named ${name}${clientIds.length ? ` in ${clientIds.join(', ')}` : ' in the stack'}.`,
        {
          hint: close
            ? `did you mean ${close}?`
            : `the servers are: ${servers.map((s) => s.spec.name).join(', ') || '(none)'}`,
        },
      );
    }
  }

  const c = colorsFor(io.color);
  const env = process.env;
  // With a lock file: each server's tools compared with the lock's snapshot (src/lock/doctor-hook.ts).
  const lock =
    session && !clientIds.length
      ? (await import('../lock/doctor-hook.js')).watchLock(session.stack, session.secrets)
      : null;
  const check = {
    env,
    platform: ctx.platform,
    home: ctx.home,
    timeoutSeconds,
    cwd: ctx.projectDir,
    secrets: session?.secrets ?? envSecretLookup(env),
    maskSecrets: session?.stack.secretNames ?? [],
    ...(lock ? { inspect: lock.inspect } : {}),
  };
  const names = selected.map((s) =>
    label({ server: s.spec.name, ...(s.source ? { source: s.source } : {}) }),
  );
  // On a terminal: a spinner on stderr with each result above it. Otherwise each server's line
  // goes to stdout as its check ends; --json prints only the report.
  const progress = opts.json
    ? { started: () => {}, finished: () => {}, done: () => {} }
    : isatty(2)
      ? await liveProgress(names, process.stderr, c)
      : plainProgress(names, io.out, c);
  const stackServers = session?.stack.servers ?? {};
  // A 401 is explained as the client in question meets it: mcpo for the stack, else that client.
  const checkOne = async (spec: ServerSpec, i: number) => {
    const auth = {
      client: selected[i]!.client ?? 'mcpo',
      stackServers,
      ctx,
      secrets: check.secrets,
    };
    return explainUnauthorized(await checkServer(spec, check), spec, auth);
  };
  const reports = await runChecks(
    selected.map((s) => s.spec),
    checkOne,
    progress,
  ).finally(() => progress.done());
  selected.forEach((s, i) => s.source && (reports[i]!.source = s.source));

  const lockChanges = lock?.changes() ?? [];
  const report: DoctorReport = {
    ok: reports.every((r) => r.ok) && clientFiles.every((f) => f.ok) && !lockChanges.length,
    servers: reports,
    clientFiles,
  };
  if (opts.json)
    io.out(
      JSON.stringify(lockChanges.length ? { ...report, lockChanges } : report, null, 2) + '\n',
    );
  else
    io.out(
      renderDetails(report, c) +
        (lockChanges.length
          ? (await import('../lock/doctor-hook.js')).renderLockChanges(lockChanges, c)
          : ''),
    );
  return report.ok ? 0 : 1;
}

interface Loaded {
  /** `client`: the client whose file holds the entry (`--client`); absent for the stack's servers. */
  servers: { spec: ServerSpec; source?: string; client?: string }[];
  clientFiles: ClientFileReport[];
  session?: Session;
  /** The session's path context, or the machine's for the project folder when there is no stack. */
  ctx: PathContext;
}

async function fromStack(opts: CommandOptions): Promise<Loaded> {
  const s = await openSession({
    stack: opts.stack as string,
    project: opts.project as string | undefined,
  });
  return {
    servers: Object.values(s.stack.servers).map((spec) => ({ spec })),
    clientFiles: [],
    session: s,
    ctx: s.ctx,
  };
}

/** The clients' files as they are; the stack, when there is one, only adds explicit target paths. */
async function fromClients(opts: CommandOptions, ids: string[]): Promise<Loaded> {
  await loadClients(ids);
  const adapters = ids.map(requireClient);
  let session: Session | undefined;
  try {
    // The stack's secrets are resolved only to be masked: a `secrets: launcher` entry starts
    // `mcpo run`, which hands the server the values, and the server may print them.
    session = await openSession({
      stack: opts.stack as string,
      project: opts.project as string | undefined,
    });
  } catch (e) {
    if (!(e instanceof McpoError) || e.code !== 'stack-not-found') throw e;
  }
  const ctx =
    session?.ctx ??
    realPathContext(process.env, resolve((opts.project as string | undefined) ?? '.'));
  const applies = (session?.store ?? new StateStore(stateDir(ctx))).readApplies();
  const out: Loaded = { servers: [], clientFiles: [], ...(session ? { session } : {}), ctx };
  for (const a of adapters) {
    const extra = (session?.stack.targets ?? [])
      .filter((t) => t.client === a.id && t.path)
      .map((t) => ({ scope: t.scope, path: t.path! }));
    const r = checkClientFiles(a, ctx, extra, applies);
    // Launcher entries that will not reach their secrets in the environment this client gives them.
    const launcher = await launcherEnvProblems(a.id, a.title, r.servers, process.env, ctx.home);
    for (const f of r.files) {
      const problems = launcher.get(`${f.client} (${f.scope})`) ?? [];
      if (problems.length) Object.assign(f, { ok: false, warnings: [...f.warnings, ...problems] });
    }
    out.clientFiles.push(...r.files);
    out.servers.push(...r.servers.map((s) => ({ ...s, client: a.id })));
  }
  return out;
}
