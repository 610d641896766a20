import type {
  Notice,
  Plan,
  Problem,
  ServerSpec,
  SkippedTarget,
  Stack,
  TargetPlan,
} from '../types.js';
import type { LoadedTarget } from '../plan/target-input.js';
import type { StateData } from '../state/contract.js';
import { stateKey } from '../state/contract.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { secretNamesIn } from '../secrets/tokens.js';
import { desiredServers } from '../plan/build.js';
import { own } from '../dict.js';
import { otherOwner } from '../plan/owner.js';

/**
 * What one client file holds for one server, compared with the stack:
 * `in-sync` as the stack wants it; `drifted` a managed entry edited outside mcpo; `missing` planned
 * but absent; `outdated` written by mcpo but the stack changed since (apply would update or remove
 * it); `disabled` present and turned off; `unmanaged` present but not written by mcpo;
 * `not-applicable` not targeted at that client, or the client cannot express it.
 * A cell whose entry another stack file manages names it in `owner`.
 */
export type CellState =
  | 'in-sync'
  | 'drifted'
  | 'missing'
  | 'outdated'
  | 'disabled'
  | 'unmanaged'
  | 'not-applicable';

export interface StatusCell {
  state: CellState;
  /** Another stack file that manages this entry (state `unmanaged`, or `not-applicable` when absent). */
  owner?: string;
  /** Secrets without a value here: the entry was compared without them, so a difference there is unknown. */
  unknownSecrets?: string[];
}

export interface StatusColumn {
  /** `client (scope)`. */
  label: string;
  client: string;
  scope: string;
  path: string;
}

export interface StatusRow {
  server: string;
  /** False for entries found in client files that the stack does not declare. */
  inStack: boolean;
  cells: StatusCell[];
}

export interface StatusMatrix {
  columns: StatusColumn[];
  rows: StatusRow[];
  skipped: SkippedTarget[];
  /** Files that could not be read or parsed, and servers a client cannot express. */
  errors: Problem[];
  /** What the plan noticed (a client turned a server off, a secret value in a file). */
  notices: Notice[];
}

/**
 * Plan + the files it was made from -> matrix. Pure. Reads the states off the plan's changes, so
 * `mcpo status` and `mcpo plan` cannot disagree: every cell that is not in sync, disabled,
 * unmanaged-and-left-alone or not applicable is a change in the plan.
 */
export function buildStatus(
  plan: Plan,
  loaded: LoadedTarget[],
  stack: Stack,
  state: StateData,
  secrets: SecretLookup,
): StatusMatrix {
  const byKey = new Map(loaded.map((t) => [stateKey(t.path, t.entriesPath), t]));
  const pairs = plan.targets.map((tp) => {
    const lt = byKey.get(stateKey(tp.path, tp.entriesPath))!;
    // A file several targets share (plan/readers.ts) is one column: its servers are all of theirs.
    const group = loaded.filter((o) => o.key !== undefined && o.key === lt.key && o.def);
    const members = group.length ? group : [lt];
    const desired = new Map(
      members.flatMap((m) => desiredServers(m.def, stack)).map((s) => [s.name, s]),
    );
    const label = `${[...new Set(members.map((m) => m.adapter.id))].join(', ')} (${tp.scope})`;
    return {
      tp,
      lt,
      desired,
      label,
      off: new Set(members.flatMap((m) => m.clientDisabled?.names ?? [])),
    };
  });
  const columns = pairs.map(({ tp, label }) => ({
    label,
    client: tp.client,
    scope: tp.scope,
    path: tp.path,
  }));
  const extra = new Set<string>();
  for (const { lt } of pairs)
    for (const name of Object.keys(entriesOf(lt)))
      if (!Object.hasOwn(stack.servers, name)) extra.add(name);
  // Entries the stack writes that are not servers of it: the `mcpo` entry of gateway targets.
  const written = new Set(
    pairs
      .flatMap(({ desired }) => [...desired.keys()])
      .filter((n) => !Object.hasOwn(stack.servers, n)),
  );
  for (const n of written) extra.delete(n);
  const names = [...Object.keys(stack.servers), ...written, ...[...extra].sort()];
  const rows = names.map((server) => ({
    server,
    inStack: Object.hasOwn(stack.servers, server) || written.has(server),
    cells: pairs.map(({ tp, lt, desired, off }) =>
      cellFor(server, tp, lt, desired.get(server), stack, state, secrets, off),
    ),
  }));
  return { columns, rows, skipped: plan.skipped, errors: plan.errors, notices: plan.notices ?? [] };
}

function entriesOf(lt: LoadedTarget): Record<string, Record<string, unknown>> {
  return lt.current instanceof Error ? {} : lt.current;
}

/** `spec`: the server as this target wants it, if it does. */
function cellFor(
  server: string,
  tp: TargetPlan,
  lt: LoadedTarget,
  spec: ServerSpec | undefined,
  stack: Stack,
  state: StateData,
  secrets: SecretLookup,
  off: ReadonlySet<string>,
): StatusCell {
  const entry = own(entriesOf(lt), server);
  const change = tp.changes.find((c) => c.server === server);
  if (!spec) {
    if (entry === undefined) return { state: 'not-applicable' };
    const owner = otherOwner(state, tp.path, tp.entriesPath, server, stack.file);
    if (owner !== undefined) return { state: 'unmanaged', owner };
    if (
      own(own(state.files, stateKey(tp.path, tp.entriesPath))?.entries, server)?.stack !==
      stack.file
    ) {
      return { state: 'unmanaged' };
    }
    return { state: change?.drift ? 'drifted' : 'outdated' };
  }
  // Left to the stack file that owns it (see plan/owner.ts): that stack's, not this one's.
  if (change?.owner && !tp.managed.includes(server)) {
    return { state: entry === undefined ? 'not-applicable' : 'unmanaged', owner: change.owner };
  }
  if (!tp.managed.includes(server) || !change) return { state: 'not-applicable' };
  if (change.action === 'create') return { state: 'missing' };
  const unknown =
    (lt.def?.secrets ?? 'inline') === 'inline'
      ? [...secretNamesIn(spec)].filter((n) => secrets(n) === undefined).sort()
      : [];
  const withUnknown = (s: CellState): StatusCell =>
    unknown.length ? { state: s, unknownSecrets: unknown } : { state: s };
  if (change.drift) return withUnknown('drifted');
  if (change.adopt) return withUnknown('unmanaged');
  if (change.action === 'update') return withUnknown('outdated');
  // Turned off in the entry, or by the client's own list (Copilot `disabledMcpServers`).
  return withUnknown(isDisabled(lt, server, entry) || off.has(server) ? 'disabled' : 'in-sync');
}

function isDisabled(
  lt: LoadedTarget,
  server: string,
  entry: Record<string, unknown> | undefined,
): boolean {
  if (!entry) return false;
  try {
    return lt.adapter.parse(server, entry).disabled === true;
  } catch {
    return false;
  }
}
