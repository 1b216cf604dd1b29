/**
 * Normalises an item's status sentence. The earliest status phrase in the
 * text decides ("已完成整改，并将长期坚持。" is completed), and at the same
 * place the longest phrase wins ("已完成阶段性目标" is not completed).
 *
 * 基本完成 ("basically complete") counts as in_progress: the body says the work
 * is not finished, and the public should keep watching it until it is.
 */
import type { ItemStatus } from './types';

const PHRASES: ReadonlyArray<readonly [string, ItemStatus]> = [
  ['已完成整改', 'completed'],
  ['已全部完成', 'completed'],
  ['全部完成', 'completed'],
  ['已完成', 'completed'],
  ['完成整改', 'completed'],
  ['整改完成', 'completed'],
  ['整改完毕', 'completed'],
  ['已整改', 'completed'],
  ['已办结', 'completed'],
  ['已落实', 'completed'],

  ['已完成阶段性', 'in_progress'],
  ['已完成部分', 'in_progress'],
  ['部分完成', 'in_progress'],
  ['基本完成', 'in_progress'],
  // Negations, so that "未完成整改" is not read as "完成整改".
  ['尚未', 'in_progress'],
  ['未完成', 'in_progress'],
  ['未全部完成', 'in_progress'],
  ['未整改', 'in_progress'],
  ['正在整改', 'in_progress'],
  ['整改中', 'in_progress'],
  ['正在推进', 'in_progress'],
  ['正在落实', 'in_progress'],
  ['持续推进', 'in_progress'],
  ['推进中', 'in_progress'],
  ['逐步推进', 'in_progress'],

  ['长期坚持', 'long_term'],
  ['长期推进', 'long_term'],
  ['长期整改', 'long_term'],
  ['持续整改', 'long_term'],
  ['常态化推进', 'long_term'],
];

export function normaliseStatus(statusText: string | null): ItemStatus {
  if (!statusText) return 'unknown';
  const text = statusText.replace(/\s+/g, '');
  let best: { at: number; length: number; status: ItemStatus } | null = null;
  for (const [phrase, status] of PHRASES) {
    const at = text.indexOf(phrase);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && phrase.length > best.length)) {
      best = { at, length: phrase.length, status };
    }
  }
  return best?.status ?? 'unknown';
}
