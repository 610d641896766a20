import { nodeCrypto } from '../node-crypto.js';
import type { Fingerprinter } from './contract.js';

const PREFIX = 'hmac-sha256:';
/** Digests of entry texts kept for reuse (createFingerprinter). */
const MEMO_LIMIT = 20_000;

/**
 * JSON with object keys sorted at every level, so that two entries equal up to key order
 * get the same fingerprint. Follows JSON.stringify for everything else (undefined members
 * are dropped, undefined array items become null, toJSON is honoured).
 */
export function canonicalJson(value: unknown): string {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  // Appended to one string, not joined from an array per level: apply fingerprints every entry
  // it writes (90000 at 5000 servers x 18 clients), and the arrays were most of the garbage.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += `${i ? ',' : ''}${isOmitted(item) ? 'null' : canonicalJson(item)}`;
    }
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    let out = '{';
    for (const key of sortedKeys(obj)) {
      const member = obj[key];
      if (isOmitted(member)) continue;
      out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Whether two values say the same as JSON, whatever their key order (a writer's check that its
 * text reads back as the entries it meant): one string each, where a JSON round trip of both and
 * a deep comparison built four trees and loaded node:util's comparison module.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Object.keys, sorted as Array#sort sorts strings (by UTF-16 code units). Entries have a few
 * keys: an insertion sort in place allocates nothing, where sort() allocated a work array for
 * every object of every entry.
 */
function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
  return keys;
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Salted digests. A plain sha256 of a short secret can be brute-forced from the state file;
 * an HMAC keyed by a per-machine random salt cannot, without the salt.
 */
export function createFingerprinter(salt: Buffer, memoLimit = MEMO_LIMIT): Fingerprinter {
  // One key object for every digest: a Buffer key is imported again by each createHmac.
  const key = nodeCrypto().createSecretKey(salt);
  const hmac = (data: string): string =>
    PREFIX + nodeCrypto().createHmac('sha256', key).update(data, 'utf8').digest('hex');
  // Clients that share a dialect render a server alike, so most entries of a stack over many
  // clients have the same canonical text as one already digested: one HMAC per distinct text
  // (100 servers x 18 clients: 500 digests for 1800 entries). Bounded, so that a stack of
  // thousands of distinct entries keeps a fixed amount of text alive.
  const seen = new Map<string, string>();
  return {
    entry(entry) {
      const data = canonicalJson(entry);
      let digest = seen.get(data);
      if (digest === undefined) {
        if (seen.size >= memoLimit) seen.clear();
        seen.set(data, (digest = hmac(data)));
      }
      return digest;
    },
    text: (text) => hmac(text),
  };
}
