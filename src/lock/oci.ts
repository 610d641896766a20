/**
 * OCI images: the distribution API (https://github.com/opencontainers/distribution-spec/blob/main/spec.md,
 * "Pulling manifests"): `HEAD /v2/<name>/manifests/<tag>` answers the digest in
 * `Docker-Content-Digest`. A 401 with `WWW-Authenticate: Bearer realm=…,service=…,scope=…` is
 * answered with an anonymous token (https://distribution.github.io/distribution/spec/auth/token/),
 * as Docker Hub and ghcr.io ask for public images. Names without a host are Docker Hub's
 * (`registry-1.docker.io`, `library/` for official images); a loopback host is spoken to over http,
 * as docker itself does for localhost registries.
 */
import { createHash } from 'node:crypto';
import { McpoError } from '../errors.js';
import { get, type Fetched } from './http.js';
import type { PackageRef, Pin } from './types.js';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Registry base URL and repository path of an image name. */
export function ociLocation(name: string): { base: string; repo: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(first);
    return { base: `${loopback ? 'http' : 'https'}://${first}`, repo: name.slice(slash + 1) };
  }
  return { base: 'https://registry-1.docker.io', repo: slash < 0 ? `library/${name}` : name };
}

export async function resolveOci(ref: PackageRef): Promise<Pin> {
  if (ref.wanted.startsWith('sha256:'))
    return { version: ref.tag || 'digest', integrity: ref.wanted };
  const tag = ref.tag || 'latest';
  const { base, repo } = ociLocation(ref.name);
  const url = `${base}/v2/${repo}/manifests/${tag}`;
  let r = await get(url, { accept: ACCEPT });
  if (r.status === 401) {
    r = await get(url, { accept: ACCEPT, authorization: `Bearer ${await anonymousToken(r, url)}` });
  }
  if (r.status === 404) {
    throw new McpoError('package-not-found', `The image ${ref.name}:${tag} is not in ${base}.`, {
      hint: 'check the image name and tag in the stack file',
    });
  }
  if (r.status !== 200) {
    const message = `${base} answered ${r.status} for the image ${ref.name}:${tag}.`;
    throw new McpoError('package-registry-error', message, {
      hint: 'a private image needs `docker login`; mcpo locks public images only',
    });
  }
  // The header is what `docker pull` trusts; without it, the digest is the body's sha256 (the spec's rule).
  const digest =
    r.headers.get('docker-content-digest') ??
    `sha256:${createHash('sha256').update(r.body).digest('hex')}`;
  if (!/^sha256:[a-f0-9]{64}$/.test(digest)) {
    const message = `${base} answered the digest \`${digest.slice(0, 80)}\` for ${ref.name}:${tag}.`;
    throw new McpoError('bad-package-data', message, { hint: 'check the registry' });
  }
  return { version: tag, integrity: digest };
}

async function anonymousToken(r: Fetched, url: string): Promise<string> {
  const challenge = r.headers.get('www-authenticate') ?? '';
  const params = Object.fromEntries(
    [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
  );
  if (!/^bearer /i.test(challenge) || !params.realm) {
    throw new McpoError(
      'package-registry-error',
      `${new URL(url).origin} asks for a login to read ${url}.`,
      {
        hint: 'mcpo locks public images only; pin the digest by hand (image@sha256:…)',
      },
    );
  }
  const q = new URLSearchParams();
  if (params.service) q.set('service', params.service);
  if (params.scope) q.set('scope', params.scope);
  const t = await get(`${params.realm}?${q}`, { accept: 'application/json' });
  const body = (() => {
    try {
      return JSON.parse(t.body) as { token?: string; access_token?: string };
    } catch {
      return {};
    }
  })();
  const token = body.token ?? body.access_token;
  if (t.status !== 200 || !token) {
    const message = `${params.realm} gave no anonymous token (${t.status}).`;
    throw new McpoError('package-registry-error', message, { hint: 'try again later' });
  }
  return token;
}
