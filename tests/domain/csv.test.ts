import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../worker/export/csv';

describe('CSV cells', () => {
  it.each([
    ['plain text', '整改情况', '整改情况'],
    ['a comma', 'a,b', '"a,b"'],
    ['quotes', '他说"已完成"', '"他说""已完成"""'],
    ['a newline', '第一行\n第二行', '"第一行\n第二行"'],
    ['a CRLF', 'a\r\nb', '"a\r\nb"'],
    ['a formula', '=HYPERLINK("http://x","点击")', `"'=HYPERLINK(""http://x"",""点击"")"`],
    ['a plus', '+86 138', "'+86 138"],
    ['a minus', '-1+1', "'-1+1"],
    ['an at sign', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\t=1', `'\t=1`],
    ['a leading CR', '\r=1', `"'\r=1"`],
    ['a formula after spaces, which a spreadsheet trimming them would run', ' =1+1', "' =1+1"],
    ['a formula after an ideographic space', '\u3000=1+1', `'\u3000=1+1`],
    ['a minus after a line break', '\n-2+3', `"'\n-2+3"`],
    ['a sign inside the text only', '电话 +86 138', '电话 +86 138'],
    ['emoji and mixed scripts', '😀 ok 中文 русский', '😀 ok 中文 русский'],
    ['leading space', ' x', '" x"'],
    ['trailing space', 'x ', '"x "'],
    ['a trailing tab', 'x\t', '"x\t"'],
    ['an ideographic space at the end', '已办结\u3000', '"已办结\u3000"'],
    ['spaces inside only', '已 办 结', '已 办 结'],
    ['an empty string', '', ''],
    ['null', null, ''],
    ['a number', 42, '42'],
    ['a boolean', false, 'false'],
  ] as const)('writes %s safely', (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('ends every row with CRLF', () => {
    expect(csvRow(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  });
});
