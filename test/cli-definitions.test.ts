import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { makeTmpHome, runMcpo, type TmpHome } from './helpers/tmp-home.js';

/**
 * `mcpo NAME ...` builds commander's definition of NAME alone (src/cli.ts, for start-up); `mcpo
 * help NAME` builds them all. Each command's help, with its sub-commands, must be the same both ways.
 */
let h: TmpHome;
beforeAll(() => {
  h = makeTmpHome();
});
afterAll(() => h.cleanup());

const mcpo = (args: string[]) => runMcpo(args, { env: h.env, cwd: h.home });

describe('commands defined one at a time', () => {
  test('every command: `mcpo NAME --help` is `mcpo help NAME`', () => {
    const list = mcpo(['--help']).stdout.split('\nCommands:\n')[1]!;
    const names = [...list.matchAll(/^ {2}([a-z]+)/gm)]
      .map((m) => m[1]!)
      .filter((n) => n !== 'help' && n !== 'completion'); // always all of them
    expect(names.length).toBeGreaterThan(20);
    expect(names).toEqual(expect.arrayContaining(['plan', 'gateway', 'secret', 'auth', 'lock']));
    for (const name of [...names, 'run']) {
      const alone = mcpo([name, '--help']);
      const all = mcpo(['help', name]);
      expect([name, alone.code, alone.stdout]).toEqual([name, 0, all.stdout]);
    }
  });
});
