import type { Io } from './io.js';

/** The real terminal. Colour only on a TTY, never with NO_COLOR or --no-color. */
export function terminalIo(colorFlag: boolean): Io {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const color = colorFlag && Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    interactive,
    color,
    async confirm(question) {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message: question, default: false });
    },
  };
}
