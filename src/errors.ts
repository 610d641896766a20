import type { Problem, SourceLoc } from './types.js';

/** A user-facing error with a stable code. Only the CLI entry point decides the exit code. */
export class McpoError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly loc?: SourceLoc;
  constructor(code: string, message: string, opts: { hint?: string; loc?: SourceLoc } = {}) {
    super(message);
    this.name = 'McpoError';
    this.code = code;
    if (opts.hint !== undefined) this.hint = opts.hint;
    if (opts.loc !== undefined) this.loc = opts.loc;
  }
}

/** Several problems found at once (stack validation reports them all in one run). */
export class ValidationError extends McpoError {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(
      'invalid-stack',
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the stack`,
    );
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** A config or stack file that does not parse. */
export class ParseError extends McpoError {
  constructor(loc: SourceLoc, message: string, hint: string) {
    super('parse-error', `${formatLoc(loc)}: ${message}`, { loc, hint });
    this.name = 'ParseError';
  }
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** Line and column (1-based) of a character offset in a text. */
export function offsetToLoc(file: string, text: string, offset: number): SourceLoc {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, col: offset - lineStart + 1 };
}
