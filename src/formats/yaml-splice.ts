/** Text splices of the YAML writer (src/formats/yaml.ts): its edits are made as text. */

/** One text edit: the bytes [start, end) become `content`. */
export interface Splice {
  start: number;
  end: number;
  content: string;
}

/**
 * The last line of a file without a final newline takes the newline before it along when it is
 * removed: the removals that end the file, taken as one, start one character earlier (unless
 * another edit ends right there).
 */
export function stealNewline(text: string, splices: Splice[]): void {
  if (text.endsWith('\n')) return;
  let k = splices.length - 1;
  const tail = splices[k];
  if (!tail || tail.content !== '' || tail.end !== text.length) return;
  while (k > 0 && splices[k - 1]!.content === '' && splices[k - 1]!.end === splices[k]!.start) k--;
  const first = splices[k]!;
  const nl = text[first.start - 2] === '\r' ? 2 : 1; // a CRLF file's line ending is two characters
  const prev = splices[k - 1];
  if (first.start > 0 && first.start - nl >= (prev?.end ?? 0)) first.start -= nl;
  else if (
    prev &&
    prev.end === first.start &&
    prev.start < prev.end &&
    /\r?\n$/.test(prev.content)
  ) {
    // The item before is replaced: its new text ends the file, without the newline.
    prev.content = prev.content.replace(/\r?\n$/, '');
  }
}

/** Applies non-overlapping splices sorted by start in one pass: O(text + content). */
export function spliceAll(text: string, splices: Splice[]): string {
  const parts: string[] = [];
  let pos = 0;
  for (const s of splices) {
    parts.push(text.slice(pos, s.start), s.content);
    pos = s.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}
