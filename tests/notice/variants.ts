/**
 * fast-check arbitraries that rewrite a notice the ways real notices differ:
 * punctuation width, blank lines, line ends, indentation, missing status
 * lines, item order, and stray text.
 */
import fc from 'fast-check';
import { parseNotice } from '../../worker/notice';
import { allItems } from './shape';

const SOURCE_LINE = /\r\n|\r|\n/;
const sourceLines = (text: string) => text.split(SOURCE_LINE);

// --- Rewrites that keep the structure -------------------------------------

export interface Layout {
  eol: string;
  blankAfter: number[];
  indent: string[];
}

export const layout = (lineCount: number): fc.Arbitrary<Layout> =>
  fc.record({
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    blankAfter: fc.array(fc.nat({ max: 2 }), { minLength: lineCount, maxLength: lineCount }),
    indent: fc.array(fc.constantFrom('', '  ', '\u3000\u3000', '\t', ' \u3000'), { minLength: lineCount, maxLength: lineCount }),
  });

/** The notice with its blank lines dropped or added, re-indented and with other line ends. */
export function relayout(text: string, l: Layout): string {
  const blanks = (n: number) => Array.from({ length: n }, () => '');
  return sourceLines(text)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .flatMap((line, i) => [`${l.indent[i] ?? ''}${line}`, ...blanks(l.blankAfter[i] ?? 0)])
    .join(l.eol);
}

export interface Widths {
  parens: 'half' | 'full';
  colons: 'half' | 'full';
  commas: 'half' | 'full';
  itemNumbers: '.' | '．' | '、' | 'full';
}

export const widths: fc.Arbitrary<Widths> = fc.record({
  parens: fc.constantFrom('half', 'full'),
  colons: fc.constantFrom('half', 'full'),
  commas: fc.constantFrom('half', 'full'),
  itemNumbers: fc.constantFrom('.', '．', '、', 'full'),
});

const toFullDigits = (digits: string) => digits.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** The notice with its punctuation and "1." numbering switched between half and full width. */
export function rewidth(text: string, w: Widths): string {
  const pick = (choice: 'half' | 'full', half: string, full: string) => (choice === 'half' ? half : full);
  return text
    .replace(/[(（]/g, pick(w.parens, '(', '（'))
    .replace(/[)）]/g, pick(w.parens, ')', '）'))
    .replace(/[:：]/g, pick(w.colons, ':', '：'))
    .replace(/[,，]/g, pick(w.commas, ',', '，'))
    .replace(/[;；]/g, pick(w.commas, ';', '；'))
    .replace(/^([ \t\u3000]*)([0-9]{1,2})[.．、](?![0-9])/gm, (_, indent: string, n: string) =>
      w.itemNumbers === 'full' ? `${indent}${toFullDigits(n)}．` : `${indent}${n}${w.itemNumbers}`,
    );
}

const STATUS_LINE = /^\s*整改(?:落实|完成)?(?:情况|进展)\s*[:：]/;

/** Line indices of status label lines, for choosing which to remove. */
export function statusLineIndices(text: string): number[] {
  return sourceLines(text).flatMap((line, i) => (STATUS_LINE.test(line) ? [i] : []));
}

export function withoutLines(text: string, drop: readonly number[]): string {
  const dropped = new Set(drop);
  return sourceLines(text)
    .filter((_, i) => !dropped.has(i))
    .join('\n');
}

/**
 * Item blocks per container, as [start, end) source line ranges, from a
 * parse of the notice: an item runs to the next heading or to the closing.
 */
export function itemBlocks(text: string): Array<Array<[number, number]>> {
  const notice = parseNotice(text);
  const lines = sourceLines(text);
  const closing = notice.closing[0];
  const end = closing === undefined ? lines.length : lines.findIndex((l) => l.trim() === closing);
  const starts = [
    ...notice.parts.flatMap((p) => [p.line, ...p.categories.map((c) => c.line)]),
    ...allItems(notice).map((i) => i.line),
    end,
  ].sort((a, b) => a - b);
  const next = (line: number) => starts.find((s) => s > line) ?? end;
  const containers = notice.parts.flatMap((p) => [p.items, ...p.categories.map((c) => c.items)]);
  return containers.map((items) => items.map((i): [number, number] => [i.line, next(i.line)]));
}

/** The notice with the item blocks of each container put in the given orders. */
export function reorderItems(text: string, blocks: Array<Array<[number, number]>>, orders: number[][]): string {
  const lines = sourceLines(text);
  const out = [...lines];
  blocks.forEach((container, c) => {
    const first = container[0];
    if (!first) return;
    const order = orders[c] ?? container.map((_, i) => i);
    let at = first[0];
    for (const k of order) {
      const [start, end] = container[k] ?? [0, 0];
      out.splice(at, end - start, ...lines.slice(start, end));
      at += end - start;
    }
  });
  return out.join('\n');
}

// --- Text that need not be a notice ---------------------------------------

const TOKENS = [
  '一、', '二、', '十一、', '（一）', '(二)', '1.', '2、', '１．', '（1）', '(2)', '3)', '①',
  '整改措施：', '整改措施:', '整改情况：', '整改落实情况:', '整改进展：', '【整改措施】', '整改完成情况',
  '已完成整改。', '基本完成', '正在整改', '长期坚持', '未完成', '一是', '2022年', '1.5万元', '(扩大)',
  '针对', '的问题', '关于', '通报', '公告', '欢迎', '联系电话：', '0755-25772603', '(0755)25772603',
  '邮箱：', 'a_b@c.gov.cn', '地址：', '。', '，', '；', ':', '\n', '\r\n', '\r', '\n\n', ' ', '\u3000', '\t',
  '\u2028', '\uFEFF', '\uD800', '\uDFFF', '😀', '👨‍👩‍👧', '\u0000',
];

/** Strings built from the pieces notices are made of, so that every parser path is reached. */
export const noticeSoup: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 60 })
  .map((pieces) => pieces.join(''));

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Any string at all, lone surrogates included. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }),
);

/** The text with stray strings inserted at random places. */
export const withNoise = (text: string): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(fc.nat({ max: text.length }), fc.oneof(noticeSoup, anyText)), { maxLength: 8 })
    .map((inserts) =>
      [...inserts]
        .sort((a, b) => b[0] - a[0])
        .reduce((acc, [at, noise]) => acc.slice(0, at) + noise + acc.slice(at), text),
    );
