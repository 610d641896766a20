/**
 * Atomic exchange of two names in one folder: Linux renameat2(RENAME_EXCHANGE), macOS
 * renameatx_np(RENAME_SWAP), through fs-native-extensions (prebuilt, no compiler needed).
 * A rename replaces whatever is at the path at that instant, unseen; an exchange hands it back,
 * which is what lets a write see another program's file that landed after its last check.
 * Windows' version of the call is three moves, not atomic: there (and wherever the addon does
 * not load) there is no exchange and the caller renames.
 */
import { createRequire } from 'node:module';

export type Exchange = (a: string, b: string) => void;

let loaded: Exchange | null | undefined;

/** The exchange call, or null where there is none. Loaded on first use: apply only, never plan. */
export function exchanger(): Exchange | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== 'linux' && process.platform !== 'darwin') return loaded;
  // The prebuilt binding first: the package's own entry resolves it through require-addon and
  // its module resolver, about 12 ms of start-up against 1 ms. Same function either way.
  const prebuilt = `fs-native-extensions/prebuilds/${process.platform}-${process.arch}/fs-native-extensions.node`;
  for (const id of [prebuilt, 'fs-native-extensions']) {
    try {
      const swap = (createRequire(import.meta.url)(id) as { swapSync?: Exchange }).swapSync;
      if (typeof swap === 'function') return (loaded = swap);
    } catch {
      // Not built for this platform (musl, an unusual CPU), or loaded from a bundle that does
      // not know where it is: try the next, else rename.
    }
  }
  return loaded;
}

/** Tests only: behave as a platform without the exchange (null), or load the real one again. */
export function setExchangerForTests(exchange: Exchange | null | undefined): void {
  loaded = exchange;
}

/** Error codes that mean "this file system cannot exchange": rename instead. */
export function cannotExchange(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EINVAL' || code === 'ENOSYS' || code === 'ENOTSUP' || code === 'EOPNOTSUPP';
}
