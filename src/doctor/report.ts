/** What `mcpo doctor` finds, as data: the text and `--json` views both render this. */
import type { Transport } from '../types.js';
import type { AuthReport } from './auth-report.js';

export type FailureKind =
  | 'command-not-found'
  | 'runner-missing'
  | 'secret-missing'
  | 'exited-early'
  | 'stdout-not-json'
  | 'timeout'
  | 'jsonrpc-error'
  | 'http-401'
  | 'http-403'
  | 'http-404'
  | 'http-error'
  | 'connection-refused'
  | 'tls'
  | 'unsupported'
  | 'error';

export interface Failure {
  kind: FailureKind;
  /** One sentence: what went wrong. Secret values are masked. */
  message: string;
  /** What to do about it. */
  fix: string;
  exitCode?: number | null;
  /** Last lines the server wrote to stderr (masked). */
  stderr?: string[];
}

/** One server checked: `ok` when it started and answered initialize and the listings. */
export interface ServerReport {
  server: string;
  /** With `--client`: the client file the entry was read from, e.g. `claude-code (user)`. */
  source?: string;
  transport: Transport;
  ok: boolean;
  /** The absolute command that was started (stdio). */
  command?: string;
  /** Remote URL (http/sse), without its query string. */
  url?: string;
  serverInfo?: { name: string; version: string };
  protocolVersion?: string;
  /** `modern`: 2026-07-28 and later (`server/discover`, no handshake); `legacy`: `initialize`. */
  era?: 'modern' | 'legacy';
  counts?: { tools: number; resources: number; prompts: number };
  /** Milliseconds from start to a completed `initialize`. */
  readyMs?: number;
  /** Milliseconds for the whole check. */
  totalMs: number;
  warnings: string[];
  failure?: Failure;
  /** For a 401: each step of the OAuth discovery, the client's way through it, and its tokens. */
  auth?: AuthReport;
}

/** One client file checked with `--client`. */
export interface ClientFileReport {
  client: string;
  scope: string;
  path: string;
  exists: boolean;
  ok: boolean;
  warnings: string[];
  /** Reminders, not problems (e.g. the client's restart requirement after mcpo changed the file). */
  notes: string[];
  failure?: { kind: 'parse-error' | 'read-failed' | 'env-unset'; message: string; fix: string };
  /** Environment variables the entries refer to (names only) and whether each is set. */
  envRefs?: { server: string; variable: string; set: boolean }[];
}

export interface DoctorReport {
  ok: boolean;
  servers: ServerReport[];
  clientFiles: ClientFileReport[];
}
