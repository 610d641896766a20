import type { PathContext, Scope } from '../types.js';
import type { ClientAdapter } from './contract.js';

/**
 * The adapter for one file as it is now: the client's dialect that the text is in (opencode's
 * newer `mcp.servers`), else the client's own adapter. An absent or empty file gets the latter.
 */
export function adapterForText(adapter: ClientAdapter, text: string | null): ClientAdapter {
  if (text === null || !adapter.dialects?.length) return adapter;
  return adapter.dialects.find((d) => d.holds(text))?.adapter ?? adapter;
}

/** Every entries path the client may use at a scope: its own, then its dialects'. */
export function entriesPathsOf(adapter: ClientAdapter, scope: Scope, ctx: PathContext): string[][] {
  return [adapter, ...(adapter.dialects ?? []).map((d) => d.adapter)].map((a) =>
    a.entriesPath(scope, ctx),
  );
}
