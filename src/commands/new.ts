import { MISSING_STACK_HINT } from '../stack/find.js';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { writeFileSafely } from '../apply/write.js';
import { resolve, sep } from 'node:path';
import { realPathContext, tildePath } from '../context.js';
import type { Io } from '../io.js';
import type { CommandOptions } from './run-command.js';
import { McpoError } from '../errors.js';
import { writeTemplate, TEMPLATE_KINDS, type TemplateKind } from '../scaffold/templates.js';
import { prepareAddServer, type ServerInput } from '../stack/edit.js';

/** A name that is valid as a server name, an npm package name and a Python project name. */
const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * `mcpo new NAME --template node|python [--stack FILE]`: writes a small working MCP server project
 * in ./NAME and adds it to the stack file as a local development server (`DEBUG: "true"`).
 * Checks everything first, so on any error nothing is written.
 */
export async function run(opts: CommandOptions, io: Io): Promise<number> {
  const name = opts.name as string;
  const kind = (opts.template as TemplateKind | undefined) ?? 'node';
  if (!NAME.test(name)) {
    throw new McpoError('invalid-name', `\`${name}\` cannot name a server project.`, {
      hint: 'use lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit (e.g. my-server)',
    });
  }
  if (!TEMPLATE_KINDS.includes(kind)) {
    throw new McpoError('invalid-template', `There is no template \`${kind}\`.`, {
      hint: `templates: ${TEMPLATE_KINDS.join(', ')}`,
    });
  }
  const stackFile = resolve((opts.stack as string | undefined) ?? 'mcp.stack.yaml');
  if (!existsSync(stackFile)) {
    throw new McpoError('stack-not-found', `No stack file at ${stackFile} to add the server to.`, {
      hint: MISSING_STACK_HINT,
    });
  }
  const dest = resolve(name);
  if (existsSync(dest)) {
    throw new McpoError(
      'project-exists',
      `${dest} already exists, and mcpo new never writes into an existing folder.`,
      {
        hint: 'choose another name, or move that folder away',
      },
    );
  }
  const edited = await prepareAddServer(stackFile, name, serverFields(kind, dest));

  mkdirSync(dest);
  try {
    writeTemplate(kind, dest, name);
  } catch (e) {
    rmSync(dest, { recursive: true, force: true });
    throw e;
  }
  await writeFileSafely(stackFile, edited.text);

  io.out(
    `Wrote ${dest} (${kind === 'node' ? 'TypeScript, @modelcontextprotocol/sdk' : 'Python, FastMCP'}) and added the server \`${name}\` to ${stackFile}.\n`,
  );
  io.out(
    kind === 'node'
      ? `Next: cd ${name} && npm install && npm run build, then \`mcpo doctor ${name}\`.\n`
      : `Next: \`mcpo doctor ${name}\` (uv installs the \`mcp\` package on first start).\n`,
  );
  io.out(
    `List \`${name}\` in a workflow stack or a client target to use it, then \`mcpo apply\`.\n`,
  );
  return 0;
}

/** How clients start the project: from its absolute folder, as `~/...` when under the home folder. */
function serverFields(kind: TemplateKind, dest: string): ServerInput {
  const dir = homeRelative(dest);
  const common = {
    description: `Local development server (${kind}) in ${dir}`,
    env: { DEBUG: 'true' },
  };
  if (kind === 'node')
    return {
      description: common.description,
      command: 'node',
      args: [`${dir}/dist/index.js`],
      env: common.env,
    };
  return {
    description: common.description,
    command: 'uv',
    args: ['run', '--directory', dir, 'server.py'],
    env: common.env,
  };
}

/** `~/work/x` when under the home folder; forward slashes either way (the stack file's spelling). */
function homeRelative(path: string): string {
  return tildePath(path, realPathContext(process.env, '.').home).split(sep).join('/');
}
