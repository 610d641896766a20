/**
 * The lock file `mcp.stack.lock` as data. One entry per server of the stack: what it runs
 * (a package pinned to an exact version and its integrity) and what it tells the model (its
 * tool snapshot). Written by `mcpo lock`, read by `mcpo plan` (pins) and `mcpo doctor` (snapshot).
 */

/** The package registries a lock resolves against. */
export type PackageType = 'npm' | 'pypi' | 'oci';

/**
 * A package a stdio server's command installs and runs (`npx -y pkg`, `uvx pkg`, `docker run
 * image`), found in its args by packageOf (packages.ts).
 */
export interface PackageRef {
  type: PackageType;
  /** npm/pypi package name, or the image without tag and digest. */
  name: string;
  /** What the stack asks for: '' (newest), an exact version, a range, a tag (npm, oci). */
  wanted: string;
  /** The argument as written (`pkg@^1`, `--from=pkg==1.2`), for the lock's source line. */
  arg: string;
  /** Its index in the server's args. */
  index: number;
  /** Text kept around the package in the argument: `--package=` and pypi extras `[cli]`. */
  prefix: string;
  extras: string;
  /** oci: the tag as written (`''` when none). */
  tag: string;
}

/** An exact version and what it hashes to (npm `dist.integrity`, pypi `sha256:`, oci digest). */
export interface Pin {
  version: string;
  integrity: string;
}

export type ItemKind = 'tool' | 'template' | 'prompt';

/** One thing a server offers the model, as the lock keeps it. */
export interface SnapshotItem {
  kind: ItemKind;
  name: string;
  /** The description as the model reads it (known secret values masked). */
  description: string;
  /** sha256 (first 32 hex digits) of the rest the model sees: input schema, annotations, title... */
  hash: string;
}

/** One server in the lock. */
export interface ServerLock {
  name: string;
  /**
   * What the stack declares, for staleness: `npm ARG`, `pypi ARG`, `oci ARG` for a package
   * (ARG as written), `command` for any other local command, `remote` for a URL.
   */
  source: string;
  pin?: Pin;
  /** Every tool, resource template and prompt, sorted by kind then name. */
  items: SnapshotItem[];
}

export interface LockFile {
  servers: Record<string, ServerLock>;
}
