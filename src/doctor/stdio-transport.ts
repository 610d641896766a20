/**
 * A stdio client transport for the MCP SDK's Client that, unlike the SDK's own, reports what a
 * doctor needs: the exit code, the last stderr lines, and the first stdout line that is not
 * JSON-RPC, at the moment it arrives (a server that logs to stdout breaks every client, and
 * waiting for the handshake timeout would hide the cause).
 */
import { spawn, type ChildProcess } from 'node:child_process';

type Message = Record<string, unknown>;

export type StdioTrouble =
  | { kind: 'spawn-error'; code: string | undefined; message: string }
  | { kind: 'exit'; exitCode: number | null; signal: string | null }
  | { kind: 'not-json'; line: string };

const STDERR_LINES = 20;

export class DoctorStdioTransport {
  onmessage?: (message: Message) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private child?: ChildProcess;
  private buffer = '';
  private stderrTail: string[] = [];
  private partialErr = '';

  constructor(
    private readonly params: {
      command: string;
      args: string[];
      env: Record<string, string>;
      cwd?: string;
    },
    /** Called once with the first problem; the check fails on it without waiting. */
    private readonly onTrouble: (t: StdioTrouble) => void,
  ) {}

  async start(): Promise<void> {
    const child = spawn(this.params.command, this.params.args, {
      env: this.params.env,
      cwd: this.params.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    await new Promise<void>((resolve) => {
      child.once('spawn', resolve);
      child.once('error', (e: NodeJS.ErrnoException) => {
        this.onTrouble({ kind: 'spawn-error', code: e.code, message: e.message });
        resolve();
      });
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.readStdout(chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.readStderr(chunk));
    child.stdin!.on('error', () => {}); // the exit is reported instead
    child.once('close', (exitCode, signal) => {
      if (this.partialErr) this.pushErr(this.partialErr);
      this.onTrouble({ kind: 'exit', exitCode, signal });
      this.onclose?.();
    });
  }

  private readStdout(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (!line.trim()) continue;
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        msg = undefined;
      }
      if (!msg || typeof msg !== 'object' || (msg as Message).jsonrpc !== '2.0') {
        this.onTrouble({ kind: 'not-json', line: line.slice(0, 200) });
        continue;
      }
      this.onmessage?.(msg as Message);
    }
  }

  private readStderr(chunk: string): void {
    const lines = (this.partialErr + chunk).split('\n');
    this.partialErr = lines.pop() ?? '';
    for (const l of lines) this.pushErr(l);
  }

  private pushErr(line: string): void {
    if (!line.trim()) return;
    this.stderrTail.push(line.replace(/\r$/, '').slice(0, 500));
    if (this.stderrTail.length > STDERR_LINES) this.stderrTail.shift();
  }

  /** The last stderr lines, oldest first. */
  stderr(): string[] {
    return [...this.stderrTail, ...(this.partialErr.trim() ? [this.partialErr] : [])];
  }

  async send(message: Message): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed) throw new Error('the server process is not running');
    stdin.write(JSON.stringify(message) + '\n');
  }

  /** Ends stdin, then SIGTERM, then SIGKILL: servers that ignore a closed stdin still stop. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const wait = (ms: number) =>
      Promise.race([closed, new Promise<void>((r) => setTimeout(r, ms).unref())]);
    child.stdin?.end();
    await wait(1000);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await wait(1000);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
