/**
 * The plain data of a stack file, quickly. `yaml`'s Document API (which every location and every
 * syntax error comes from) builds a node per scalar with its range and costs about 30 times as
 * much as js-yaml on a large stack (a 1000-server stack: ~500 ms against ~15 ms, warm). So a file
 * is first read with js-yaml, with the YAML 1.2 core schema spelled exactly as `yaml` resolves it.
 * Whenever the answer could differ from `yaml`'s (data, or an error `yaml` reports and js-yaml
 * lets pass), this returns undefined and the caller parses with `yaml` as before. That is: any
 * js-yaml error (syntax, duplicate key, unknown tag, several documents); text using what the two
 * treat differently or `yaml` limits (tags, anchors, aliases, `?` keys, null or collection keys,
 * directives, tabs, block-scalar indentation indicators, `#` right after a token, possible keys
 * of 1000 characters or more, see `longRun`); and a quoted or plain scalar or flow collection that spans lines (`yaml` checks
 * their indentation, js-yaml does not). test/yaml-fast.test.ts compares both on many inputs.
 */
import { FAILSAFE_SCHEMA, Type, load } from 'js-yaml';

/** The resolvers of `yaml`'s core schema (node_modules/yaml/dist/schema/core, common/null.js). */
const scalar = (tag: string, first: string, test: RegExp, construct: (s: string) => unknown) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    // `first`: every character a match can start with. js-yaml asks each resolver about every
    // plain scalar (names, commands, paths): most are turned away here without the expression.
    resolve: (s: string | null) => s !== null && first.includes(s[0] ?? '') && test.test(s),
    construct: (s: string | null) => construct(s ?? ''),
  });
const DIGITS = '0123456789';

const CORE_AS_YAML = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:null', {
      kind: 'scalar',
      resolve: (s: string | null) =>
        s === null || s === '' || ('~nN'.includes(s[0]!) && /^(?:~|[Nn]ull|NULL)?$/.test(s)),
      construct: () => null,
    }),
    scalar(
      'bool',
      'tTfF',
      /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      (s) => s[0] === 't' || s[0] === 'T',
    ),
    scalar('int', `+-${DIGITS}`, /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/, (s) =>
      s.startsWith('0o')
        ? parseInt(s.slice(2), 8)
        : s.startsWith('0x')
          ? parseInt(s.slice(2), 16)
          : parseInt(s, 10),
    ),
    scalar(
      'float',
      `+-.${DIGITS}`,
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/,
      (s) =>
        /^[-+]?\./.test(s) && /[a-zA-Z]$/.test(s)
          ? s.slice(-3).toLowerCase() === 'nan'
            ? NaN
            : s[0] === '-'
              ? -Infinity
              : Infinity
          : parseFloat(s),
    ),
  ],
});

/**
 * Where the libraries part ways, seen in the text: a tag, anchor or alias (`!x`, `&x`, `*x` at
 * the start of a node), an explicit key (`? `), a key that is empty or null (`yaml` makes it "",
 * js-yaml "null") or a collection (`]:`), a directive (`%YAML 1.1` changes `yaml`'s schema), a
 * tab, an indentation indicator (`|2`), `#` glued to a quote or bracket, 1000 characters with no
 * `: ` (a block key) or no `,` or `[` either (a flow key): `yaml` limits implicit keys to 1024. Over-matching (the same characters inside a quoted
 * string) only costs the slow path.
 */
const DIFFERENT =
  /(?:^|[\s[{,])(?:[!&*]\S|\?(?:\s|$)|(?:~|null|Null|NULL)?[ \t]*:(?:\s|$))|[\]}][ \t]*:(?:\s|$)|^%|\t|[|>][-+]?[1-9]|["'\]}]#/m;

/** Possible implicit keys of this many characters or more are left to `yaml` (it limits them). */
const LONG_KEY = 1000;

/**
 * Whether `text` has LONG_KEY units in a row, a unit being one character that is not a line feed,
 * `:`, or (with `flow`) `,` or `[`, or `:` followed by a character that is not white space: what
 * the regular expressions `(?:[^\n:,[]|:\S){1000}` (flow) and `^(?:[^\n:]|:\S){1000}` (multiline,
 * from a line start) match. Those cost a scan per starting position (40 ms on a 500 KB stack with
 * long server lists); the units that follow each position are counted here in one pass from the
 * end, which gives the same answer: at each position at most one kind of unit applies.
 */
export function longRun(text: string, flow: boolean, min = LONG_KEY): boolean {
  let next = 0; // units from position i + 1
  let after = 0; // units from position i + 2
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    let units: number;
    if (c === 58) units = i + 1 < text.length && !SPACE.test(text[i + 1]!) ? 1 + after : 0;
    else if (c === 10 || (flow && (c === 44 || c === 91))) units = 0;
    else units = 1 + next;
    if (units >= min && (flow || i === 0 || lineEnd(text.charCodeAt(i - 1)))) return true;
    after = next;
    next = units;
  }
  return false;
}

/** White space as `\s` and trimEnd() see it. */
const SPACE = /\s/;
/** Where `^` of a multiline expression matches after: \n, \r, U+2028, U+2029. */
const lineEnd = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/** js-yaml's parser state, as its `listener` option sees it (not in @types/js-yaml). */
interface ParseState {
  input: string;
  position: number;
  kind: string | null;
}

/**
 * Watches js-yaml's nodes for what only the structure shows: a scalar or flow collection over
 * several lines, or a collection used as a key (`{ {a} }`, `[a]: b`). Returns whether one was seen.
 */
function structureWatcher(): {
  listener: (event: 'open' | 'close', state: ParseState) => void;
  differs: () => boolean;
} {
  const starts: number[] = [];
  let differs = false;
  const listener = (event: 'open' | 'close', state: ParseState) => {
    if (event === 'open') {
      starts.push(state.position);
      return;
    }
    const { input } = state;
    const start = skipSpace(input, starts.pop()!);
    if (differs || state.kind === null) return;
    const first = input[start];
    const flow = first === '[' || first === '{';
    if ((state.kind === 'scalar' && first !== '|' && first !== '>') || flow) {
      if (spansLines(input, start, state.position)) differs = true;
    }
    if (state.kind !== 'scalar' && (flow || first === '-' || first === '?')) {
      // A collection followed by `:` is a key; inside a flow map, one right after `{` or `,` too.
      const next = input[skipSpace(input, state.position)];
      const before = input.slice(0, start).trimEnd().slice(-1);
      if (
        next === ':' ||
        (flow && (before === '{' || (before === ',' && openFlowIsMap(starts, input))))
      )
        differs = true;
    }
  };
  return { listener, differs: () => differs };
}

/**
 * `input.slice(start, end).trimEnd().includes('\n')` without the copies (called for every node:
 * 32000 names in a stack of 1000 servers x 32 clients).
 */
function spansLines(input: string, start: number, end: number): boolean {
  const nl = input.indexOf('\n', start);
  if (nl < 0 || nl >= end) return false;
  let last = end;
  while (last > nl && SPACE.test(input[last - 1]!)) last--;
  return last > nl;
}

/** Whether the innermost open flow collection is a map. */
function openFlowIsMap(starts: number[], input: string): boolean {
  for (let i = starts.length - 1; i >= 0; i--) {
    const c = input[skipSpace(input, starts[i]!)];
    if (c === '{') return true;
    if (c === '[') return false;
  }
  return false;
}

/** Position of the next character that is not white space or inside a comment. */
function skipSpace(input: string, at: number): number {
  let i = at;
  for (;;) {
    const c = input[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\ufeff') i++;
    else if (c === '#') {
      const nl = input.indexOf('\n', i);
      i = nl < 0 ? input.length : nl;
    } else return i;
  }
}

/** The data of `text` as `yaml`'s `parseDocument(text).toJS()` gives it, or undefined to ask `yaml`. */
export function fastYamlData(text: string): { data: unknown } | undefined {
  if (DIFFERENT.test(text) || longRun(text, false) || longRun(text, true)) return undefined;
  const watch = structureWatcher();
  try {
    const data = load(text, { schema: CORE_AS_YAML, listener: watch.listener as never });
    return watch.differs() ? undefined : { data: data === undefined ? null : data };
  } catch {
    return undefined;
  }
}
