/**
 * Enough of npm's semver ranges (https://github.com/npm/node-semver#ranges) to pick the version
 * a stack asks for: exact versions, `^`, `~`, `>=`, x-ranges (`1`, `1.2`, `1.x`, `*`). Compound
 * ranges (`||`, spaces, hyphens) are refused with a sentence: pin, or use one of these.
 */
export type Version = [number, number, number, string];

const EXACT = /^v?(\d+)\.(\d+)\.(\d+)(?:-([\w.-]+))?(?:\+[\w.-]+)?$/;

export function parseVersion(v: string): Version | null {
  const m = EXACT.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ?? ''] : null;
}

export function isExact(v: string): boolean {
  return EXACT.test(v);
}

/** A range this module understands (not a tag like `latest` or `next`). */
export function isRange(v: string): boolean {
  return /^(\^|~|>=|=)?v?(\d+|[x*])(\.(\d+|[x*]))?(\.(\d+|[x*]))?$/i.test(v) || v === '*';
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  if (a[3] === b[3]) return 0;
  // A pre-release sorts before its release (1.0.0-rc.1 < 1.0.0).
  if (!a[3] || !b[3]) return a[3] ? -1 : 1;
  return a[3] < b[3] ? -1 : 1;
}

/** Whether `version` is in `range`. Pre-releases match only an exact range. */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  if (isExact(range)) return compareVersions(v, parseVersion(range)!) === 0;
  if (v[3]) return false;
  const m = /^(\^|~|>=|=)?v?(\d+|[x*])?(?:\.(\d+|[x*]))?(?:\.(\d+|[x*]))?$/i.exec(range);
  if (!m) return false;
  const op = m[1] ?? '';
  const parts = [m[2], m[3], m[4]].map((p) =>
    p === undefined || /[x*]/i.test(p) ? undefined : Number(p),
  );
  const [maj, min, pat] = parts;
  const floor: Version = [maj ?? 0, min ?? 0, pat ?? 0, ''];
  if (compareVersions(v, floor) < 0) return false;
  if (op === '>=') return true;
  if (maj === undefined) return true;
  if (op === '^') {
    // ^ allows changes that do not modify the left-most non-zero part.
    if (maj > 0 || min === undefined) return v[0] === maj;
    if (min > 0 || pat === undefined) return v[0] === 0 && v[1] === min;
    return v[0] === 0 && v[1] === 0 && v[2] === pat;
  }
  if (op === '~') return v[0] === maj && (min === undefined || v[1] === min);
  // x-range: every given part must match.
  return v[0] === maj && (min === undefined || v[1] === min) && (pat === undefined || v[2] === pat);
}

/** The highest of `versions` in `range`, or undefined. */
export function maxSatisfying(versions: string[], range: string): string | undefined {
  let best: { s: string; v: Version } | undefined;
  for (const s of versions) {
    if (!satisfies(s, range)) continue;
    const v = parseVersion(s)!;
    if (!best || compareVersions(v, best.v) > 0) best = { s, v };
  }
  return best?.s;
}
