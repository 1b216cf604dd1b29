/**
 * Helpers for the notice parser tests: short summaries of a parsed notice to
 * compare whole structures at once, and the lossless check itself.
 */
import type { ItemStatus, ParsedItem, ParsedNotice } from '../../worker/notice';
import { noticeFields } from '../../worker/notice';

/** The value, or a test failure saying what was missing. */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`expected a ${what}`);
  return value;
}

export const squash = (text: string): string => text.replace(/\s+/g, '');

/** Every non-blank character of the notice is in exactly one field, in order. */
export function isLossless(text: string, parsed: ParsedNotice): boolean {
  return squash(noticeFields(parsed).join('')) === squash(text);
}

/** Items of the whole notice in document order. */
export function allItems(n: ParsedNotice): ParsedItem[] {
  return n.parts.flatMap((p) => [...p.categories.flatMap((c) => c.items), ...p.items].sort((a, b) => a.line - b.line));
}

export function statuses(n: ParsedNotice): ItemStatus[] {
  return allItems(n).map((i) => i.status);
}

/** Counts that describe a notice's structure, for comparing two readings of it. */
export function shape(n: ParsedNotice) {
  return {
    hasTitle: n.title !== null,
    intro: n.intro.length,
    parts: n.parts.map((p) => ({ categories: p.categories.map((c) => c.items.length), items: p.items.length })),
    closing: n.closing.length,
  };
}
