/**
 * Every client adapter, loaded once for tests that look clients up synchronously (the CLI
 * loads only the clients a command names; see src/clients/registry.ts).
 */
import { clientIds, clientInfos, getClient, loadClients } from '../../src/clients/index.js';

export const clients = await loadClients();
export { clientIds, clientInfos, getClient };
