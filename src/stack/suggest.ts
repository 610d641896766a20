import { distance } from 'fastest-levenshtein';

/** The closest candidate when it is plausibly a typo: edit distance at most max(2, length/3). */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : distance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // A distance as large as the name itself means nothing in common (e.g. `ab` vs `xy`).
  return best !== undefined && bestDistance <= limit && bestDistance < name.length
    ? best
    : undefined;
}

/** ` (did you mean `x`?)`, or an empty string. */
export function suggestion(name: string, candidates: Iterable<string>): string {
  const best = didYouMean(name, candidates);
  return best === undefined ? '' : ` (did you mean \`${best}\`?)`;
}
