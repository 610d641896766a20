/**
 * The few ANSI styles mcpo prints, after picocolors' formatter (same codes, same handling of a
 * style nested in itself). Not picocolors itself: loading it tests `process.stdout.isTTY` at
 * import, which opens stdout on every command; whether to colour is decided by the caller.
 */
const style = (enabled: boolean, open: string, close: string, replace = open) => {
  if (!enabled) return (input: unknown): string => String(input);
  return (input: unknown): string => {
    const s = String(input);
    // A close code inside (a nested style) would end this one early: it becomes `replace`
    // (searched from open.length on, as picocolors does, so output is byte for byte the same).
    const at = s.indexOf(close, open.length);
    return at < 0
      ? open + s + close
      : open + s.slice(0, at) + s.slice(at).split(close).join(replace) + close;
  };
};

export function createColors(enabled: boolean) {
  return {
    bold: style(enabled, '\x1b[1m', '\x1b[22m', '\x1b[22m\x1b[1m'),
    dim: style(enabled, '\x1b[2m', '\x1b[22m', '\x1b[22m\x1b[2m'),
    red: style(enabled, '\x1b[31m', '\x1b[39m'),
    green: style(enabled, '\x1b[32m', '\x1b[39m'),
    yellow: style(enabled, '\x1b[33m', '\x1b[39m'),
    blue: style(enabled, '\x1b[34m', '\x1b[39m'),
    magenta: style(enabled, '\x1b[35m', '\x1b[39m'),
    cyan: style(enabled, '\x1b[36m', '\x1b[39m'),
    gray: style(enabled, '\x1b[90m', '\x1b[39m'),
  };
}

export type Colors = ReturnType<typeof createColors>;

/** Colour only on a TTY, and never with NO_COLOR or --no-color (the caller decides `enabled`). */
export function colorsFor(enabled: boolean): Colors {
  return createColors(enabled);
}
