/** The imported stack as commented YAML: where each server and target came from, and why. */
import { dirname } from 'node:path';
import { tildePath } from '../context.js';
import { schemaModelineRef } from '../stack/schema-ref.js';
import { gitExposure } from '../plan/git-exposure.js';
import type { ImportResult } from './build-import.js';
import type { ImportedTarget } from './dedupe.js';
import { renderStackYaml, type StackTargetOut } from './stack-yaml.js';

/** Project files that held secret values inline and that git tracks or does not ignore. */
export async function exposedTargets(result: ImportResult): Promise<Map<ImportedTarget, string>> {
  const out = new Map<ImportedTarget, string>();
  await Promise.all(
    result.targets
      .filter((t) => t.found.scope === 'project' && holdsSecrets(result, t))
      .map(async (t) => {
        const g = await gitExposure(t.found.path);
        if (g)
          out.set(
            t,
            g === 'tracked'
              ? 'git tracks this file'
              : 'this file is in a git work tree and not ignored',
          );
      }),
  );
  return out;
}

/** Whether secrets were moved out of this target's servers (their values stay in the client file). */
export function holdsSecrets(result: ImportResult, t: ImportedTarget): boolean {
  return result.secrets.found.some((f) => t.servers.includes(f.server));
}

export async function importedStackYaml(
  result: ImportResult,
  opts: { out: string; home: string; exposed: Map<ImportedTarget, string> },
): Promise<string> {
  const shown = (p: string) => tildePath(p, opts.home);
  const servers = result.servers.map(({ server, body }) => {
    const comment = [
      `from ${server.origins.map((o) => `${shown(o.path)} (${o.client}, ${o.scope})`).join(', ')}`,
    ];
    if (server.name !== server.entryName) {
      comment.push(
        `differs from the \`${server.entryName}\` defined above; those clients keep their own \`${server.entryName}\`,`,
        `which mcpo leaves alone until you make the definitions the same`,
      );
    }
    return { name: server.name, body, comment };
  });
  const targets: StackTargetOut[] = result.targets.map((t) => {
    const comment = [shown(t.found.path)];
    for (const c of t.clashes)
      comment.push(
        `\`${c.entryName}\` here differs from the stack's; kept as \`${c.keptAs}\`, not managed`,
      );
    // The file holds the values: project scope defaults to `secrets: env`, which would rewrite it.
    const inline = t.found.scope === 'project' && holdsSecrets(result, t);
    const why = opts.exposed.get(t);
    if (why)
      comment.push(
        `holds secret values and ${why}: consider \`secrets: env\` (the next apply then writes references)`,
      );
    return {
      client: t.found.adapter.id,
      scope: t.found.scope,
      servers: t.servers,
      ...(inline ? { secrets: 'inline' as const } : {}),
      comment,
    };
  });
  return renderStackYaml({
    schema: schemaModelineRef(dirname(opts.out)),
    header: [
      'Written by `mcpo import` from the MCP config of your AI clients.',
      'Check it with `mcpo plan` (it should say "No changes."), then edit and `mcpo apply`.',
    ],
    servers,
    targets,
  });
}
