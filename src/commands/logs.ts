import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import type { NativeEntry } from '../types.js';
import { loadStateClients, openSession, requireClient, type Session } from './session.js';
import { McpoError } from '../errors.js';
import { getClient, loadClients } from '../clients/index.js';
import type { StateData } from '../state/contract.js';
import { loadTargets } from '../plan/load-targets.js';
import { desiredServers } from '../plan/build.js';
import { suggestion } from '../stack/suggest.js';
import { colorsFor } from '../render/colors.js';
import { logLocator, type LogFile } from '../logs/locations.js';
import { lastLines, mentions } from '../logs/read.js';
import { classifyLine, highlightLine } from '../logs/highlight.js';
import { logRedactor } from '../logs/mask.js';
import { followFiles, type FollowedFile } from '../logs/follow.js';
import { tildePath } from '../context.js';

/**
 * `mcpo logs SERVER`: the client's own MCP log for a server, last N lines, errors, timeouts and
 * stderr highlighted, known secret values masked. Reads only; `--follow` polls until Ctrl-C.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const server = opts.server as string;
  const n = parseLines(opts.lines);
  // The stack's secrets are resolved only to be masked (a server may log its own token).
  const s = await openSession({
    stack: opts.stack as string,
    project: opts.project as string | undefined,
  });
  if (!s.stack.servers[server]) {
    throw new McpoError(
      'unknown-server',
      `No server ${server} in ${s.stack.file}${suggestion(server, Object.keys(s.stack.servers))}.`,
      {
        hint: 'give the name of a server under `servers:` in the stack (`mcpo status` lists them)',
      },
    );
  }
  await loadClients((opts.client as string[] | undefined) ?? []);
  const only = ((opts.client as string[] | undefined) ?? []).map((id) => requireClient(id).id);
  const state = s.store.load();
  await loadStateClients(state);
  const { clientIds, entries } = clientsWithServer(s, state, server, only);
  if (!clientIds.length) {
    io.err(
      `No target of the stack has server ${server}, so no client runs it. Look at one client's log with --client ID, or run \`mcpo doctor ${server}\`.`,
    );
    return 1;
  }
  const mask = logRedactor(s.env, entries).add(s.stack.secretNames.map(s.secrets));
  const c = colorsFor(io.color);
  const tilde = (p: string) => tildePath(p, s.ctx.home);
  const format = (file: LogFile) => (line: string) =>
    highlightLine(mask.text(line), classifyLine(line, file.rawStderr), c, io.color);
  const followed: FollowedFile[] = [];
  const header = (id: string, f: LogFile) =>
    c.bold(`==> ${id}: ${tilde(f.path)}${f.mixed ? ` (lines mentioning ${server})` : ''} <==`);

  for (const id of clientIds) {
    const locator = logLocator(id);
    if ('none' in locator) {
      io.out(
        c.dim(
          `${id} ${locator.none}. Run \`mcpo doctor ${server}\` to start the server and see why it fails.`,
        ) + '\n',
      );
      continue;
    }
    const where = locator.locate(server, s.ctx);
    if (!where.files.length) {
      io.out(
        c.dim(
          `${id}: no log for ${server} yet (looked in ${where.searched.map(tilde).join(', ')}); the client writes one once it has started the server. Meanwhile: \`mcpo doctor ${server}\`.`,
        ) + '\n',
      );
      continue;
    }
    for (const f of where.files) {
      const keep = f.mixed ? mentions(server) : () => true;
      const { lines, size } = lastLines(f.path, n, keep);
      io.out(header(id, f) + '\n');
      io.out(
        lines.length
          ? lines.map(format(f)).join('\n') + '\n'
          : c.dim(f.mixed ? `(no line mentions ${server})\n` : '(empty)\n'),
      );
      followed.push({ path: f.path, offset: size, format: (l) => (keep(l) ? format(f)(l) : null) });
    }
  }
  if (!followed.length) {
    io.err(
      `No log file found for ${server}. Run \`mcpo doctor ${server}\` to start it and see what goes wrong.`,
    );
    return 1;
  }
  if (opts.follow) {
    let last: FollowedFile | undefined = followed.length === 1 ? followed[0] : undefined;
    await followFiles(followed, (text, f) => {
      if (f !== last) io.out(c.bold(`==> ${tilde(f.path)} <==`) + '\n');
      last = f;
      io.out(text);
    });
  }
  return 0;
}

function parseLines(v: unknown): number {
  const n = Number(v ?? 50);
  if (!Number.isInteger(n) || n < 1)
    throw new McpoError(
      'bad-option',
      `-n expects a whole number of lines, 1 or more, not "${String(v)}".`,
      { hint: 'for example `-n 100`' },
    );
  return n;
}

/**
 * The clients to look at: those named by --client, or every client with a target listing the
 * server. Also every entry of the files read (a server may print another's credential too),
 * whose credentials the output masks.
 */
function clientsWithServer(
  s: Session,
  state: StateData,
  server: string,
  only: string[],
): { clientIds: string[]; entries: NativeEntry[] } {
  const targets = loadTargets(s.stack, state, s.ctx, getClient, only);
  const ids = new Set<string>(only);
  const entries: NativeEntry[] = [];
  for (const t of targets) {
    if (!only.length && t.def && desiredServers(t.def, s.stack).some((srv) => srv.name === server))
      ids.add(t.adapter.id);
    if (!(t.current instanceof McpoError)) entries.push(...Object.values(t.current));
  }
  return { clientIds: [...ids], entries };
}
