// A loopback MCP registry for tests: the two read endpoints of the registry API
// (modelcontextprotocol/registry docs/reference/api/openapi.yaml), serving documents as given:
//   GET /v0.1/servers?search=&version=latest&cursor=  -> {servers: [{server, _meta}], metadata}
//   GET /v0.1/servers/{name}/versions/{version}       -> {server, _meta}
// Pages hold `pageSize` servers; the cursor is opaque (base64 of the next index), as the API says.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One published version; `server` is served exactly as given (bad data included). */
export interface Published {
  name: string;
  version: string;
  server: unknown;
  latest?: boolean;
  /** Raw response body instead of JSON (for "not JSON" cases). */
  raw?: string;
}

export interface LoopbackRegistry {
  url: string;
  /** Every path requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

const NAME_OK = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;
const META = 'io.modelcontextprotocol.registry/official';

export async function startRegistry(docs: Published[], pageSize = 2): Promise<LoopbackRegistry> {
  const requests: string[] = [];
  const response = (d: Published) => ({
    server: d.server,
    _meta: { [META]: { status: 'active', isLatest: d.latest !== false } },
  });
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const u = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (u.pathname === '/v0.1/servers') {
      const q = (u.searchParams.get('search') ?? '').toLowerCase();
      const hits = docs
        .filter((d) => d.latest !== false && !d.raw)
        .filter((d) => {
          const s = d.server as { name?: unknown; description?: unknown };
          // A list holds each server under its own name; a mislabelled document is only fetched.
          if (
            s?.name !== undefined &&
            s.name !== d.name &&
            typeof s.name === 'string' &&
            NAME_OK.test(s.name)
          )
            return false;
          return (
            d.name.toLowerCase().includes(q) ||
            String(s?.description ?? '')
              .toLowerCase()
              .includes(q)
          );
        });
      const cursor = u.searchParams.get('cursor');
      const start = cursor ? Number(Buffer.from(cursor, 'base64').toString()) : 0;
      const page = hits.slice(start, start + pageSize);
      const next =
        start + pageSize < hits.length
          ? Buffer.from(String(start + pageSize)).toString('base64')
          : undefined;
      return send(200, {
        servers: page.map(response),
        metadata: { count: page.length, ...(next ? { nextCursor: next } : {}) },
      });
    }
    const m = /^\/v0\.1\/servers\/([^/]+)\/versions\/([^/]+)$/.exec(u.pathname);
    if (m) {
      const name = decodeURIComponent(m[1]!);
      const version = decodeURIComponent(m[2]!);
      const d = docs.find(
        (x) =>
          x.name === name && (version === 'latest' ? x.latest !== false : x.version === version),
      );
      if (!d) return send(404, { error: 'Server not found' });
      return send(200, d.raw ?? response(d));
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
