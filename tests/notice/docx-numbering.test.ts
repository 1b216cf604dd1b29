import { describe, expect, it } from 'vitest';
import { formatNumber, readListNumbering } from '../../worker/notice/docx-numbering';
import { numberingXml } from './docx-files';

// Automatic numbering in a .docx, counted as Word shows it.

describe('formatNumber draws a number as Word does', () => {
  it.each([
    [1, 'chineseCounting', '一'],
    [10, 'chineseCounting', '十'],
    [11, 'chineseCounting', '十一'],
    [20, 'chineseCounting', '二十'],
    [99, 'chineseCounting', '九十九'],
    [105, 'chineseCounting', '一百零五'],
    [110, 'chineseCounting', '一百一十'],
    [12, 'chineseCountingThousand', '十二'],
    [3, 'chineseLegalSimplified', '叁'],
    [10, 'ideographDigital', '一〇'],
    [2, 'ideographTraditional', '乙'],
    [3, 'decimalEnclosedCircle', '③'],
    [3, 'decimalEnclosedCircleChinese', '③'],
    [21, 'decimalEnclosedCircle', '21'],
    [3, 'decimalEnclosedParen', '⑶'],
    [12, 'decimalFullWidth', '１２'],
    [7, 'decimalZero', '07'],
    [28, 'lowerLetter', 'bb'],
    [14, 'upperRoman', 'XIV'],
    [4, 'none', ''],
    [4, 'somethingNew', '4'],
  ])('%i in %s is %j', (n, format, expected) => {
    expect(formatNumber(n, format)).toBe(expected);
  });
});

const LISTS = numberingXml(
  [
    '<w:abstractNum w:abstractNumId="7">',
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>',
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:suff w:val="space"/></w:lvl>',
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uF0B7"/></w:lvl>',
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>',
    '</w:abstractNum>',
    '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>',
    '<w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>',
    '<w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
  ].join(''),
);

describe('readListNumbering counts paragraphs in document order', () => {
  const at = (numId: string, ilvl: number) => ({ style: null, numId, ilvl });

  it('restarts a level after a shallower one, and draws %1 in the format of level 1, as Word does', () => {
    const lists = readListNumbering(LISTS, null);
    expect([at('1', 0), at('1', 1), at('1', 1), at('1', 0), at('1', 1)].map((p) => lists?.next(p))).toEqual([
      '一、',
      '一.1 ',
      '一.2 ',
      '二、',
      '二.1 ',
    ]);
  });

  it('continues a list across lists of the same definition, and restarts one with a startOverride', () => {
    const lists = readListNumbering(LISTS, null);
    expect([at('1', 0), at('2', 0), at('3', 0), at('3', 0)].map((p) => lists?.next(p))).toEqual(['一、', '二、', '一、', '二、']);
  });

  it('keeps a bullet character but not a symbol-font one, and numbers nothing for numId 0 or an unknown list', () => {
    const lists = readListNumbering(LISTS, null);
    expect([at('1', 2), at('1', 3), at('0', 0), at('9', 0)].map((p) => lists?.next(p))).toEqual(['', '●\t', '', '']);
  });

  it('is absent without numbering.xml', () => {
    expect(readListNumbering(null, null)).toBeNull();
  });
});
