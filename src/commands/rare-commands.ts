/**
 * Commands a `plan` never needs, with what only they use (the gateway, doctor, lock, login,
 * the registry...): the entry point of a second bundle, dist/mcpo-rare.cjs (scripts/build.mjs),
 * which the CLI loads only when one of them runs. The main bundle's start-up reads and compiles
 * a fifth less code. Under Jest and tsc this is an ordinary module.
 *
 * That bundle shares src/errors.ts with the main one instead of a copy (scripts/build.mjs), so
 * an McpoError thrown here is an McpoError for run-command.ts's messages and --json documents.
 */
import type { CommandModule } from './run-command.js';

export const rareLoaders: Record<string, () => Promise<CommandModule>> = {
  add: () => import('./add.js'),
  gateway: () => import('./gateway.js'),
  'gateway-status': () => import('./gateway-status.js'),
  'gateway-stop': () => import('./gateway-stop.js'),
  doctor: () => import('./doctor.js'),
  logs: () => import('./logs.js'),
  import: () => import('./import.js'),
  init: () => import('./init.js'),
  search: () => import('./search.js'),
  new: () => import('./new.js'),
  lock: () => import('./lock.js'),
  outdated: () => import('./outdated.js'),
  login: () => import('./login.js'),
  logout: () => import('./logout.js'),
  auth: () => import('./auth.js'),
};
