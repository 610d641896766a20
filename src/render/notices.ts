import type { Notice } from '../types.js';
import type { Colors } from './colors.js';

/** Notices as text lines (plan and status): one sentence each, with what to do. */
export function noticeLines(notices: readonly Notice[] | undefined, c: Colors): string[] {
  if (!notices?.length) return [];
  return ['', ...notices.map((n) => c.yellow(`Note: ${n.message}`) + (n.hint ? ` ${n.hint[0]!.toUpperCase()}${n.hint.slice(1)}.` : ''))];
}
