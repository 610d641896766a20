/** One entry point per question, whatever the package type: which exact version, which is newest. */
import type { PackageRef, Pin } from './types.js';

type Env = Record<string, string | undefined>;

/** The exact version and integrity of the package the stack asks for, from its registry. */
export async function resolvePin(ref: PackageRef, env: Env): Promise<Pin> {
  if (ref.type === 'npm') return (await import('./npm.js')).resolveNpm(ref, env);
  if (ref.type === 'pypi') return (await import('./pypi.js')).resolvePypi(ref, env);
  return (await import('./oci.js')).resolveOci(ref);
}

/** The newest version of the package (npm `latest`, PyPI's newest, the digest of an image's tag). */
export async function newestVersion(ref: PackageRef, env: Env): Promise<string | undefined> {
  if (ref.type === 'npm') return (await import('./npm.js')).latestNpm(ref.name, env);
  if (ref.type === 'pypi') return (await import('./pypi.js')).latestPypi(ref.name, env);
  return (await (await import('./oci.js')).resolveOci({ ...ref, wanted: ref.tag })).integrity;
}
