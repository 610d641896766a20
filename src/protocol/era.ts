/**
 * MCP 2026-07-28 has no `initialize`: each request carries its protocol version in `_meta`, and a
 * server answers `server/discover` with its versions, capabilities and identity
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/discover). A client that also
 * speaks the older revisions probes with `server/discover` and falls back to `initialize` on any
 * answer that is not a modern one, or none
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning, "Backward
 * Compatibility"). The SDK (1.32) has no such method, so these are small requests through its
 * transports. Used by `mcpo doctor` and the launcher's bridge (src/launcher/bridge-era.ts).
 */
export const MODERN_VERSION = '2026-07-28';
/** Error codes the 2026-07-28 schema reserves (HeaderMismatch, MissingRequiredClientCapability, UnsupportedProtocolVersion). */
const MODERN_ERRORS = new Set([-32020, -32021, -32022]);

type Message = Record<string, unknown>;
/** The part of the SDK's Transport used here (started by the caller). */
export interface MessageTransport {
  send(message: Message): Promise<void>;
  onmessage?: (message: Message) => void;
}

export type Era =
  | {
      era: 'modern';
      version: string;
      supported: string[];
      capabilities: Record<string, unknown>;
      serverInfo?: { name: string; version: string };
    }
  /** A modern server that refused our modern request (`code`): no fall back, the spec forbids it. */
  | { era: 'modern-rejected'; code: number; supported: string[] }
  | { era: 'legacy' };

/** The `_meta` every modern request carries. */
export function modernMeta(clientInfo: { name: string; version: string }): Message {
  return {
    'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
    'io.modelcontextprotocol/clientInfo': clientInfo,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
}

let nextId = 0;
/**
 * One JSON-RPC request through a started transport: its result, or the JSON-RPC error (thrown
 * with `code` and `data`). Rejects when `send` does (an HTTP status) or after `timeoutMs`.
 */
export function request(
  t: MessageTransport,
  method: string,
  params: Message,
  timeoutMs: number,
): Promise<Message> {
  const id = `mcpo-${++nextId}`;
  return new Promise((resolve, reject) => {
    const previous = t.onmessage;
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      t.onmessage = previous;
      fn();
    };
    const late = () => Object.assign(new Error(`no answer to ${method}`), { code: 'timeout' });
    const timer = setTimeout(() => finish(() => reject(late())), timeoutMs);
    // A caller that stopped waiting (the process exited) must not keep Node alive until then.
    timer.unref?.();
    t.onmessage = (m) => {
      if (m.id !== id) return previous?.(m);
      const error = m.error as { code?: number; message?: string; data?: unknown } | undefined;
      if (error)
        finish(() =>
          reject(
            Object.assign(new Error(String(error.message)), { code: error.code, data: error.data }),
          ),
        );
      else finish(() => resolve((m.result ?? {}) as Message));
    };
    t.send({ jsonrpc: '2.0', id, method, params }).catch((e) => finish(() => reject(e)));
  });
}

/** A JSON-RPC error as a transport reports it (the HTTP transport keeps only the body's text). */
export interface RpcError {
  code: number;
  message?: string;
  data?: { supported?: unknown };
}

/** The JSON-RPC error in a rejection: its own `code`, or the error of the HTTP body it quotes. */
export function rpcErrorOf(e: unknown): RpcError | undefined {
  const code = (e as { code?: unknown })?.code;
  const text = e instanceof Error ? e.message : '';
  const body = /(\{.*\})\s*$/s.exec(text)?.[1];
  try {
    const err = body ? (JSON.parse(body) as { error?: RpcError }).error : undefined;
    if (err && typeof err.code === 'number') return err;
  } catch {
    // Not a JSON body: the error's own code, if it is a JSON-RPC one.
  }
  // A number below 600 is the HTTP status the SDK puts in `code`, not a JSON-RPC code.
  return typeof code === 'number' && code < 0 ? (e as RpcError) : undefined;
}

/** A modern JSON-RPC error (the codes the 2026-07-28 schema reserves), else undefined. */
export function modernError(e: unknown): RpcError | undefined {
  const err = rpcErrorOf(e);
  return err && MODERN_ERRORS.has(err.code) ? err : undefined;
}

/** Sends one modern request (its `_meta` added) and returns its result; rejects as `request` does. */
export type ModernSend = (method: string) => Promise<Message>;

/** Modern requests over a started transport (stdio: one for all; HTTP: see the doctor's sender). */
export function transportSender(
  t: MessageTransport,
  clientInfo: { name: string; version: string },
  timeoutMs: number,
): ModernSend {
  return (method) => request(t, method, { _meta: modernMeta(clientInfo) }, timeoutMs);
}

/** `server/discover` first; any answer that is not modern, or none in time, means legacy. */
export async function probeEra(send: ModernSend): Promise<Era> {
  try {
    const r = await send('server/discover');
    const supported = Array.isArray(r.supportedVersions) ? r.supportedVersions.map(String) : [];
    if (!supported.includes(MODERN_VERSION)) {
      return supported.length
        ? { era: 'modern-rejected', code: -32022, supported }
        : { era: 'legacy' };
    }
    const meta = r._meta as Message | undefined;
    const info = meta?.['io.modelcontextprotocol/serverInfo'] as
      | { name?: unknown; version?: unknown }
      | undefined;
    return {
      era: 'modern',
      version: MODERN_VERSION,
      supported,
      capabilities: (r.capabilities ?? {}) as Record<string, unknown>,
      ...(info?.name
        ? { serverInfo: { name: String(info.name), version: String(info.version ?? '') } }
        : {}),
    };
  } catch (e) {
    const modern = modernError(e);
    if (!modern) return { era: 'legacy' };
    const supported = Array.isArray(modern.data?.supported)
      ? modern.data.supported.map(String)
      : [];
    return { era: 'modern-rejected', code: modern.code, supported };
  }
}
