import { describe, expect, test } from '@jest/globals';
import { stateDir } from '../src/state/dirs.js';

describe('stateDir', () => {
  test('uses an absolute XDG_STATE_HOME on Linux and macOS', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      expect(stateDir({ platform, env: { XDG_STATE_HOME: '/x/state' }, home: '/home/u' })).toBe(
        '/x/state/mcpo',
      );
    }
  });

  test('ignores a relative XDG_STATE_HOME and an empty one', () => {
    expect(
      stateDir({ platform: 'linux', env: { XDG_STATE_HOME: 'rel/state' }, home: '/home/u' }),
    ).toBe('/home/u/.local/state/mcpo');
    expect(stateDir({ platform: 'linux', env: { XDG_STATE_HOME: '' }, home: '/home/u' })).toBe(
      '/home/u/.local/state/mcpo',
    );
  });

  test('defaults to ~/.local/state/mcpo', () => {
    expect(stateDir({ platform: 'darwin', env: {}, home: '/Users/u' })).toBe(
      '/Users/u/.local/state/mcpo',
    );
  });

  test('uses %LOCALAPPDATA% on Windows, with a fallback under the home folder', () => {
    expect(
      stateDir({
        platform: 'win32',
        env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' },
        home: 'C:\\Users\\u',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Local\\mcpo');
    expect(
      stateDir({ platform: 'win32', env: { XDG_STATE_HOME: '/x' }, home: 'C:\\Users\\u' }),
    ).toBe('C:\\Users\\u\\AppData\\Local\\mcpo');
  });
});
