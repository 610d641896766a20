/**
 * Shell completion for bash, zsh, fish and powershell, generated from the commander definitions
 * by @bomb.sh/tab (the maintained library Nuxt, Vitest and Astro use), plus the values mcpo knows:
 * client ids for `--client`/`--target`, and the stack's server and stack names for the commands
 * that take them. Loaded only for `mcpo completion SHELL` and the `mcpo complete -- ...` calls
 * the generated scripts make.
 */
import { importPackage } from './import-package.js';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { clientIds } from './clients/index.js';
import { realPathContext } from './context.js';
import { findStackFile } from './stack/find.js';
import { loadStack } from './stack/load.js';
import { stackLoadOptions } from './stack/load-options.js';

type Complete = (value: string, description: string) => void;

/** Server and stack names of the stack `--stack` names, or the one found from here. */
async function stackNames(
  stackOpt: string | undefined,
): Promise<{ servers: string[]; stacks: string[] }> {
  try {
    const env = process.env;
    const ctx = realPathContext(env, process.cwd());
    const file = stackOpt
      ? resolve(stackOpt)
      : findStackFile(process.cwd(), { env, home: ctx.home, platform: process.platform });
    if (!file) return { servers: [], stacks: [] };
    const s = await loadStack(file, { ...stackLoadOptions({ env, home: ctx.home }) });
    return { servers: Object.keys(s.servers), stacks: Object.keys(s.stacks) };
  } catch {
    return { servers: [], stacks: [] }; // an invalid stack completes nothing rather than failing
  }
}

/** `--stack FILE` given earlier on the line being completed. */
function stackOnLine(): string | undefined {
  const args = process.argv;
  const at = args.indexOf('--stack');
  if (at >= 0) return args[at + 1];
  return args.find((a) => a.startsWith('--stack='))?.slice('--stack='.length);
}

export async function setupCompletion(program: Command): Promise<void> {
  const { default: tab } =
    await importPackage<typeof import('@bomb.sh/tab/commander')>('@bomb.sh/tab/commander');
  const root = tab(program, { completionCommandName: 'completion' });
  const names = process.argv.includes('--')
    ? await stackNames(stackOnLine())
    : { servers: [], stacks: [] };
  const each = (values: string[]) => (complete: Complete) => values.forEach((v) => complete(v, ''));
  for (const [path, cmd] of root.commands) {
    for (const flag of ['client', 'target']) {
      const o = cmd.options.get(flag);
      if (o) o.handler = each(clientIds());
    }
    const verb = path.split(' ')[0];
    for (const [argName, arg] of cmd.arguments) {
      if (/^servers?$/.test(argName) && verb !== 'add') arg.handler = each(names.servers);
      if (verb === 'use' && argName === 'stacks') arg.handler = each(names.stacks);
    }
  }
}
