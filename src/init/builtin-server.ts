import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { builtinStackNames, repoRoot } from '../stack/sources.js';

/** The built-in stack that defines a server of this exact name (for `include:` hints), if any. */
export function builtinStackOfServer(server: string): string | undefined {
  return builtinStackNames().find((stack) => {
    const data = parse(readFileSync(join(repoRoot(), 'stacks', `${stack}.yaml`), 'utf8')) as {
      servers?: Record<string, unknown>;
    };
    return Object.hasOwn(data.servers ?? {}, server);
  });
}
