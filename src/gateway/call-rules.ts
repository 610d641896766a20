/**
 * The gateway's per-call decisions, apart from its state: which server owns a resource URI,
 * whether a tool's result may be cached, and the one-sentence tool error for a failed call.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerSpec } from '../types.js';
import type { Offer } from './list-cache.js';
import type { CallContext } from './gateway.js';

/**
 * The server that listed `uri`; else the one with the longest template prefix (the text before
 * its first `{`) that `uri` starts with; else the only server there is.
 */
export function resourceOwner(
  offers: { server: string; offer: Offer }[],
  uri: string,
): string | undefined {
  const listed = offers.find(({ offer }) => offer.resources.some((r) => r.uri === uri));
  if (listed) return listed.server;
  let best: { server: string; length: number } | undefined;
  for (const { server, offer } of offers) {
    for (const t of offer.resourceTemplates) {
      const prefix = String(t.uriTemplate ?? '').split('{')[0]!;
      if (prefix && uri.startsWith(prefix) && prefix.length > (best?.length ?? 0))
        best = { server, length: prefix.length };
    }
  }
  return best?.server ?? (offers.length === 1 ? offers[0]!.server : undefined);
}

export function signalOnly(ctx: CallContext): { signal?: AbortSignal } {
  return ctx.signal ? { signal: ctx.signal } : {};
}

/** `cache.tools` when given; else the tools the server itself says are read-only and idempotent. */
export function cacheable(
  spec: ServerSpec,
  tool: string,
  listed: Record<string, unknown>,
): boolean {
  if (!spec.cache) return false;
  if (spec.cache.tools) return spec.cache.tools.includes(tool);
  const a = listed.annotations as { readOnlyHint?: boolean; idempotentHint?: boolean } | undefined;
  return a?.readOnlyHint === true && a.idempotentHint === true;
}

export function toolError(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** One sentence naming the server: a timeout says the limit, a crash says so. */
export function describeFailure(
  e: unknown,
  server: string,
  tool: string,
  timeout: number | undefined,
): string {
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  // -32001: the SDK's RequestTimeout; it has sent notifications/cancelled to the server already.
  if (code === -32001 && timeout !== undefined) {
    return `Server ${server} did not answer ${tool} within its timeout of ${timeout} s; mcpo cancelled the call (raise \`timeout\` of ${server} in the stack if it needs longer).`;
  }
  if (code === -32000 && /closed/i.test(message)) {
    return `Server ${server} stopped while running ${tool} (connection closed); it is started again on the next call.`;
  }
  const hint = (e as { hint?: unknown })?.hint;
  return `Server ${server} failed on ${tool}: ${message}${typeof hint === 'string' ? ` Fix: ${hint}.` : ''}`;
}
