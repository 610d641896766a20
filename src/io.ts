/**
 * The only way the core talks to the user. The CLI supplies a terminal implementation;
 * tests supply one that records messages.
 */
export interface Io {
  /** Main output (plans, tables, JSON). */
  out(text: string): void;
  /** Progress, warnings and errors. */
  err(text: string): void;
  /** Whether stdin and stdout are a terminal (prompts are allowed). */
  interactive: boolean;
  color: boolean;
  /** Asks a yes/no question; only called when `interactive`. */
  confirm(question: string): Promise<boolean>;
  /** Asks for a secret with hidden input; only called when `interactive`. */
  password(question: string): Promise<string>;
  /** Everything on standard input (a piped secret); only called when not `interactive`. */
  readStdin(): Promise<string>;
}
