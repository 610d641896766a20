/**
 * The request metadata headers of MCP 2026-07-28 over streamable HTTP, read off each outgoing
 * JSON-RPC body (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http,
 * "Request Metadata"): `MCP-Protocol-Version` equal to the body's `_meta` version, `Mcp-Method`
 * on every request, `Mcp-Name` for `tools/call`, `prompts/get` (`params.name`) and
 * `resources/read` (`params.uri`), Base64-sentinel encoded where not plain header-safe ASCII.
 * One `fetch` wrapper given to the SDK's transport sets them, so no framing is hand-written and a
 * legacy (initialize-based) message goes out exactly as the SDK sends it.
 */
const VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
const NAME_SOURCE: Record<string, 'name' | 'uri'> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};

type Message = Record<string, unknown>;

/** The modern protocol version a message declares in `params._meta`, if any. */
export function modernVersionOf(message: unknown): string | undefined {
  const params = (message as { params?: { _meta?: Message } } | null)?.params;
  const version = params?._meta?.[VERSION_KEY];
  return typeof version === 'string' ? version : undefined;
}

/**
 * A header value as the revision's "Value Encoding" wants it: as is when it is visible ASCII or
 * inner spaces/tabs, else (and when it looks like the sentinel) `=?base64?...?=` of its UTF-8.
 */
export function encodeHeaderValue(value: string): string {
  const plain =
    /^[\x21-\x7e]([\x20-\x7e\t]*[\x21-\x7e])?$/.test(value) &&
    !(value.startsWith('=?base64?') && value.endsWith('?='));
  return plain ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** The headers one JSON-RPC message needs, or undefined for a message that is not a modern request. */
export function modernHeaders(message: unknown): Record<string, string> | undefined {
  const version = modernVersionOf(message);
  const method = (message as { method?: unknown }).method;
  if (!version || typeof method !== 'string') return undefined;
  const headers: Record<string, string> = {
    'MCP-Protocol-Version': version,
    'Mcp-Method': method,
  };
  const source = NAME_SOURCE[method];
  const name = source ? (message as { params: Message }).params[source] : undefined;
  if (typeof name === 'string') headers['Mcp-Name'] = encodeHeaderValue(name);
  return headers;
}

type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * `fetch` that sets `modernHeaders` of the JSON-RPC body on each POST carrying a modern request
 * (replacing the session-wide version header the SDK sets), plus `extra` of it (the bridge's
 * `Mcp-Param-*`, src/protocol/param-headers.ts); anything else passes unchanged.
 */
export function modernHeadersFetch(
  base: Fetch = fetch,
  extra: (message: unknown) => Record<string, string> = () => ({}),
): Fetch {
  return (url, init) => {
    if (init?.method !== 'POST' || typeof init.body !== 'string') return base(url, init);
    let headers: Record<string, string> | undefined;
    try {
      const message: unknown = JSON.parse(init.body);
      headers = modernHeaders(message);
      if (headers) Object.assign(headers, extra(message));
    } catch {
      // Not JSON (an OAuth form post): not ours to touch.
    }
    if (!headers) return base(url, init);
    const merged = new Headers(init.headers);
    for (const [k, v] of Object.entries(headers)) merged.set(k, v);
    return base(url, { ...init, headers: merged });
  };
}
