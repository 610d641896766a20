import { readFrom } from './read.js';

export interface FollowedFile {
  path: string;
  /** Byte offset already shown. */
  offset: number;
  /** Turns one complete new line into output text, or null to leave it out. */
  format(line: string): string | null;
}

/**
 * Prints lines appended to the files until SIGINT or SIGTERM, then resolves (exit code 0).
 * Polling rather than fs.watch: it behaves the same on every platform and on network folders,
 * and notices truncation (log rotation) by the size going down.
 */
export function followFiles(
  files: FollowedFile[],
  print: (text: string, file: FollowedFile) => void,
  intervalMs = 250,
): Promise<void> {
  const partial = new Map<FollowedFile, string>();
  const poll = () => {
    for (const f of files) {
      const r = readFrom(f.path, f.offset);
      if (!r) continue;
      if (r.size < f.offset) partial.set(f, '');
      f.offset = r.size;
      if (!r.text) continue;
      const text = (partial.get(f) ?? '') + r.text;
      const lines = text.split(/\r?\n/);
      partial.set(f, lines.pop() ?? ''); // an unfinished last line waits for its newline
      const out = lines.map((l) => f.format(l)).filter((l): l is string => l !== null);
      if (out.length) print(out.join('\n') + '\n', f);
    }
  };
  return new Promise((resolve) => {
    const timer = setInterval(poll, intervalMs);
    const stop = () => {
      clearInterval(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
