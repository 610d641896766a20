/**
 * `node:crypto`, loaded on first use. Requiring it costs a plan several milliseconds of start-up
 * (about 15 internal modules; `node -e` has them preloaded, a script does not), and a plan without
 * state or a saved-plan file needs no hash at all.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
