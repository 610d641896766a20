import type { Node } from 'jsonc-parser';

/**
 * Minimal, byte-preserving edits of one property inside a parsed JSON(C) object.
 * We compute edits ourselves instead of jsonc-parser's `modify()` because `modify()` re-formats
 * the whole line it inserts on (a minified file or a one-line sibling entry gets re-indented)
 * and leaves a stray comma when deleting the last property before a JSONC trailing comma.
 */

export interface Style {
  indent: string;
  eol: string;
}

export interface Edit {
  offset: number;
  length: number;
  content: string;
}

/** Indent unit from the first indented line (tab or N spaces), and the file's line ending. */
export function detectStyle(text: string): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /^([ \t]+)\S/m.exec(text);
  const lead = m?.[1];
  const indent = !lead ? '  ' : lead.startsWith('\t') ? '\t' : ' '.repeat(lead.length);
  return { indent, eol };
}

/** Multi-line JSON whose continuation lines start with `base` (the indent of the line it starts on). */
export function pretty(value: unknown, style: Style, base: string): string {
  const json = JSON.stringify(value, null, style.indent);
  // Splitting a new file's whole text only to join it with the same '\n' cost a copy per line.
  const sep = style.eol + base;
  return sep === '\n' ? json : json.split('\n').join(sep);
}

/** One-line JSON, with or without a space after `:` and `,` to match the surrounding text. */
export function compact(value: unknown, spaced: boolean): string {
  if (Array.isArray(value))
    return `[${value.map((v) => compact(v, spaced)).join(spaced ? ', ' : ',')}]`;
  if (value && typeof value === 'object') {
    const parts = Object.entries(value).map(
      ([k, v]) => `${JSON.stringify(k)}:${spaced ? ' ' : ''}${compact(v, spaced)}`,
    );
    return `{${parts.join(spaced ? ', ' : ',')}}`;
  }
  return JSON.stringify(value);
}

const end = (n: Node): number => n.offset + n.length;
const lineStart = (text: string, off: number): number => text.lastIndexOf('\n', off - 1) + 1;
const INDENT = /[ \t]*/y;
/** The indentation of the line holding `off` (a sticky match: no copy of the rest of the text). */
const lineIndent = (text: string, off: number): string => {
  INDENT.lastIndex = lineStart(text, off);
  return INDENT.exec(text)![0];
};
const aloneOnLine = (text: string, off: number): boolean =>
  text.slice(lineStart(text, off), off).trim() === '';
const blank = (s: string): boolean => s.trim() === '';

/** Offset of the next character that is not whitespace or a comment. */
function nextSignificant(text: string, off: number): number {
  let i = off;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) i++;
    else if (text.startsWith('//', i))
      i = text.includes('\n', i) ? text.indexOf('\n', i) : text.length;
    else if (text.startsWith('/*', i))
      i = text.includes('*/', i + 2) ? text.indexOf('*/', i + 2) + 2 : text.length;
    else break;
  }
  return i;
}

/** Past spaces and comments that end on this line (a trailing line comment or block comment). */
function lineTail(text: string, off: number): number {
  let i = off;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      return nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
    }
    const close = text.startsWith('/*', i) ? text.indexOf('*/', i + 2) : -1;
    if (close < 0 || text.slice(i, close).includes('\n')) return i;
    i = close + 2;
  }
}

/**
 * The whole line of a member that has its line to itself: only indentation before it, and after
 * it only its comma and a comment on the same line (the comment is about this member: it goes
 * and stays with it). Null when the member shares its line.
 */
function ownedLine(
  text: string,
  prop: Node,
): { start: number; end: number; comma: boolean; tail: number } | null {
  if (!aloneOnLine(text, prop.offset)) return null;
  let i = lineTail(text, end(prop));
  const comma = text[i] === ',';
  if (comma) i = lineTail(text, i + 1);
  const nl = text.startsWith('\r\n', i) ? 2 : text[i] === '\n' ? 1 : i === text.length ? 0 : -1;
  return nl < 0 ? null : { start: lineStart(text, prop.offset), end: i + nl, comma, tail: i };
}

/** A one-line object with content keeps new members on its line; empty objects open up unless the file is minified. */
function isCompact(text: string, obj: Node, root: Node): boolean {
  const inner = text.slice(obj.offset, end(obj));
  if (obj.children?.length) return !inner.includes('\n');
  return !text.trim().includes('\n') && !!root.children?.length;
}

/**
 * What every edit of one object needs to know about it, computed once per pass (each of these
 * scans the object's text: per member, that made a pass quadratic).
 */
export interface ObjectContext {
  text: string;
  obj: Node;
  style: Style;
  /** New and replaced members stay on the object's one line. */
  compact: boolean;
  /** `": "` rather than `":"` in one-line JSON. */
  spaced: boolean;
}

export function objectContext(text: string, root: Node, obj: Node, style: Style): ObjectContext {
  return {
    text,
    obj,
    style,
    compact: isCompact(text, obj, root),
    spaced: isSpaced(text, obj, root),
  };
}

/**
 * Whether the file writes `"key": value` rather than `"key":value`: the colon of the object's first
 * member (else the file's first). Read off the syntax tree, not the text, where a string such as
 * `"a\": b"` would look like a spaced member.
 */
function isSpaced(text: string, obj: Node, root: Node): boolean {
  const first = obj.children?.[0] ?? root.children?.[0];
  const [key, value] = first?.children ?? [];
  return !!key && !!value && /:\s/.test(text.slice(end(key), value.offset));
}

/** Set `key` to `value` in `obj`: replace the value of an existing member, or append a member. */
export function setMember(
  text: string,
  root: Node,
  obj: Node,
  key: string,
  value: unknown,
  style: Style,
): Edit[] {
  const props = obj.children ?? [];
  const existing = [...props].reverse().find((p) => p.children?.[0]?.value === key);
  const ctx = objectContext(text, root, obj, style);
  return existing ? replaceValue(ctx, existing, value) : appendMembers(ctx, [[key, value]]);
}

/** Replace the value of member `prop` of the context's object. */
export function replaceValue(ctx: ObjectContext, prop: Node, value: unknown): Edit[] {
  const v = prop.children?.[1];
  if (!v) return [];
  const content = ctx.compact
    ? compact(value, ctx.spaced)
    : pretty(value, ctx.style, lineIndent(ctx.text, prop.offset));
  return [{ offset: v.offset, length: v.length, content }];
}

/**
 * Append `members` after the object's last member, in one insert (the bytes that appending them
 * one at a time gives). An object with no member takes only one: the caller adds the others
 * in a second pass, after the first (whose line sets the indentation).
 */
export function appendMembers(ctx: ObjectContext, members: [string, unknown][]): Edit[] {
  const { text, obj, style, spaced } = ctx;
  const props = obj.children ?? [];
  const last = props[props.length - 1];
  if (!last && members.length > 1)
    throw new Error('appendMembers: an empty object takes one member at a time');
  if (ctx.compact) {
    const list = members.map(
      ([k, v]) => `${JSON.stringify(k)}:${spaced ? ' ' : ''}${compact(v, spaced)}`,
    );
    if (last)
      return [
        {
          offset: end(last),
          length: 0,
          content: list.map((m) => (spaced ? ', ' : ',') + m).join(''),
        },
      ];
    return [{ offset: obj.offset + 1, length: obj.length - 2, content: list[0]! }];
  }
  const objIndent = lineIndent(text, obj.offset);
  const indent =
    last && aloneOnLine(text, last.offset)
      ? lineIndent(text, last.offset)
      : objIndent + style.indent;
  const lines = members.map(
    ([k, v]) => `${style.eol}${indent}${JSON.stringify(k)}: ${pretty(v, style, indent)}`,
  );
  const own = last && ownedLine(text, last);
  if (own) {
    // After the last member's line comment, not before it: the comment stays on its member's line.
    // A trailing comma after the last member (JSONC) is the file's style: the new last one has it too.
    const line = { offset: own.tail, length: 0, content: lines.join(',') + (own.comma ? ',' : '') };
    return own.comma ? [line] : [{ offset: end(last!), length: 0, content: ',' }, line];
  }
  if (last) return [{ offset: end(last), length: 0, content: lines.map((l) => ',' + l).join('') }];
  const member = lines[0]!;
  const inner = { offset: obj.offset + 1, length: obj.length - 2 };
  if (blank(text.slice(inner.offset, inner.offset + inner.length)))
    return [{ ...inner, content: `${member}${style.eol}${objIndent}` }];
  // Only comments inside: put the member first and leave the comments after it.
  return [{ offset: inner.offset, length: 0, content: member }];
}

/** Remove member `key` from `obj` with its separating comma, leaving no blank line behind. */
export function removeMember(text: string, obj: Node, key: string): Edit[] {
  const idx = (obj.children ?? []).map((p) => p.children?.[0]?.value).lastIndexOf(key);
  return idx < 0 ? [] : removeAt(text, obj, idx);
}

/** Remove the member at index `idx` of `obj` (see removeMember). */
export function removeAt(text: string, obj: Node, idx: number): Edit[] {
  const props = obj.children ?? [];
  const prop = props[idx];
  if (!prop) return [];
  const own = ownedLine(text, prop);
  const prev = props[idx - 1];
  const only =
    props.length === 1 &&
    blank(text.slice(obj.offset + 1, prop.offset)) &&
    blank(text.slice(end(prop), end(obj) - 1));
  if (own && !only && (own.comma || idx === props.length - 1)) {
    // The member's whole line goes, with its comment; a last member takes the comma before it.
    const line = { offset: own.start, length: own.end - own.start, content: '' };
    const comma = prev && !own.comma ? nextSignificant(text, end(prev)) : -1;
    return text[comma] === ',' ? [{ offset: comma, length: 1, content: '' }, line] : [line];
  }
  const after = nextSignificant(text, end(prop));
  if (text[after] === ',') {
    // The comma after the member (a separator or a JSONC trailing comma) goes with it.
    // A member alone on its line takes the whole line; otherwise (one-line object, or a comment
    // after the comma) only the member, the comma and the spaces after it.
    const tail = /^[ \t]*(\r?\n)?/.exec(text.slice(after + 1))!;
    const wholeLine = aloneOnLine(text, prop.offset) && tail[1] !== undefined;
    const start = wholeLine ? lineStart(text, prop.offset) : prop.offset;
    const stop = after + 1 + (wholeLine ? tail[0].length : tail[0].length - (tail[1]?.length ?? 0));
    return [{ offset: start, length: stop - start, content: '' }];
  }
  if (prev) {
    const comma = nextSignificant(text, end(prev));
    if (blank(text.slice(comma + 1, prop.offset)))
      return [{ offset: comma, length: end(prop) - comma, content: '' }];
    // Comments sit between the comma and the member: keep them, drop the comma and the member's line.
    const ls = lineStart(text, prop.offset);
    const start =
      aloneOnLine(text, prop.offset) && ls > 0 ? ls - (text[ls - 2] === '\r' ? 2 : 1) : prop.offset;
    return [
      { offset: comma, length: 1, content: '' },
      { offset: start, length: end(prop) - start, content: '' },
    ];
  }
  const inner = { offset: obj.offset + 1, length: obj.length - 2 };
  if (blank(text.slice(inner.offset, prop.offset)) && blank(text.slice(end(prop), end(obj) - 1)))
    return [{ ...inner, content: '' }];
  return [{ offset: prop.offset, length: prop.length, content: '' }];
}

/**
 * Insert `key` as the first member of `obj` (for a marker such as opencode's `$schema`, which
 * belongs at the top). Right after the `{`, so comments above the old first member stay with it.
 */
export function insertFirstMember(
  text: string,
  root: Node,
  obj: Node,
  key: string,
  value: unknown,
  style: Style,
): Edit[] {
  const first = obj.children?.[0];
  if (!first) return setMember(text, root, obj, key, value, style);
  const objText = text.slice(obj.offset, end(obj));
  const spaced = isSpaced(text, obj, root);
  if (!objText.includes('\n')) {
    return [
      {
        offset: first.offset,
        length: 0,
        content: `${JSON.stringify(key)}:${spaced ? ' ' : ''}${compact(value, spaced)}${spaced ? ', ' : ','}`,
      },
    ];
  }
  const indent = aloneOnLine(text, first.offset)
    ? lineIndent(text, first.offset)
    : lineIndent(text, obj.offset) + style.indent;
  return [
    {
      offset: obj.offset + 1,
      length: 0,
      content: `${style.eol}${indent}${JSON.stringify(key)}: ${pretty(value, style, indent)},`,
    },
  ];
}
