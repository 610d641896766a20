import { readSync, writeSync } from 'node:fs';
import type { Io } from './io.js';
import { importPackage } from './import-package.js';

/**
 * The real terminal. Colour only on a TTY, never with NO_COLOR or --no-color.
 * Output goes straight to file descriptors 1 and 2: building process.stdout/stderr streams is a
 * measurable part of `mcpo plan`'s start-up, and a CLI that prints and exits needs no stream.
 */
/** node:tty loads node:net; `plan` with NO_COLOR never needs it, so it is loaded on first use. */
let tty: typeof import('node:tty') | undefined;
function isatty(fd: number): boolean {
  tty ??= process.getBuiltinModule('node:tty');
  return tty.isatty(fd);
}

export function terminalIo(colorFlag: boolean): Io {
  const noColor = !colorFlag || ('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  return {
    out: (t) => writeAll(1, t),
    err: (t) => writeAll(2, t.endsWith('\n') ? t : t + '\n'),
    get interactive() {
      return isatty(0) && isatty(1);
    },
    get color() {
      return !noColor && isatty(1);
    },
    async confirm(question) {
      const { confirm } =
        await importPackage<typeof import('@inquirer/prompts')>('@inquirer/prompts');
      return confirm({ message: question, default: false });
    },
    async password(question) {
      const { password } =
        await importPackage<typeof import('@inquirer/prompts')>('@inquirer/prompts');
      return password({ message: question });
    },
    readStdin: () => readAll(0),
  };
}

/** Writes every byte, waiting out EAGAIN on a non-blocking pipe; a closed reader (EPIPE) ends output. */
function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length) {
    try {
      buf = buf.subarray(writeSync(fd, buf));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') return;
      throw e;
    }
  }
}

/** Reads a file descriptor to its end (a pipe or a file), without building process.stdin. */
async function readAll(fd: number): Promise<string> {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
