/**
 * Progress for work that may take more than a second (apply of many files, import of many, lock).
 * On a terminal (stderr), a spinner (yocto-spinner) appears once the work has taken a second and
 * says what it is doing; quick work shows nothing, and off a terminal nothing is ever printed.
 * The core reports through a plain callback; only commands create this.
 */

import { importPackage } from './import-package.js';

export interface Progress {
  /** What is being done now, e.g. `writing 3 of 18 files: ~/.cursor/mcp.json`. */
  update(text: string): void;
  stop(): void;
}

const QUIET: Progress = { update: () => {}, stop: () => {} };

export function delayedProgress(
  first: string,
  delayMs = 1000,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!stream.isTTY || 'CI' in process.env) return QUIET;
  let text = first;
  let spinner: { text: string; start(): unknown; stop(): unknown } | undefined;
  let stopped = false;
  const timer = setTimeout(() => {
    void importPackage<typeof import('yocto-spinner')>('yocto-spinner').then(
      ({ default: yocto }) => {
        if (stopped) return;
        spinner = yocto({ stream, text: fitLine(text, stream.columns || 80) });
        spinner.start();
      },
    );
  }, delayMs);
  timer.unref();
  return {
    update: (t) => {
      text = t;
      if (spinner) spinner.text = fitLine(t, stream.columns || 80);
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      spinner?.stop();
    },
  };
}

/** One line: a wrapped spinner line could not be redrawn in place. */
function fitLine(text: string, columns: number): string {
  return text.length <= columns - 3 ? text : text.slice(0, Math.max(10, columns - 4)) + '…';
}
