// The request metadata headers of MCP 2026-07-28 (src/protocol/headers.ts), over generated
// messages: every modern request gets `MCP-Protocol-Version` equal to its `_meta` version and
// `Mcp-Method` equal to its method, `Mcp-Name` where the revision requires one, each a valid
// header value (the real `Headers` of Node) that decodes back to the body's value; a legacy
// message, a notification without `_meta` or a non-JSON body goes out exactly as given.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { encodeHeaderValue, modernHeadersFetch } from '../src/protocol/headers.js';
import { annotatedParams, paramHeaders } from '../src/protocol/param-headers.js';

const NAMED: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
};
const method = fc.oneof(
  fc.constantFrom(
    'server/discover',
    'tools/list',
    'tools/call',
    'prompts/get',
    'prompts/list',
    'resources/read',
    'resources/list',
    'subscriptions/listen',
    'completion/complete',
  ),
  fc.stringMatching(/^[a-z]{1,8}\/[a-zA-Z_]{1,12}$/),
);
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.constantFrom(' padded ', '=?base64?x?=', 'a\tb', 'line1\nline2', ''),
);

const version = fc.constantFrom('2026-07-28', '2027-01-01', '2026-12-31');

const decode = (v: string) => {
  const m = /^=\?base64\?(.*)\?=$/.exec(v);
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : v;
};

/** What the wrapper passed on to fetch for one body. */
async function sent(body: string, headers: Record<string, string> = { Accept: 'x' }) {
  let got: RequestInit | undefined;
  const f = modernHeadersFetch(async (_url, init) => {
    got = init;
    return new Response(null, { status: 202 });
  });
  const init = { method: 'POST', headers, body };
  await f('http://127.0.0.1/mcp', init);
  return { init, got: got! };
}

describe('modern requests carry the revision headers', () => {
  test('for every method and name: version, method and name headers that match the body', async () => {
    await fc.assert(
      fc.asyncProperty(method, text, version, async (m, name, v) => {
        const params: Record<string, unknown> = {
          _meta: { 'io.modelcontextprotocol/protocolVersion': v },
        };
        if (NAMED[m]) params[NAMED[m]!] = name;
        const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: m, params });
        const { got } = await sent(body, { 'mcp-protocol-version': '2025-11-25', Accept: 'x' });
        const h = new Headers(got.headers);
        expect(h.get('mcp-protocol-version')).toBe(v);
        expect(h.get('mcp-method')).toBe(m);
        expect(h.get('accept')).toBe('x');
        if (NAMED[m]) expect(decode(h.get('mcp-name')!)).toBe(name);
        else expect(h.has('mcp-name')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test('any value encodes to a valid header value that decodes back; plain ASCII stays as is', () => {
    fc.assert(
      fc.property(text, (v) => {
        const enc = encodeHeaderValue(v);
        // Node's Headers refuses what HTTP does not allow (and trims outer whitespace).
        expect(new Headers({ x: enc }).get('x')).toBe(enc);
        expect(decode(enc)).toBe(v);
        if (/^[\x21-\x7e]+$/.test(v) && !/^=\?base64\?.*\?=$/.test(v)) expect(enc).toBe(v);
      }),
      { numRuns: 500 },
    );
  });

  test('legacy messages, notifications and non-JSON bodies pass unchanged', async () => {
    const legacy = fc.oneof(
      fc.record({ jsonrpc: fc.constant('2.0'), id: fc.nat(), method, params: fc.constant({}) }),
      fc.record({ jsonrpc: fc.constant('2.0'), method: fc.constant('notifications/initialized') }),
      fc.record({ jsonrpc: fc.constant('2.0'), id: fc.nat(), result: fc.constant({}) }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          legacy.map((m) => JSON.stringify(m)),
          text,
        ),
        async (body) => {
          const { init, got } = await sent(body);
          expect(got).toBe(init);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('x-mcp-header annotations (annotatedParams, paramHeaders)', () => {
  // One annotation placed along a generated path of schema keywords: accepted only when every
  // step is a `properties` key and the parameter is a string, integer or boolean.
  const step = fc.oneof(
    fc.record({ kw: fc.constant('properties'), key: fc.constantFrom('a', 'b', 'c') }),
    fc.record({ kw: fc.constantFrom('items', 'oneOf', 'anyOf', 'allOf', 'not', 'if', '$defs') }),
  );
  test('accepted exactly on a properties chain with a primitive type', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 4 }),
        fc.constantFrom('string', 'integer', 'boolean', 'number', 'object', 'array'),
        fc.constantFrom('Region', 'X-Tenant', 'bad name', '', 'ünï'),
        (path, type, header) => {
          let node: Record<string, unknown> = { type, 'x-mcp-header': header };
          for (const s of [...path].reverse()) {
            if (s.kw === 'properties') node = { type: 'object', properties: { [s.key!]: node } };
            else if (['oneOf', 'anyOf', 'allOf'].includes(s.kw)) node = { [s.kw]: [node] };
            else if (s.kw === '$defs') node = { $defs: { d: node } };
            else node = { [s.kw]: node };
          }
          const chain = path.length > 0 && path.every((s) => s.kw === 'properties');
          const valid =
            chain && ['string', 'integer', 'boolean'].includes(type) && /^[A-Za-z-]+$/.test(header);
          const got = annotatedParams(node);
          if (valid) expect(got).toEqual([{ header, path: path.map((s) => s.key) }]);
          else expect(got).toHaveProperty('invalid');
        },
      ),
      { numRuns: 500 },
    );
  });

  test('header names unique regardless of case; values of any type mirrored or left out', () => {
    expect(
      annotatedParams({
        properties: {
          a: { type: 'string', 'x-mcp-header': 'Tenant' },
          b: { type: 'string', 'x-mcp-header': 'tenant' },
        },
      }),
    ).toEqual({ invalid: 'a header name used twice' });
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.maxSafeInteger(), fc.boolean(), fc.constant(null)),
        fc.boolean(),
        (v, present) => {
          const h = paramHeaders([{ header: 'V', path: ['o', 'v'] }], present ? { o: { v } } : {});
          if (!present || v === null) expect(h).toEqual({});
          else expect(decode(new Headers(h).get('mcp-param-v')!)).toBe(String(v));
        },
      ),
      { numRuns: 300 },
    );
  });
});
