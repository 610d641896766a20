/** GET for the package registries, with one sentence per failure naming the registry. */
import { McpoError } from '../errors.js';

export interface Fetched {
  status: number;
  headers: Headers;
  body: string;
}

/** A GET; network failures become `package-registry-unreachable`, other statuses are returned. */
export async function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Fetched> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const why = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new McpoError(
      'package-registry-unreachable',
      `${origin(url)} cannot be reached (${why}).`,
      {
        hint: 'check the network, or point mcpo at a registry it can reach (npm_config_registry, MCPO_PYPI_URL)',
      },
    );
  }
  return {
    status: res.status,
    headers: res.headers,
    body: method === 'HEAD' ? '' : await res.text(),
  };
}

/** A JSON document; 404 is `notFound`'s error, any other failure one sentence with the status. */
export async function getJson(
  url: string,
  what: string,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const r = await get(url, { accept: 'application/json', ...headers });
  if (r.status === 404) {
    throw new McpoError('package-not-found', `${origin(url)} has no ${what}.`, {
      hint: 'check the package name and version in the stack file',
    });
  }
  if (r.status !== 200) {
    const message = `${origin(url)} answered ${r.status} for ${what}.`;
    throw new McpoError('package-registry-error', message, { hint: 'try again later' });
  }
  try {
    return JSON.parse(r.body);
  } catch {
    throw badPackageData(url, what, 'is not JSON');
  }
}

export function badPackageData(url: string, what: string, why: string): McpoError {
  const message = `The answer of ${origin(url)} for ${what} ${why}; the lock was not written.`;
  return new McpoError('bad-package-data', message, {
    hint: 'check that the registry URL points at a package registry',
  });
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
