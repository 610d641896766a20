/**
 * Edits a stack file's text. The `yaml` Document API finds where things are; the change itself is
 * spliced into the original text, so every other byte (comments, blank lines, quoting, flow
 * spacing) stays as the user wrote it. Shared need of `mcpo new`, `mcpo add` and `mcpo remove`.
 */
import { isMap, isScalar, parseDocument, stringify, type Document, type Node, type Pair } from 'yaml';
import { McpoError, ParseError, offsetToLoc } from '../errors.js';

/** A server as written in a stack file (`servers.<name>`): strings, string lists and string maps. */
export type StackServerFields = Record<string, string | string[] | Record<string, string>>;

/**
 * Returns `text` with `servers.<name>` added after the last server (or a new `servers:` section at
 * the end of the file). Lists are written `[a, b]` and maps `{ K: v }`, as in the built-in stacks.
 * @param file for error messages only.
 * @param comment a line written above the new server.
 * @throws ParseError when the text is not YAML; McpoError `server-exists` when the name is taken.
 */
export function addServerToStackText(text: string, file: string, name: string, fields: StackServerFields, comment?: string): string {
  const doc = parseStackDocument(text, file);
  const servers = doc.get('servers', true) as Node | null | undefined;
  const emptySection = servers === undefined || servers === null || (isScalar(servers) && servers.value === null);
  if (!emptySection && !(isMap(servers) && !servers.flow)) {
    throw new McpoError('invalid-stack', `${file}: \`servers\` is not a block map (one server per line), so mcpo cannot add to it.`, {
      hint: 'write `servers:` with one server per indented line, as `mcpo init` does',
    });
  }
  if (isMap(servers) && servers.has(name)) {
    throw new McpoError('server-exists', `${file} already defines a server named \`${name}\`.`, {
      hint: 'choose another name, or remove that server first',
    });
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (isMap(servers) && servers.items.length > 0) {
    const first = servers.items[0] as Pair<Node, Node>;
    const keyStart = first.key.range![0];
    const indent = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
    const last = servers.items[servers.items.length - 1] as Pair<Node, Node>;
    const end = lineEnd(text, (last.value ?? last.key).range![1]);
    const block = renderServer(name, fields, indent, comment).join(eol);
    return `${text.slice(0, end)}${eol}${eol}${block}${text.slice(end)}`;
  }
  // No servers yet: a new section at the end (a `servers:` key with nothing under it is replaced).
  let base = text;
  const key = (doc.contents as { items: Pair<Node, Node>[] } | null)?.items.find((p) => isScalar(p.key) && p.key.value === 'servers');
  if (key) {
    const start = key.key.range![0];
    base = text.slice(0, start) + text.slice(lineEnd(text, (key.value ?? key.key).range![1])).replace(/^\r?\n/, '');
  }
  const sep = base.length === 0 || base.endsWith('\n') ? '' : eol;
  return `${base}${sep}${eol}servers:${eol}${renderServer(name, fields, 2, comment).join(eol)}${eol}`;
}

/** The server's lines at `indent` spaces (its fields one level deeper). */
function renderServer(name: string, fields: StackServerFields, indent: number, comment?: string): string[] {
  const pad = ' '.repeat(indent);
  const inner = ' '.repeat(indent + Math.max(indent, 2));
  const lines = [...(comment ? [`${pad}# ${comment}`] : []), `${pad}${scalar(name)}:`];
  for (const [k, v] of Object.entries(fields)) {
    const value = Array.isArray(v)
      ? `[${v.map(scalar).join(', ')}]`
      : typeof v === 'object'
        ? `{ ${Object.entries(v).map(([ek, ev]) => `${scalar(ek)}: ${scalar(ev)}`).join(', ')} }`
        : scalar(v);
    lines.push(`${inner}${scalar(k)}: ${value}`);
  }
  return lines;
}

/** A string as a YAML flow scalar: plain when it reads back as the same string, quoted otherwise. */
function scalar(s: string): string {
  const plain = stringify(s, { lineWidth: 0 }).trimEnd();
  return /[,[\]{}]/.test(plain) && !/^["']/.test(plain) ? JSON.stringify(s) : plain;
}

/** Offset just past the end of the line holding `offset - 1` (before its newline). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset - 1 - (text[offset - 2] === '\r' ? 1 : 0);
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

function parseStackDocument(text: string, file: string): Document {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) throw new ParseError(offsetToLoc(file, text, error.pos[0]), error.message.split('\n')[0]!, 'fix the YAML, then run the command again');
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new McpoError('invalid-stack', `${file} is not a stack file (its top level is not a map).`, { hint: 'start from `mcpo init`' });
  }
  return doc;
}
