/**
 * Heading numbering at the start of a line. Levels follow the order of
 * GB/T 9704-2012 (党政机关公文格式) 7.3.3, which notices follow: 一、 above
 * （一） above 1. above （1）, with ① below that. Only the relative order
 * matters, so a notice may skip a level (1. items straight under 一、).
 */

export type NumberingStyle = 'chinese' | 'chinese-paren' | 'arabic' | 'arabic-paren' | 'circled';

export interface Numbering {
  style: NumberingStyle;
  level: number;
  /** The numbering as written, e.g. "一、" "(二)" "１．". */
  label: string;
  /** The text after the numbering, trimmed; never empty. */
  rest: string;
}

const CN = '[一二三四五六七八九十百零〇]+';
const DIGITS = '[0-9０-９]{1,3}';

const STYLES: ReadonlyArray<{ style: NumberingStyle; level: number; pattern: RegExp }> = [
  // "一是…" has no separator, so it stays prose.
  { style: 'chinese', level: 1, pattern: new RegExp(`^${CN}\\s*[、．.]`) },
  { style: 'chinese-paren', level: 2, pattern: new RegExp(`^[（(]\\s*${CN}\\s*[）)]`) },
  // Three digits at most: "2022." is a year, not item 2022.
  { style: 'arabic', level: 3, pattern: new RegExp(`^${DIGITS}\\s*[、．.]`) },
  { style: 'arabic-paren', level: 4, pattern: new RegExp(`^(?:[（(]\\s*${DIGITS}\\s*[）)]|${DIGITS}[）)])`) },
  { style: 'circled', level: 5, pattern: /^[①-⑳]/ },
];

// "1.5万元" and "3、4月份" start with numbers that are not numbering.
const DIGIT = /^[0-9０-９]/;

/** The numbering a line starts with, or null when it does not start a heading. */
export function readNumbering(line: string): Numbering | null {
  for (const { style, level, pattern } of STYLES) {
    const match = pattern.exec(line);
    if (!match) continue;
    const label = match[0];
    const after = line.slice(label.length);
    if (style === 'arabic' && DIGIT.test(after)) return null;
    const rest = after.trim();
    // A bare "一、" has nothing to head; it is kept as prose.
    if (rest === '') return null;
    return { style, level, label, rest };
  }
  return null;
}

/**
 * Splits a heading's text into the heading proper and the prose that follows
 * it on the same line: "(一)提高政治站位,统一思想认识。街道党工委…" heads with
 * its first sentence. A heading with no "。" before more text stays whole.
 */
export function splitHeading(rest: string): { heading: string; after: string | null } {
  const stop = rest.indexOf('。');
  const after = stop < 0 ? '' : rest.slice(stop + 1).trim();
  return after === '' ? { heading: rest, after: null } : { heading: rest.slice(0, stop + 1), after };
}
