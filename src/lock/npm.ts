/**
 * npm: the package document of the registry API
 * (https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md, `GET /{package}`), in its
 * abbreviated form (https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md):
 * `dist-tags`, and `versions[v].dist.integrity` (an SRI string such as `sha512-…`).
 * The registry is npm's own setting: `npm_config_registry`, else https://registry.npmjs.org/.
 */
import { McpoError } from '../errors.js';
import { badPackageData, getJson } from './http.js';
import type { PackageRef, Pin } from './types.js';
import { isExact, isRange, maxSatisfying } from './versions.js';

const ABBREVIATED = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8';

export function npmRegistry(env: Record<string, string | undefined>): string {
  const url = env.npm_config_registry || env.NPM_CONFIG_REGISTRY || 'https://registry.npmjs.org/';
  return url.endsWith('/') ? url : `${url}/`;
}

interface Packument {
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, { dist?: { integrity?: string } }>;
}

type Env = Record<string, string | undefined>;

async function packument(name: string, env: Env): Promise<{ doc: Packument; url: string }> {
  // Scoped names keep their @ and encode the slash (`@scope%2fname`), as npm itself requests them.
  const url = npmRegistry(env) + name.replace('/', '%2f');
  const doc = (await getJson(url, `npm package ${name}`, { accept: ABBREVIATED })) as Packument;
  if (
    typeof doc !== 'object' ||
    doc === null ||
    typeof doc.versions !== 'object' ||
    doc.versions === null
  ) {
    throw badPackageData(url, `npm package ${name}`, 'has no `versions`');
  }
  return { doc, url };
}

/** The exact version and integrity npm would install for `ref` today. */
export async function resolveNpm(ref: PackageRef, env: Env): Promise<Pin> {
  const { doc, url } = await packument(ref.name, env);
  const versions = Object.keys(doc.versions!);
  const wanted = ref.wanted || 'latest';
  let version: string | undefined;
  if (isExact(wanted) || isRange(wanted)) version = maxSatisfying(versions, wanted);
  else if (/^[a-z][\w.-]*$/i.test(wanted)) version = doc['dist-tags']?.[wanted];
  else {
    const message = `The npm version \`${wanted}\` of ${ref.name} is a range mcpo cannot resolve.`;
    throw new McpoError('unsupported-range', message, {
      hint: `write an exact version (${ref.name}@1.2.3), a tag, or one ^, ~, >= or x range`,
    });
  }
  if (!version || !doc.versions![version]) {
    const message = `npm package ${ref.name} has no version matching \`${wanted}\`.`;
    throw new McpoError('package-not-found', message, {
      hint: `see \`npm view ${ref.name} versions\` and change the version in the stack file`,
    });
  }
  const integrity = doc.versions![version]!.dist?.integrity;
  if (typeof integrity !== 'string' || !/^sha(256|384|512)-[A-Za-z0-9+/=]+$/.test(integrity)) {
    throw badPackageData(url, `npm package ${ref.name}@${version}`, 'has no `dist.integrity`');
  }
  return { version, integrity };
}

/** The `latest` tag of an npm package. */
export async function latestNpm(name: string, env: Env): Promise<string | undefined> {
  return (await packument(name, env)).doc['dist-tags']?.latest;
}
