import type { NativeEntry } from '../types.js';

/**
 * Reads and edits the servers map of one config file format, touching nothing else.
 * `text` is the whole file ('' when the file does not exist yet).
 */
export interface ConfigFormat {
  name: 'json' | 'jsonc' | 'yaml' | 'toml';
  /** Entries under `entriesPath`; {} when the map is absent. Throws ParseError (file:line:col) on bad syntax. */
  readEntries(text: string, file: string, entriesPath: string[]): Record<string, NativeEntry>;
  /**
   * Returns the new file text with each named entry set (or removed when the value is undefined).
   * Every byte outside the changed entries stays as it was, including key order, indentation
   * and the final newline. Creates the map (and the file body) when absent.
   */
  writeEntries(
    text: string,
    file: string,
    entriesPath: string[],
    changes: Record<string, NativeEntry | undefined>,
  ): string;
}
