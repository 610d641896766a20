import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from '@jest/globals';
import { ValidationError } from '../src/errors.js';
import { loadStack, type LoadStackOptions } from '../src/stack/load.js';
import type { Problem } from '../src/types.js';

export const HOME = '/home/tester';

export function options(over: Partial<LoadStackOptions> = {}): LoadStackOptions {
  return {
    env: {},
    home: HOME,
    knownClients: ['claude-desktop', 'claude-code', 'cursor', 'vscode'],
    clientScopes: {
      'claude-desktop': ['user'],
      'claude-code': ['user', 'project', 'local'],
      cursor: ['user', 'project'],
      vscode: ['user', 'project'],
    },
    ...over,
  };
}

/** Writes files (name -> text) into a fresh temp folder; returns the folder. */
export function tmpFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcpo-stack-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Loads a stack that must fail; returns its problems. */
export async function problemsOf(
  file: string,
  over: Partial<LoadStackOptions> = {},
): Promise<Problem[]> {
  try {
    await loadStack(file, options(over));
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error(`expected ${file} to fail validation`);
}

/** `code line:col message` per problem, for compact assertions. */
export function brief(problems: Problem[]): string[] {
  return problems.map((p) => `${p.code} ${p.loc?.line}:${p.loc?.col} ${p.message}`);
}
