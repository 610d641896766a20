import type { NativeEntry, ServerChange } from '../types.js';
import type { Fingerprinter } from '../state/contract.js';

interface ChangeInput {
  action: ServerChange['action'];
  server: string;
  adopt: boolean;
  other: string | undefined;
  after: NativeEntry | undefined;
  fields: ServerChange['fields'];
}

/**
 * One change. `drift` (the file's entry is not what mcpo recorded writing) is computed on first
 * read, then kept: a salted digest per entry costs about 5 us, and a re-plan of 1000 servers x 18
 * clients has 18000 unchanged entries whose drift nothing shows (plan text hides them; computing
 * them all cost that re-plan ~100 ms of CPU). O(1) until read.
 */
export function changeOf(
  c: ChangeInput,
  fingerprint?: Fingerprinter,
  before?: NativeEntry,
  recorded?: string,
): ServerChange {
  if (fingerprint) return new LazyDrift(c, fingerprint, before, recorded);
  const { action, server, adopt, fields } = c;
  return { action, server, drift: false, adopt, ...rest(c.other, c.after), fields };
}

function rest(owner: string | undefined, after: NativeEntry | undefined) {
  return { ...(owner === undefined ? {} : { owner }), ...(after && { after }) };
}

/**
 * A change whose drift is a getter on the class, over three fields of each instance. A getter
 * in each change's own literal made every change a dictionary-mode object with its own closure
 * and context: 665 bytes a change against 128 (5000 servers x 32 clients hold 160000 changes,
 * ~85 MB of a no-op apply's ~200 MB live). Every instance has the same fields (`owner`, `after`
 * undefined when absent), so all share one shape. `toJSON` gives the plain change with `drift` a
 * value, so a saved plan reads as before.
 */
class LazyDrift implements ServerChange {
  action: ServerChange['action'];
  server: string;
  adopt: boolean;
  owner: string | undefined;
  after: NativeEntry | undefined;
  fields: ServerChange['fields'];
  readonly #fingerprint: Fingerprinter;
  readonly #before: NativeEntry | undefined;
  readonly #recorded: string | undefined;
  #drift: boolean | undefined = undefined;

  constructor(c: ChangeInput, fingerprint: Fingerprinter, before?: NativeEntry, recorded?: string) {
    this.action = c.action;
    this.server = c.server;
    this.adopt = c.adopt;
    this.owner = c.other;
    this.after = c.after;
    this.fields = c.fields;
    this.#fingerprint = fingerprint;
    this.#before = before;
    this.#recorded = recorded;
  }

  get drift(): boolean {
    this.#drift ??= this.#fingerprint.entry(this.#before) !== this.#recorded;
    return this.#drift;
  }

  toJSON(): ServerChange {
    const { action, server, adopt, fields } = this;
    return { action, server, drift: this.drift, adopt, ...rest(this.owner, this.after), fields };
  }
}
