import type {
  EnvVar,
  NativeEntry,
  Notice,
  Plan,
  Problem,
  ServerChange,
  ServerSpec,
  SkippedTarget,
  Stack,
  TargetDef,
  TargetPlan,
} from '../types.js';
import type { Fingerprinter, StateData } from '../state/contract.js';
import { stateKey } from '../state/contract.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { Redactor } from '../secrets/redact.js';
import { hasSecret, secretNamesIn, substituteSecrets } from '../secrets/tokens.js';
import { McpoError } from '../errors.js';
import type { LoadedTarget } from './target-input.js';
import { diffFields } from './fields.js';
import { gatewayServer } from '../delivery/gateway-mode.js';
import { gatewayNote, type ListedNames } from '../gateway/plan-note.js';
import { gatewayServers } from '../gateway/target-servers.js';
import { currentLauncher, type LauncherCommand } from '../delivery/launcher-mode.js';
import { own } from '../dict.js';
import { takeOverHint, type TakeOver } from './owner.js';
import { checkEditable, expectedEntries } from './expect.js';
import { unsupportedProblem } from './problems.js';
import { changeOf } from './change.js';
import { sharedRenderer } from './shared-entry.js';
import { disabledByClient, secretValuesHeld } from './notices.js';

export interface PlanInput {
  stack: Stack;
  targets: LoadedTarget[];
  state: StateData;
  fingerprint: Fingerprinter;
  secrets: SecretLookup;
  /** Plan user-scope targets even when the application looks absent. */
  force: boolean;
  now: string;
  /** How clients start `mcpo run` for `secrets: launcher` targets (default: this process). */
  launcher?: LauncherCommand;
  /** `--take-over NAME`: entries another stack file owns that this stack may take. */
  takeOver?: TakeOver;
  /** Tool and prompt names per server (from the lock), for what a gateway target renames. */
  listedNames?: ListedNames;
}

/**
 * Desired state + current files + ownership state -> Plan. Pure and synchronous: it reads
 * nothing and writes nothing, so it can be tested with builders and fuzzed.
 */
export function buildPlan(input: PlanInput): Plan {
  const plan: Plan = {
    formatVersion: 1,
    createdAt: input.now,
    // A getter, so that a plan that is never saved does not hash the stack (see loadStack).
    stack: {
      file: input.stack.file,
      get hash() {
        return input.stack.hash;
      },
    },
    targets: [],
    skipped: [],
    errors: [],
    missingSecrets: [],
    envVars: [],
    notices: [],
  };
  const missing = new Set<string>();
  const envVars = new Map<string, EnvVar>();
  // One mask for the whole plan: the stack's secret values and every credential in the files read.
  const redactor = new Redactor().add(input.stack.secretNames.map(input.secrets));
  for (const t of input.targets)
    if (!(t.current instanceof McpoError)) redactor.addFound(t.current);
  for (const group of byFile(input.targets)) {
    const members: LoadedTarget[] = [];
    for (const t of group) {
      const label = `${t.adapter.id} (${t.scope})`;
      const same = members.find((m) => m.adapter.id === t.adapter.id);
      if (same) {
        plan.errors.push({
          code: 'duplicate-target',
          message: `${label} and ${same.adapter.id} (${same.scope}) both write ${t.path}.`,
          hint: 'give one of them a different scope or path',
        });
        continue;
      }
      if (t.def && !t.installed && !t.def.path && !input.force) {
        plan.skipped.push(
          skip(
            t,
            `${t.adapter.title} does not look installed (no ${t.installDir}); use --force or set path: to write it anyway`,
          ),
        );
        continue;
      }
      members.push(t);
    }
    const t = members[0];
    if (!t) continue;
    if (t.current instanceof McpoError) {
      plan.errors.push({
        code: t.current.code,
        message: t.current.message,
        hint:
          t.current.hint ?? 'fix the file by hand; mcpo never overwrites a file it cannot parse',
      });
      continue;
    }
    plan.targets.push(
      planTarget(members, t.current, input, plan.errors, missing, envVars, redactor, plan.notices!),
    );
  }
  plan.missingSecrets = [...missing].sort();
  plan.envVars = [...envVars.values()].sort((a, b) => a.name.localeCompare(b.name));
  return plan;
}

function skip(t: LoadedTarget, reason: string): SkippedTarget {
  return { client: t.adapter.id, scope: t.scope, path: t.path, reason };
}

/** A server the client cannot express: one sentence naming server, client and the fix. */
export const unsupported = unsupportedProblem;

/**
 * The targets grouped by the real file and servers map they write, in declaration order: one
 * group is one edit of one file (a file several clients read is planned once, for all of them).
 */
function byFile(targets: LoadedTarget[]): LoadedTarget[][] {
  const groups = new Map<string, LoadedTarget[]>();
  for (const t of targets) {
    const key = t.key ?? stateKey(t.path, t.entriesPath);
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  return [...groups.values()];
}

/**
 * The entries a target's client file should hold: its servers, or for `via: gateway` the one
 * entry that starts the gateway (which serves `targetServers` itself). Plan, status, show and
 * validate all ask this, so they agree on what is written.
 */
export function desiredServers(
  def: TargetDef | null,
  stack: Stack,
  launcher: LauncherCommand = currentLauncher(),
): ServerSpec[] {
  if (def?.via === 'gateway') return [gatewayServer(def, stack.file, launcher)];
  return targetServers(def, stack);
}

/** The servers a target asks for: its stacks' servers, then its own, each once. */
export function targetServers(def: TargetDef | null, stack: Stack): ServerSpec[] {
  if (!def) return [];
  const names = [...def.stacks.flatMap((s) => own(stack.stacks, s)?.servers ?? []), ...def.servers];
  return [...new Set(names)].map((n) => own(stack.servers, n)).filter((s): s is ServerSpec => !!s);
}

function planTarget(
  group: LoadedTarget[],
  current: Record<string, NativeEntry>,
  input: PlanInput,
  errors: Problem[],
  missing: Set<string>,
  envVars: Map<string, EnvVar>,
  redactor: Redactor,
  notices: Notice[],
): TargetPlan {
  // The first declared target names the file: its path, format and the state's record of it.
  const t = group[0]!;
  const stackFile = input.stack.file;
  // Names are keys here: `own`, so an entry named `constructor` is not found on Object.prototype.
  const ownedMap = own(input.state.files, stateKey(t.path, t.entriesPath))?.entries;
  const owned = (name: string) => own(ownedMap, name);
  const mine = (name: string) => owned(name)?.stack === stackFile;
  const changes: ServerChange[] = [];
  const managed: string[] = [];

  const launcher = input.launcher ?? currentLauncher();
  const gateway = t.def?.via === 'gateway';
  const desired = groupDesired(group, input.stack, launcher);
  const wanted = new Set(desired.map((s) => s.name));
  const render = sharedRenderer(group, input.stack, launcher);
  for (const desiredServer of desired) {
    const shared = render(desiredServer);
    if (shared.kind === 'skip') {
      wanted.delete(desiredServer.name);
      continue;
    }
    if (shared.kind === 'problems') {
      errors.push(...shared.problems);
      continue;
    }
    for (const o of shared.all)
      for (const v of o.d.vars)
        noteEnvVar(envVars, v, `${o.t.adapter.id} (${o.t.scope})`, o.server, errors);
    const { server, d, entry } = shared.chosen;
    const secretful = hasSecret(entry);
    const resolved = secretful ? substituteSecrets(entry, input.secrets) : entry;
    const before = own(current, server.name);
    const fields = diffFields(before, entry, resolved, { redactor, secretShape: d.secretShape });
    // The state's record of this entry: which stack file wrote it (this one, another, none).
    const recorded = owned(server.name);
    const isMine = recorded?.stack === stackFile;
    const other = recorded === undefined || isMine ? undefined : recorded.stack;
    if (other !== undefined && !input.takeOver?.has(server.name)) {
      // Another stack file's entry: shown with its owner, left alone; a different one is a conflict.
      changes.push({
        action: 'noop',
        server: server.name,
        drift: false,
        adopt: false,
        owner: other,
        fields,
      });
      if (before === undefined || fields.length)
        errors.push(ownedElsewhere(t, server, other, before !== undefined));
      continue;
    }
    managed.push(server.name);
    // An unchanged entry holds only what mcpo writes: only an entry about to change is searched.
    if (fields.length)
      notices.push(
        ...secretValuesHeld(
          t,
          server.name,
          before,
          resolved,
          input.stack.secretNames,
          input.secrets,
        ),
      );
    // The gateway resolves its servers' secrets when it starts them: the plan asks for them now.
    const launched = gateway
      ? targetServers(t.def, input.stack).flatMap((s) => [...secretNamesIn(s)])
      : d.launched;
    if (secretful)
      for (const n of secretNamesIn(entry)) if (input.secrets(n) === undefined) missing.add(n);
    if (launched) for (const n of launched) if (input.secrets(n) === undefined) missing.add(n);
    const adopt = before !== undefined && !isMine;
    const action: ServerChange['action'] =
      before === undefined ? 'create' : fields.length ? 'update' : 'noop';
    const after = action === 'noop' ? undefined : entry;
    const change = { action, server: server.name, adopt, other, after, fields };
    changes.push(
      before !== undefined && isMine
        ? changeOf(change, input.fingerprint, before, recorded.fingerprint)
        : changeOf(change),
    );
  }

  const exposed = group.find((m) => m.gitExposure);
  if (exposed && changes.some((c) => c.action !== 'noop' && hasSecret(c.after)))
    errors.push(gitRefusal(exposed));

  for (const [name, entry] of Object.entries(current)) {
    if (wanted.has(name)) continue;
    // `prune` removes entries nobody manages; another stack file's entries are never pruned.
    // On a shared file only when every target asks for it: an unmanaged entry may be another's.
    const prunable =
      group.every((m) => m.def?.prune !== false) &&
      t.def?.prune === true &&
      (owned(name) === undefined || mine(name));
    if (!mine(name) && !prunable) continue;
    const drift = mine(name) && input.fingerprint.entry(entry) !== owned(name)!.fingerprint;
    changes.push({ action: 'delete', server: name, drift, adopt: false, fields: [] });
  }
  for (const m of group) notices.push(...disabledByClient(m, managed));
  const uneditable = checkEditable(t, changes);
  if (uneditable) errors.push(uneditable);
  return {
    client: t.adapter.id,
    scope: t.scope,
    path: t.path,
    entriesPath: t.entriesPath,
    fileDigest: t.text === null ? null : input.fingerprint.text(t.text),
    expect: expectedEntries(changes, current, input.fingerprint),
    exists: t.text !== null,
    changes,
    managed,
    restartHint: [...new Set(group.map((m) => m.adapter.restartHint))].join(' '),
    // Every target on the file reads it, also one that reaches it by `path:` or a symlink.
    ...(t.readers
      ? { readers: [...new Set([...t.readers, ...group.map((m) => m.adapter.id)])] }
      : {}),
    ...(gateway
      ? {
          gateway: gatewayNote(
            gatewayServers(input.stack, t.def!, targetServers(t.def, input.stack)).map(
              (s) => s.name,
            ),
            input.listedNames,
          ),
        }
      : {}),
  };
}

/** The servers the targets of one file ask for, each once, in declaration order. */
function groupDesired(
  group: LoadedTarget[],
  stack: Stack,
  launcher: LauncherCommand,
): ServerSpec[] {
  if (group.length === 1) return desiredServers(group[0]!.def, stack, launcher);
  return [...new Set(group.flatMap((m) => desiredServers(m.def, stack, launcher)))];
}

/** One shell environment serves every client, so a variable name can carry only one secret. */
function noteEnvVar(
  vars: Map<string, EnvVar>,
  v: { name: string; secret: string },
  label: string,
  server: ServerSpec,
  errors: Problem[],
): void {
  const known = vars.get(v.name);
  if (!known) {
    vars.set(v.name, { name: v.name, secret: v.secret, targets: [label] });
    return;
  }
  if (known.secret === v.secret) {
    if (!known.targets.includes(label)) known.targets.push(label);
    return;
  }
  errors.push({
    code: 'env-var-conflict',
    message: `The environment variable ${v.name} would have to hold both secret ${known.secret} and secret ${v.secret} (server ${server.name}, ${label}).`,
    hint: 'rename one of the env keys, or set `secrets: launcher` on one of the targets',
    ...(server.source ? { loc: server.source } : {}),
  });
}

/** A desired server whose entry another stack file owns: a plan error until taken over. */
function ownedElsewhere(
  t: LoadedTarget,
  server: ServerSpec,
  owner: string,
  present: boolean,
): Problem {
  const state = present
    ? ', which defines it differently'
    : ' (the entry is not in the file now; that stack writes it)';
  return {
    code: 'owned-by-other-stack',
    message: `${server.name} in ${t.path} (${t.adapter.id}, ${t.scope}) is managed by the stack ${owner}${state}.`,
    hint: `remove ${server.name} from this stack or define it the same way there, or ${takeOverHint(
      server.name,
      'plan and apply',
    )}`,
    ...(server.source ? { loc: server.source } : {}),
  };
}

function gitRefusal(t: LoadedTarget): Problem {
  const why =
    t.gitExposure === 'tracked' ? 'git tracks it' : 'it is inside a git work tree and not ignored';
  return {
    code: 'secret-in-git',
    message: `Refusing to write a secret value into ${t.path}: ${why}.`,
    hint: `set \`secrets: env\` or \`secrets: launcher\` on the ${t.adapter.id} (${t.scope}) target, or ${t.gitExposure === 'tracked' ? 'stop tracking the file (`git rm --cached`) and ' : ''}add it to .gitignore`,
    ...(t.def?.source ? { loc: t.def.source } : {}),
  };
}
