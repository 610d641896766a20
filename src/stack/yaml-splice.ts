/**
 * Edits a YAML file through the `yaml` Document API while keeping every untouched line byte
 * for byte. yaml re-prints the whole document on `toString()` (its own spacing inside flow
 * collections, indentation, quoting), so instead of writing that out we print the document
 * before and after the edit, diff the two printouts by line, and splice only the changed lines
 * into the original text.
 */
import { diffArrays } from 'diff';
import { parse, parseDocument, type Document, type ToStringOptions } from 'yaml';

const PRINT: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false };

/** A range of original lines replaced by new lines. */
interface Splice {
  start: number;
  end: number;
  lines: string[];
}

/**
 * Applies `mutate` to the parsed document and returns the new text. Lines the edit does not
 * touch keep their exact bytes; when the printout cannot be lined up with the original (rare:
 * yaml re-flowing a multi-line construct), the whole re-printed document is returned, which
 * still keeps every comment.
 */
export function editYamlText(text: string, mutate: (doc: Document) => void): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const before = doc.toString(PRINT);
  mutate(doc);
  const after = doc.toString(PRINT);
  if (after === before) return text;
  return spliceChanges(text, before, after) ?? after;
}

function spliceChanges(original: string, before: string, after: string): string | undefined {
  const orig = original.split('\n');
  const map = lineMap(orig, before.split('\n'));
  const splices: Splice[] = [];
  let i = 0; // line index in `before`
  const parts = diffArrays(before.split('\n'), after.split('\n'));
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (!part.added && !part.removed) {
      i += part.value.length;
      continue;
    }
    const removed = part.removed ? part.value.length : 0;
    const next = parts[p + 1];
    const added = part.removed && next?.added ? (p++, next.value) : part.added ? part.value : [];
    let range: { start: number; end: number } | undefined;
    if (removed === 0) {
      // Insertion: right after the original lines of the printed line before it (or at the top).
      const prev = i === 0 ? { end: 0, last: true } : map[i - 1];
      range = prev?.last ? { start: prev.end, end: prev.end } : undefined;
    } else {
      const first = map[i];
      const last = map[i + removed - 1];
      range = first?.first && last?.last ? { start: first.start, end: last.end } : undefined;
    }
    if (!range) return undefined;
    if (range.end - range.start === 1 && added.length === 1)
      added[0] = keepCommentSpacing(orig[range.start]!, added[0]!);
    respace(orig.slice(range.start, range.end), added);
    splices.push({ ...range, lines: added });
    i += removed;
  }
  for (const s of splices.reverse()) orig.splice(s.start, s.end - s.start, ...s.lines);
  return orig.join('\n');
}

/** Each re-printed line of a block that has an original with the same indentation and key keeps its spacing. */
function respace(originals: string[], added: string[]): void {
  const key = (line: string) => /^(\s*(?:- )?[^\s:#][^:#]*?):/.exec(line)?.[1];
  for (let k = 0; k < added.length; k++) {
    const twin = originals.find((o) => key(o) !== undefined && key(o) === key(added[k]!));
    if (twin !== undefined) added[k] = keepSpacing(twin, added[k]!);
  }
}

/**
 * A re-printed line keeps the original's own spacing (`cursor:      { stacks: [dev] }` stays
 * aligned and padded when `servers: [x]` is added): character runs yaml only re-spaced are taken
 * from the original, new content from the printout; used only when the line means the same.
 */
function keepSpacing(original: string, printed: string): string {
  const o = tokens(original);
  const p = tokens(printed);
  let out = '';
  let i = 0;
  let j = 0;
  for (const part of diffArrays(
    o.map((t) => t.tok),
    p.map((t) => t.tok),
  )) {
    const n = part.value.length;
    if (part.removed) i += n;
    else if (part.added) for (let k = 0; k < n; k++, j++) out += p[j]!.ws + p[j]!.tok;
    else for (let k = 0; k < n; k++, i++, j++) out += o[i]!.ws + o[i]!.tok;
  }
  out += /\s*$/.exec(original)![0];
  return out !== printed && sameData(out, printed) ? out : printed;
}

/** A line as tokens (flow punctuation, or runs of other non-blank characters), each with the blanks before it. */
function tokens(line: string): { ws: string; tok: string }[] {
  return [...line.matchAll(/(\s*)([{}[\],]|[^\s{}[\],]+)/g)].map((m) => ({
    ws: m[1]!,
    tok: m[2]!,
  }));
}

/** A re-printed line keeps the original's spacing before its trailing comment (yaml prints one space). */
function keepCommentSpacing(original: string, printed: string): string {
  const was = /(\s+)(#.*)$/.exec(original);
  const now = /\s(#.*)$/.exec(printed);
  if (!was || !now || now[1] !== was[2]) return printed;
  const kept = printed.slice(0, now.index) + was[1] + was[2];
  // A `#` inside a quoted string is no comment: keep the spacing only when the line means the same.
  return sameData(kept, printed) ? kept : printed;
}

function sameData(a: string, b: string): boolean {
  try {
    return JSON.stringify(parse(a.trim())) === JSON.stringify(parse(b.trim()));
  } catch {
    return false;
  }
}

/** The original lines [start, end) a printed line stands for; a block is replaced only whole. */
interface Origin {
  start: number;
  end: number;
  /** First / last printed line of its block. */
  first: boolean;
  last: boolean;
}

/**
 * For each line of yaml's printout, the original lines it stands for: equal lines one for one,
 * and a block of re-formatted lines as a whole (yaml moves a trailing comment to its own line,
 * so blocks need not have the same length). Printed lines with no original are undefined.
 */
function lineMap(orig: string[], printed: string[]): (Origin | undefined)[] {
  const map: (Origin | undefined)[] = new Array(printed.length).fill(undefined);
  let o = 0;
  let n = 0;
  const parts = diffArrays(orig, printed);
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    const next = parts[p + 1];
    if (!part.added && !part.removed) {
      for (let k = 0; k < part.value.length; k++)
        map[n + k] = { start: o + k, end: o + k + 1, first: true, last: true };
      o += part.value.length;
      n += part.value.length;
    } else if (part.removed && next?.added) {
      const one = part.value.length === next.value.length;
      const m = next.value.length;
      for (let k = 0; k < m; k++) {
        map[n + k] = one
          ? { start: o + k, end: o + k + 1, first: true, last: true }
          : { start: o, end: o + part.value.length, first: k === 0, last: k === m - 1 };
      }
      o += part.value.length;
      n += m;
      p++;
    } else if (part.removed) {
      o += part.value.length;
    } else {
      n += part.value.length;
    }
  }
  return map;
}
