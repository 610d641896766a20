/**
 * PyPI: the JSON API (https://docs.pypi.org/api/json/): `GET /pypi/{name}/json` (newest) and
 * `GET /pypi/{name}/{version}/json`, with `info.version` and `urls[]` (the files of that version,
 * each with `digests.sha256`). The base is `MCPO_PYPI_URL`, else https://pypi.org/pypi.
 * The pin's integrity is the sha256 of the version's wheel (the first by name), else its sdist.
 */
import { McpoError } from '../errors.js';
import { badPackageData, getJson } from './http.js';
import type { PackageRef, Pin } from './types.js';
import { cmp } from './format.js';

export function pypiBase(env: Record<string, string | undefined>): string {
  return (env.MCPO_PYPI_URL || 'https://pypi.org/pypi').replace(/\/+$/, '');
}

interface Release {
  info?: { version?: string };
  urls?: { filename?: string; packagetype?: string; digests?: { sha256?: string } }[];
}

export async function resolvePypi(
  ref: PackageRef,
  env: Record<string, string | undefined>,
): Promise<Pin> {
  if (ref.wanted && !/^[\w.!+-]+$/.test(ref.wanted)) {
    const message = `The Python version \`${ref.wanted}\` of ${ref.name} is a range mcpo cannot resolve.`;
    throw new McpoError('unsupported-range', message, {
      hint: `write an exact version (${ref.name}==1.2.3), or the bare name for the newest`,
    });
  }
  const what = `Python package ${ref.name}${ref.wanted ? `==${ref.wanted}` : ''}`;
  const version = ref.wanted ? `/${encodeURIComponent(ref.wanted)}` : '';
  const url = `${pypiBase(env)}/${encodeURIComponent(ref.name)}${version}/json`;
  const doc = (await getJson(url, what)) as Release;
  const exact = doc?.info?.version;
  if (typeof exact !== 'string' || !/^[\w.!+-]+$/.test(exact))
    throw badPackageData(url, what, 'has no `info.version`');
  const hashed = (f: { digests?: { sha256?: string } }) =>
    /^[a-f0-9]{64}$/.test(f?.digests?.sha256 ?? '');
  const files = (Array.isArray(doc.urls) ? doc.urls : []).filter(hashed);
  // Code-unit order (not the locale's), so every machine picks the same file.
  const byName = (a: { filename?: string }, b: { filename?: string }) =>
    cmp(String(a.filename), String(b.filename));
  const file =
    files.filter((f) => f.packagetype === 'bdist_wheel').sort(byName)[0] ?? files.sort(byName)[0];
  if (!file) throw badPackageData(url, what, 'lists no file with a sha256 digest');
  return { version: exact, integrity: `sha256:${file.digests!.sha256!}` };
}

export async function latestPypi(
  name: string,
  env: Record<string, string | undefined>,
): Promise<string | undefined> {
  const url = `${pypiBase(env)}/${encodeURIComponent(name)}/json`;
  const doc = (await getJson(url, `Python package ${name}`)) as Release;
  return doc?.info?.version;
}
