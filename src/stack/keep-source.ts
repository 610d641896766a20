import type { SourceLoc } from '../types.js';

/**
 * Gives `copy` the `source` of `original` as it is defined there, without reading it. A loaded
 * server's `source` is a lazy, non-enumerable property (setSourceLazily in yaml-locate.ts), so a
 * spread copy (`{ ...server, command }`) loses it; reading it to copy it would build the yaml
 * Document that a plan without errors never needs. Returns `copy`.
 */
export function keepSource<T extends { source?: SourceLoc }>(
  copy: T,
  original: { source?: SourceLoc },
): T {
  const d = Object.getOwnPropertyDescriptor(original, 'source');
  if (d && !Object.hasOwn(copy, 'source')) Object.defineProperty(copy, 'source', d);
  return copy;
}
