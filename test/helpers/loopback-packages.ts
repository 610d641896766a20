// Loopback package registries for the lock tests, one HTTP server for the three APIs mcpo reads:
//   npm   GET /npm/{name}  (scoped: @scope%2fname)  -> {name, dist-tags, versions{v: {dist: {integrity}}}}
//         (https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md)
//   PyPI  GET /pypi/{name}/json, /pypi/{name}/{version}/json -> {info: {version}, urls: [{digests}]}
//         (https://docs.pypi.org/api/json/)
//   OCI   HEAD|GET /v2/{repo}/manifests/{tag} -> Docker-Content-Digest, behind an anonymous
//         bearer token from /token, as Docker Hub asks (distribution-spec, token auth spec).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PackageData {
  /** npm name -> versions in publish order; the last is `latest` unless `latest` says otherwise. */
  npm?: Record<string, { versions: string[]; latest?: string }>;
  /** PyPI name -> versions; the last is the newest. */
  pypi?: Record<string, string[]>;
  /** `repo:tag` -> manifest body (its digest is the sha256 of the body). */
  oci?: Record<string, string>;
}

export interface LoopbackPackages {
  url: string;
  /** `127.0.0.1:PORT`, the host part of an image name served here. */
  host: string;
  env: { npm_config_registry: string; MCPO_PYPI_URL: string };
  requests: string[];
  data: PackageData;
  close(): Promise<void>;
}

export const integrityOf = (name: string, v: string) =>
  `sha512-${createHash('sha512').update(`${name}@${v}`).digest('base64')}`;
export const sha256Of = (s: string) => createHash('sha256').update(s).digest('hex');
const TOKEN = 'anon-token-1';

export async function startPackages(data: PackageData): Promise<LoopbackPackages> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(
        req.method === 'HEAD' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      );
    };
    const u = new URL(req.url ?? '/', 'http://x');
    let m: RegExpExecArray | null;
    if ((m = /^\/npm\/(.+)$/.exec(u.pathname))) {
      const name = decodeURIComponent(m[1]!);
      const p = data.npm?.[name];
      if (!p) return send(404, { error: 'Not found' });
      const versions = Object.fromEntries(
        p.versions.map((v) => [v, { name, version: v, dist: { integrity: integrityOf(name, v) } }]),
      );
      return send(200, { name, 'dist-tags': { latest: p.latest ?? p.versions.at(-1)! }, versions });
    }
    if ((m = /^\/pypi\/([^/]+)(?:\/([^/]+))?\/json$/.exec(u.pathname))) {
      const versions = data.pypi?.[m[1]!];
      const v = m[2] ?? versions?.at(-1);
      if (!versions || !v || !versions.includes(v)) return send(404, { message: 'Not Found' });
      const file = (kind: string, fn: string) => ({
        filename: fn,
        packagetype: kind,
        digests: { sha256: sha256Of(fn) },
      });
      return send(200, {
        info: { name: m[1], version: v },
        urls: [
          file('sdist', `${m[1]}-${v}.tar.gz`),
          file('bdist_wheel', `${m[1]}-${v}-py3-none-any.whl`),
        ],
      });
    }
    if (u.pathname === '/token') return send(200, { token: TOKEN });
    if ((m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(u.pathname))) {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        const challenge = `Bearer realm="${base}/token",service="loopback",scope="repository:${m[1]}:pull"`;
        return send(401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': challenge });
      }
      const body = data.oci?.[`${m[1]}:${m[2]}`];
      if (body === undefined) return send(404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
      return send(200, body, {
        'docker-content-digest': `sha256:${sha256Of(body)}`,
        'content-type': 'application/vnd.oci.image.index.v1+json',
      });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    host: `127.0.0.1:${port}`,
    env: { npm_config_registry: `${base}/npm/`, MCPO_PYPI_URL: `${base}/pypi` },
    requests,
    data,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
