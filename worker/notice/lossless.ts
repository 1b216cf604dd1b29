/**
 * The parser's guarantee, checked wherever a structure is saved: its fields,
 * joined in document order, hold every non-blank character of the source
 * exactly once and in order. Corrections may move text between fields, never
 * drop, repeat or reorder it.
 */
import { noticeFields } from './fields';
import type { ParsedNotice } from './types';

const squash = (text: string): string => text.replace(/\s+/g, '');

export type Lossless = { ok: true } | { ok: false; at: number; expected: string; found: string };

/** Where the structure first departs from the source (in non-blank characters), with a little of each. */
export function checkLossless(source: string, parsed: ParsedNotice): Lossless {
  const want = squash(source);
  const got = squash(noticeFields(parsed).join(''));
  if (want === got) return { ok: true };
  let at = 0;
  while (at < want.length && at < got.length && want[at] === got[at]) at++;
  return { ok: false, at, expected: want.slice(at, at + 12), found: got.slice(at, at + 12) };
}
