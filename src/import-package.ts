/**
 * Imports an external (not bundled) ESM package such as @inquirer/prompts or execa.
 * The bundle runs inside vm.Script (see src/loader.cjs), where import() would need an
 * experimental option; the loader, an ordinary module, provides the import instead.
 * Under Jest and plain Node, this is a normal dynamic import.
 */
export function importPackage<T>(name: string): Promise<T> {
  const hook = (globalThis as { __mcpoImport?: (name: string) => Promise<unknown> }).__mcpoImport;
  return (hook ? hook(name) : import(name)) as Promise<T>;
}
