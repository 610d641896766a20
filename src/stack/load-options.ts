import { homedir } from 'node:os';
import { clientInfos } from '../clients/index.js';
import type { LoadStackOptions } from './load.js';

/**
 * The loader options of every command that checks client names (all but `mcpo run`, which skips
 * the client registry): environment, home, and the registry's ids and scopes.
 */
export function stackLoadOptions(
  opts: { env?: Record<string, string | undefined>; home?: string } = {},
): LoadStackOptions {
  return {
    env: opts.env ?? process.env,
    home: opts.home ?? homedir(),
    // The catalog's ids and scopes: checking a stack loads no adapter.
    knownClients: clientInfos.map((c) => c.id),
    clientScopes: Object.fromEntries(clientInfos.map((c) => [c.id, c.scopes])),
  };
}
