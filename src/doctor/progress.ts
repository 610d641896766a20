/**
 * What a doctor run shows while it works. On a terminal: a spinner (yocto-spinner) naming the
 * servers still being checked with their elapsed seconds, and each server's line printed above
 * it as its check ends (full lines, colours kept; the terminal wraps them, nothing is cut).
 * Elsewhere (pipes, CI logs): one plain line per server as its check ends, nothing else.
 */
import { importPackage } from '../import-package.js';
import type { Colors } from '../render/colors.js';
import type { ServerReport } from './report.js';
import type { Progress } from './run-checks.js';
import { label, statusLine } from './render.js';

export interface LiveProgress extends Progress {
  /** Stops the spinner (call once every check has ended). */
  done(): void;
}

/** `write` receives whole lines (ending in a newline). */
export function plainProgress(
  names: string[],
  write: (text: string) => void,
  c: Colors,
): LiveProgress {
  const width = Math.max(0, ...names.map((n) => n.length));
  return {
    started: () => {},
    finished: (_i, r) => write(statusLine(r, c, width) + '\n'),
    done: () => {},
  };
}

/** The spinner's text: the servers in flight, `github 3s, memory 1s`, shortened to the width. */
export function inFlightText(running: Map<string, number>, now: number, columns: number): string {
  if (!running.size) return 'checking…';
  const parts = [...running].map(([name, since]) => `${name} ${Math.floor((now - since) / 1000)}s`);
  let text = `checking ${parts.join(', ')}`;
  // Cut between servers, never inside a name; the spinner's frame takes two columns.
  while (text.length > columns - 3 && parts.length > 1) {
    parts.pop();
    text = `checking ${parts.join(', ')}, …`;
  }
  return text.length > columns - 3 ? text.slice(0, Math.max(10, columns - 4)) + '…' : text;
}

export async function liveProgress(
  names: string[],
  stream: NodeJS.WriteStream,
  c: Colors,
): Promise<LiveProgress> {
  const { default: yoctoSpinner } =
    await importPackage<typeof import('yocto-spinner')>('yocto-spinner');
  const width = Math.max(0, ...names.map((n) => n.length));
  const running = new Map<string, number>();
  const spinner = yoctoSpinner({ stream });
  const refresh = () => (spinner.text = inFlightText(running, Date.now(), stream.columns || 80));
  const timer = setInterval(refresh, 250);
  return {
    started: (i) => {
      running.set(names[i]!, Date.now());
      refresh();
      spinner.start();
    },
    finished: (i, r: ServerReport) => {
      running.delete(label(r) === names[i] ? names[i]! : label(r));
      refresh();
      // The spinner hooks the stream: it clears its line, the result is written, it redraws.
      stream.write(statusLine(r, c, width) + '\n');
    },
    done: () => {
      clearInterval(timer);
      spinner.stop();
    },
  };
}
