import type { ClientAdapter } from './contract.js';
import { claudeCode } from './claude-code.js';
import { claudeDesktop } from './claude-desktop.js';
import { cursor } from './cursor.js';

/** Every supported client. Adding one is a module satisfying ClientAdapter plus a line here. */
export const clients: ClientAdapter[] = [claudeDesktop, claudeCode, cursor];

export function getClient(id: string): ClientAdapter | undefined {
  return clients.find((c) => c.id === id);
}

export function clientIds(): string[] {
  return clients.map((c) => c.id);
}
