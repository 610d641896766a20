import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colour only on a TTY, and never with NO_COLOR or --no-color. */
export function colorsFor(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
