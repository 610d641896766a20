import type { Notice } from '../types.js';
import type { Colors } from './colors.js';

/** Notices as text lines (plan and status): one sentence each, with what to do. */
export function noticeLines(notices: readonly Notice[] | undefined, c: Colors): string[] {
  if (!notices?.length) return [];
  const fix = (hint: string) => ` ${hint[0]!.toUpperCase()}${hint.slice(1)}.`;
  return ['', ...notices.map((n) => c.yellow(`Note: ${n.message}`) + (n.hint ? fix(n.hint) : ''))];
}
