// A launcher entry forwards what `mcpo run` needs through the entry's own `env` (Gemini CLI,
// Qoder CLI: `X: "${X}"`). Qoder (like Claude Code) leaves a reference to an unset variable as its
// own text, so `mcpo run` got DBUS_SESSION_BUS_ADDRESS="${DBUS_SESSION_BUS_ADDRESS}" and a
// "secret" that was the reference itself (seen with qodercli 1.1.52, test/real-qoder-cli.test.ts).
// The class: a variable whose value is a reference to itself, in any client's syntax, is unset;
// every other value (a reference to another variable, a value that merely contains one) stays.
import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { dropUnexpandedReferences } from '../src/delivery/client-env.js';

const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/);
const syntaxes = [
  (n: string) => `\${${n}}`,
  (n: string) => `$${n}`,
  (n: string) => `{env:${n}}`,
  (n: string) => `\${env:${n}}`,
];
const syntax = fc.constantFrom(...syntaxes);

describe('dropUnexpandedReferences', () => {
  test('a variable holding a reference to itself is removed, whatever the syntax', () => {
    fc.assert(
      fc.property(name, syntax, (n, ref) => {
        const env: Record<string, string | undefined> = { [n]: ref(n), KEEP_ME: 'v' };
        expect(dropUnexpandedReferences(env)).toEqual([n]);
        expect(env).toEqual({ KEEP_ME: 'v' });
      }),
    );
  });

  test('references to another variable, and values that only contain a reference, are kept', () => {
    fc.assert(
      fc.property(
        name,
        name,
        syntax,
        fc.stringMatching(/^[a-z0-9]{1,6}$/),
        (n, other, ref, extra) => {
          fc.pre(n !== other);
          const env: Record<string, string | undefined> = {
            [n]: ref(other),
            [`${n}_B`]: `${ref(`${n}_B`)}${extra}`,
          };
          const before = { ...env };
          expect(dropUnexpandedReferences(env)).toEqual([]);
          expect(env).toEqual(before);
        },
      ),
    );
  });
});
