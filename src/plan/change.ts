import type { NativeEntry, ServerChange } from '../types.js';
import type { Fingerprinter } from '../state/contract.js';

/**
 * One change. `drift` (the file's entry is not what mcpo recorded writing) is computed on first
 * read, then kept: a salted digest per entry costs about 5 us, and a re-plan of 1000 servers x 32
 * clients has 32000 unchanged entries whose drift nothing shows (plan text hides them). A getter
 * in the literal: enumerable, so JSON, spreads and copies see a plain value; it closes over the
 * arguments, so an unread drift costs one closure per change (5000 servers x 32 clients are
 * 160000 changes held at once).
 */
export function changeOf(
  c: {
    action: ServerChange['action'];
    server: string;
    adopt: boolean;
    other: string | undefined;
    after: NativeEntry | undefined;
    fields: ServerChange['fields'];
  },
  fingerprint?: Fingerprinter,
  before?: NativeEntry,
  recorded?: string,
): ServerChange {
  const { action, server, adopt, fields } = c;
  const rest = {
    ...(c.other === undefined ? {} : { owner: c.other }),
    ...(c.after && { after: c.after }),
  };
  if (!fingerprint) return { action, server, drift: false, adopt, ...rest, fields };
  let drift: boolean | undefined;
  return {
    action,
    server,
    get drift() {
      return (drift ??= fingerprint.entry(before) !== recorded);
    },
    adopt,
    ...rest,
    fields,
  };
}
