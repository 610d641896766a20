/**
 * Which MCP revision each side of `mcpo run`'s remote bridge speaks. The client's is read off its
 * requests (`initialize`, or a 2026-07-28 `_meta` version); the server's off its answers, and
 * reported once on stderr. The bridge passes messages unchanged and does not translate between
 * the eras: the revisions differ beyond framing (2026-07-28 has no session, no server-to-client
 * requests but MRTR input requests, `subscriptions/listen` instead of the GET stream), and the
 * spec's compatibility matrix has a dual-era client fall back by itself
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning). So a request
 * the server refuses for its revision is answered with a JSON-RPC error naming both revisions:
 * a legacy server's refusal of a modern request becomes an error that is not a modern one, on
 * which a dual-era client falls back to `initialize` (passed through as before).
 */
import { modernVersionOf } from '../protocol/headers.js';
import {
  MODERN_VERSION,
  modernError,
  probeEra,
  rpcErrorOf,
  type ModernSend,
} from '../protocol/era.js';

type Message = Record<string, unknown>;
const LEGACY_STATUSES = new Set([400, 404, 405]);
export interface Pending {
  method: string;
  /** The modern version the request declares; undefined for a legacy request. */
  modern?: string;
}

/** The JSON-RPC error the client gets instead of an answer. */
export interface Refusal {
  code: number;
  message: string;
  data?: unknown;
}

export class BridgeEra {
  private readonly pending = new Map<unknown, Pending>();
  private reported = false;

  /**
   * @param name the server's name in the stack, for messages
   * @param report one line on stderr (no secrets: versions and names only)
   * @param discover a modern request to the server (src/protocol/http-sender.ts), for its versions
   */
  constructor(
    private readonly name: string,
    private readonly report: (line: string) => void,
    private readonly discover: ModernSend,
  ) {}

  /** A message from the client, before it goes to the server. */
  outgoing(msg: Message): void {
    if (!('id' in msg) || typeof msg.method !== 'string') return;
    this.pending.set(msg.id, { method: msg.method, modern: modernVersionOf(msg) });
  }

  /** A message from the server: a result says which revision it speaks. Returns its request. */
  incoming(msg: Message): Pending | undefined {
    const request = 'id' in msg ? this.pending.get(msg.id) : undefined;
    if (!request) return undefined;
    this.pending.delete(msg.id);
    const result = msg.result as { protocolVersion?: unknown } | undefined;
    if (!result) return request;
    if (request.method === 'initialize' && typeof result.protocolVersion === 'string')
      this.once(`MCP ${result.protocolVersion} (initialize)`);
    else if (request.modern) this.once(`MCP ${request.modern} (per-request _meta)`);
    return request;
  }

  /**
   * The error the client gets for a request the server did not accept (`e`: the transport's
   * rejection), or undefined where the refusal has nothing to do with the revisions.
   */
  async refused(msg: Message, e: unknown): Promise<Refusal | undefined> {
    const request = this.pending.get(msg.id);
    this.pending.delete(msg.id);
    if (!request) return undefined;
    if (request.modern) {
      const modern = modernError(e);
      // A modern server's own answer (an unsupported version lists the supported ones): as is.
      if (modern) return { code: modern.code, message: String(modern.message), data: modern.data };
      const status = (e as { code?: unknown }).code;
      const answer = rpcErrorOf(e);
      if (answer?.code === -32601 && status === 404)
        return { code: -32601, message: String(answer.message) };
      // Only these statuses without a modern body mean a legacy server (the transport's
      // "Backward Compatibility"); a 401, a 5xx or no answer says nothing about the revision.
      if (!LEGACY_STATUSES.has(status as number)) return undefined;
      this.once('only initialize-based MCP revisions (2025-11-25 and earlier)');
      return {
        code: -32000,
        message:
          `Server ${this.name} speaks only the initialize-based MCP revisions (2025-11-25 and ` +
          `earlier) and refused this ${request.modern} request (${request.method}); mcpo run does ` +
          'not translate between revisions. A client that also speaks those revisions falls back ' +
          'to initialize, which mcpo run passes through.',
      };
    }
    if (request.method !== 'initialize' || !modernError(e)) return undefined;
    // The server refused the handshake with a modern error: ask it which versions it speaks.
    const era = await probeEra(this.discover).catch(() => undefined);
    const supported = era && era.era !== 'legacy' ? era.supported : [MODERN_VERSION];
    this.once(`MCP ${supported.join(', ')} (server/discover; no initialize)`);
    return {
      code: -32022,
      message:
        `Server ${this.name} speaks MCP ${supported.join(', ')}, which has no initialize ` +
        '(its clients send server/discover and a version on each request); this client sent ' +
        'initialize, of the earlier revisions, and mcpo run does not translate between ' +
        `revisions. Use a client that speaks MCP ${MODERN_VERSION}.`,
      data: { supported },
    };
  }

  private once(what: string): void {
    if (this.reported) return;
    this.reported = true;
    this.report(`mcpo run ${this.name}: the server speaks ${what}`);
  }
}
