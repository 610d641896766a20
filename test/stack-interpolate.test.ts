import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { expandHome, interpolate } from '../src/stack/interpolate.js';
import { loadStack } from '../src/stack/load.js';
import { secretToken } from '../src/secrets/tokens.js';
import { HOME, options, tmpFiles } from './stack-helpers.js';

const ctx = {
  vars: { root: '/srv', lit: '${not-a-ref}' },
  env: { USER: 'ada', EMPTY: '' },
  secrets: true,
};

describe('interpolate', () => {
  test('var, env and secret references', () => {
    expect(interpolate('${var:root}/x-${env:USER}', ctx)).toEqual({
      value: '/srv/x-ada',
      issues: [],
    });
    expect(interpolate('Bearer ${secret:api.key_1}', ctx).value).toBe(
      `Bearer ${secretToken('api.key_1')}`,
    );
    expect(interpolate('[${env:EMPTY}]', ctx).value).toBe('[]');
  });

  test('$${ is a literal ${ and substituted text is not scanned again', () => {
    expect(interpolate('$${var:root} ${var:root}', ctx).value).toBe('${var:root} /srv');
    expect(interpolate('${var:lit}', ctx)).toEqual({ value: '${not-a-ref}', issues: [] });
  });

  test('problems carry the index of the reference', () => {
    const { issues } = interpolate(
      'a ${var:rot} ${env:NOPE} ${secret:bad name} ${foo:x} ${bare} ${open',
      ctx,
    );
    expect(issues.map((i) => [i.code, i.index, i.message])).toEqual([
      ['unknown-var', 2, 'unknown variable `rot` (did you mean `root`?)'],
      ['missing-env', 13, 'environment variable `NOPE` is not set'],
      ['bad-secret-name', 25, '`bad name` is not a valid secret name'],
      ['bad-interpolation', 44, 'unknown reference kind `foo`'],
      ['bad-interpolation', 53, '`${bare}` is not a valid reference'],
      ['bad-interpolation', 61, 'unterminated `${`'],
    ]);
    expect(issues[1]!.hint).toBe('export NOPE=... before running mcpo');
  });

  test('vars cannot refer to vars; secrets can be refused', () => {
    expect(interpolate('${var:x}', { ...ctx, vars: undefined }).issues[0]!.code).toBe(
      'bad-interpolation',
    );
    expect(interpolate('${secret:x}', { ...ctx, secrets: false }).issues[0]!.message).toContain(
      'cannot be used here',
    );
  });

  test('expandHome only touches a leading ~/ or a lone ~', () => {
    expect(expandHome('~', '/h')).toBe('/h');
    expect(expandHome('~/a/b', '/h')).toBe('/h/a/b');
    expect(expandHome('a/~/b', '/h')).toBe('a/~/b');
    expect(expandHome('~user/x', '/h')).toBe('~user/x');
  });
});

describe('interpolation in a stack', () => {
  test('every server string; ~/ expands in command, args and cwd only', async () => {
    const dir = tmpFiles({
      'mcp.stack.yaml': [
        'version: 1',
        'vars:',
        '  projects: ~/projects',
        '  token_name: ${env:TOKEN_VAR}',
        '  literal: "$${keep}"',
        'servers:',
        '  local:',
        '    command: ~/bin/server',
        '    args: ["${var:projects}", "--flag=${var:projects}", "~", "${var:literal}", "$${env:X}"]',
        '    cwd: ${var:projects}/app',
        '    env: { HOME_DIR: "~/x", WHO: "${env:USER}" }',
        '  remote:',
        '    url: https://${env:HOST}/mcp',
        '    transport: sse',
        '    headers: { Authorization: "Bearer ${secret:remote-key}", X-Project: "${var:projects}" }',
        '',
      ].join('\n'),
    });
    const stack = await loadStack(
      join(dir, 'mcp.stack.yaml'),
      options({ env: { USER: 'ada', HOST: 'mcp.example.com', TOKEN_VAR: 'tok' } }),
    );
    const local = stack.servers.local!;
    expect(local.command).toBe(`${HOME}/bin/server`);
    expect(local.args).toEqual([
      `${HOME}/projects`,
      '--flag=~/projects',
      HOME,
      '${keep}',
      '${env:X}',
    ]);
    expect(local.cwd).toBe(`${HOME}/projects/app`);
    expect(local.env!.HOME_DIR).toBe('~/x');
    expect(local.env!.WHO).toBe('ada');
    expect(stack.servers.remote).toMatchObject({
      transport: 'sse',
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: `Bearer ${secretToken('remote-key')}`, 'X-Project': '~/projects' },
    });
    expect(stack.vars).toEqual({ projects: '~/projects', token_name: 'tok', literal: '${keep}' });
  });
});
