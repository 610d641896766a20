/**
 * Checks one server end to end with the MCP TypeScript SDK's Client
 * (https://github.com/modelcontextprotocol/typescript-sdk): start it (stdio) or reach it
 * (streamable HTTP, SSE), `initialize`, then list what its capabilities announce. The first
 * trouble wins: a stdio process that exits or writes non-JSON fails the check at once.
 */
import type { ServerSpec } from '../types.js';
import type { SecretLookup } from '../secrets/resolve.js';
import { Redactor } from '../secrets/redact.js';
import { secretNamesIn, substituteSecrets } from '../secrets/tokens.js';
import { importPackage } from '../import-package.js';
import { remoteClientTransport } from '../launcher/remote-transport.js';
import { precheck } from './precheck.js';
import type { ResolveEnv } from '../platform/resolve-command.js';
import { DoctorStdioTransport, type StdioTrouble } from './stdio-transport.js';
import { classifyError, timeoutFailure } from './classify.js';
import { probeEra, transportSender, type Era, type ModernSend } from '../protocol/era.js';
import { httpSender } from '../protocol/http-sender.js';
import { CLIENT_INFO, PROBE_MS, checkModern, rejectedFailure } from './modern-check.js';
import type { Failure, ServerReport } from './report.js';

export interface CheckOptions extends ResolveEnv {
  secrets: SecretLookup;
  /** More secret names whose values the output masks (the whole stack's, for `--client`). */
  maskSecrets?: string[];
  timeoutSeconds: number;
  /** Folder stdio servers start in when they declare no cwd. */
  cwd: string;
  /**
   * Called once the server answered its listings, with the connected client, before it is
   * closed: `mcpo lock` and doctor's lock comparison read the full lists (src/lock/snapshot.ts).
   */
  inspect?: (client: SdkClient, spec: ServerSpec) => Promise<void>;
}

interface SdkTransport {
  start(): Promise<void>;
  close(): Promise<void>;
  setProtocolVersion?: (v: string) => void;
}
export interface SdkClient {
  connect(t: SdkTransport, o?: { timeout?: number }): Promise<void>;
  getServerVersion(): { name: string; version: string } | undefined;
  getServerCapabilities(): { tools?: object; resources?: object; prompts?: object } | undefined;
  listTools(p?: object, o?: object): Promise<{ tools: unknown[] }>;
  listResources(p?: object, o?: object): Promise<{ resources: unknown[] }>;
  listPrompts(p?: object, o?: object): Promise<{ prompts: unknown[] }>;
  listResourceTemplates(p?: object, o?: object): Promise<{ resourceTemplates: unknown[] }>;
  close(): Promise<void>;
}

export async function checkServer(spec: ServerSpec, opts: CheckOptions): Promise<ServerReport> {
  const started = Date.now();
  const report: ServerReport = {
    server: spec.name,
    transport: spec.transport,
    ok: false,
    totalMs: 0,
    warnings: [],
  };
  const done = (failure?: Failure): ServerReport => {
    report.totalMs = Date.now() - started;
    report.ok = !failure;
    if (failure) report.failure = failure;
    return report;
  };
  if (spec.url) report.url = spec.url.split('?')[0]!;
  const pre = precheck(spec, opts.secrets, opts);
  report.warnings.push(...pre.warnings);
  if (pre.failure) return done(pre.failure);
  if (pre.command) report.command = pre.command;
  if (spec.transport === 'ws')
    return done({
      kind: 'unsupported',
      message: 'WebSocket servers cannot be checked.',
      fix: 'check it with the client itself',
    });

  const real = substituteSecrets(spec, opts.secrets);
  // The stack's secret values, and the credentials of the entry as started: with `--client` the
  // spec comes from a client file and holds real values (`--token=…`, env, headers) itself.
  const redactor = new Redactor()
    .add([...secretNamesIn(spec), ...(opts.maskSecrets ?? [])].map(opts.secrets))
    .addFound(real);
  const mask = (s: string) => redactor.text(s);
  const { Client } = await importPackage<{ Client: new (info: object, o?: object) => SdkClient }>(
    '@modelcontextprotocol/sdk/client/index.js',
  );
  const client = new Client({ name: 'mcpo-doctor', version: '0.1.0' }, { capabilities: {} });

  let fail!: (f: Failure) => void;
  let troubled!: Promise<never>;
  const arm = () => {
    troubled = new Promise<never>(
      (_, reject) => (fail = (f) => reject(Object.assign(new Error(f.message), { failure: f }))),
    );
    troubled.catch(() => {});
  };
  arm();
  let version: string | undefined;
  const watchVersion = <T extends SdkTransport>(t: T): T => {
    const setVersion = t.setProtocolVersion?.bind(t);
    t.setProtocolVersion = (v) => {
      version = v;
      setVersion?.(v);
    };
    return t;
  };
  let stdio: DoctorStdioTransport | undefined;
  const startStdio = () =>
    watchVersion(
      new DoctorStdioTransport(
        {
          command: pre.command!,
          args: real.args ?? [],
          env: { ...stringEnv(opts.env), ...(real.env ?? {}) },
          cwd: real.cwd ?? opts.cwd,
        },
        (t) => fail(stdioFailure(t, spec, () => stdio!.stderr().map(mask), mask)),
      ),
    );
  if (spec.transport === 'stdio') stdio = startStdio();
  let transport: SdkTransport =
    stdio ?? watchVersion(await remoteClientTransport<SdkTransport>(real));

  const timer = setTimeout(
    () => fail(timeoutFailure(opts.timeoutSeconds)),
    opts.timeoutSeconds * 1000,
  );
  const timeout = { timeout: opts.timeoutSeconds * 1000 + 1000 };
  try {
    // The current revision first (server/discover), then the `initialize` handshake.
    let modern: Probed;
    try {
      modern = await Promise.race([probe(spec, real, stdio, opts.timeoutSeconds), troubled]);
    } catch (e) {
      if (!stdio || (e as { failure?: Failure }).failure?.kind !== 'exited-early') throw e;
      // Some legacy servers (older Python SDKs) exit on any request before `initialize`, although
      // clients that only send `initialize` work: start it again and check it the legacy way.
      report.warnings.push(
        'the server exited on a request before `initialize` (the server/discover probe); checked again without it',
      );
      arm();
      transport = stdio = startStdio();
      await Promise.race([stdio.start(), troubled]);
      modern = { era: 'legacy' };
    }
    if (modern.era === 'modern-rejected') return done(rejectedFailure(modern));
    if (modern.era === 'modern') {
      report.readyMs = Date.now() - started;
      await Promise.race([checkModern(modern, modern.send, report), troubled]);
      return done();
    }
    // The probe started the stdio process: the SDK's Client goes on with it, not a second one.
    await Promise.race([
      client.connect(stdio ? alreadyStarted(transport) : transport, timeout),
      troubled,
    ]);
    report.era = 'legacy';
    report.readyMs = Date.now() - started;
    const info = client.getServerVersion();
    if (info) report.serverInfo = { name: String(info.name), version: String(info.version) };
    if (version) report.protocolVersion = version;
    const caps = client.getServerCapabilities() ?? {};
    const [tools, resources, prompts] = await Promise.race([
      Promise.all([
        caps.tools ? client.listTools(undefined, timeout).then((r) => r.tools.length) : 0,
        caps.resources
          ? client.listResources(undefined, timeout).then((r) => r.resources.length)
          : 0,
        caps.prompts ? client.listPrompts(undefined, timeout).then((r) => r.prompts.length) : 0,
      ]),
      troubled,
    ]);
    report.counts = { tools, resources, prompts };
    if (opts.inspect) await Promise.race([opts.inspect(client, spec), troubled]);
    if (!caps.tools) report.warnings.push('the server announces no tools capability');
    return done();
  } catch (e) {
    const f = (e as { failure?: Failure }).failure ?? classifyError(e, spec.url, mask);
    return done(f);
  } finally {
    clearTimeout(timer);
    fail = () => {}; // the exit after our own close is not a failure
    await client.close().catch(() => {});
    await transport.close().catch(() => {});
  }
}

/** The server's protocol era; for a modern server, how to send it more requests. */
type Probed =
  | Exclude<Era, { era: 'modern' }>
  | (Extract<Era, { era: 'modern' }> & { send: ModernSend });
async function probe(
  spec: ServerSpec,
  real: ServerSpec,
  stdio: DoctorStdioTransport | undefined,
  seconds: number,
): Promise<Probed> {
  if (spec.transport === 'sse') return { era: 'legacy' }; // HTTP+SSE is the legacy transport itself
  const probeMs = Math.min(PROBE_MS, seconds * 1000);
  let send: ModernSend;
  if (stdio) {
    await stdio.start();
    send = transportSender(stdio, CLIENT_INFO, seconds * 1000);
  } else send = httpSender(real, CLIENT_INFO, seconds * 1000);
  const era = await probeEra(
    stdio ? transportSender(stdio, CLIENT_INFO, probeMs) : httpSender(real, CLIENT_INFO, probeMs),
  );
  return era.era === 'modern' ? { ...era, send } : era;
}

/** The same transport, its start() already done: Client.connect() calls start() again. */
function alreadyStarted(t: SdkTransport): SdkTransport {
  return new Proxy(t, {
    get: (target, key) => (key === 'start' ? async () => {} : Reflect.get(target, key)),
  });
}

function stdioFailure(
  t: StdioTrouble,
  spec: ServerSpec,
  stderr: () => string[],
  mask: (s: string) => string,
): Failure {
  if (t.kind === 'not-json') {
    return {
      kind: 'stdout-not-json',
      message: `The server wrote a line that is not JSON-RPC to stdout: ${JSON.stringify(mask(t.line))}.`,
      fix: 'stdout is the MCP channel: the server must log to stderr (a server bug, or a wrapper script that echoes)',
    };
  }
  if (t.kind === 'spawn-error') {
    return {
      kind: t.code === 'ENOENT' ? 'command-not-found' : 'error',
      message: `Cannot start ${spec.command}: ${t.code ?? mask(t.message)}.`,
      fix: 'check the command and its permissions',
    };
  }
  const lines = stderr().slice(-10);
  const how = t.signal ? `was killed by ${t.signal}` : `exited with code ${t.exitCode}`;
  return {
    kind: 'exited-early',
    message: `The server ${how} before completing the handshake${lines.length ? `; its last stderr line: ${lines[lines.length - 1]}` : ' and wrote nothing to stderr'}.`,
    fix: 'read the stderr lines: usually a missing argument, environment variable or dependency',
    exitCode: t.exitCode,
    stderr: lines,
  };
}

function stringEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}
