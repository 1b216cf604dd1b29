import { describe, expect, it } from 'vitest';
import { noticeFields, parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, squash } from './shape';

const lines = (...l: string[]) => l.join('\n');

describe('parseNotice on text without structure', () => {
  it.each([
    ['an empty string', ''],
    ['only blank lines', '\n\r\n\u3000\n  \t'],
    ['random prose', '今天天气很好。\n我们去公园散步。'],
    ['only numbering', '一、\n（一）\n1.\n（1）\n①'],
    ['a label without an item', '整改措施：一是建立台账。\n整改情况：已完成整改。'],
    ['lone surrogates', '\uD800整改\uDC00措施：\uDBFF'],
    ['emoji', '😀一、👨‍👩‍👧\n1.🎉'],
  ])('keeps %s as intro prose or parts without throwing', (_, text) => {
    const notice = parseNotice(text);
    expect(isLossless(text, notice)).toBe(true);
    expect(allItems(notice)).toEqual([]);
  });

  it('reads no argument, null and a non-string as an empty notice', () => {
    const empty = { title: null, intro: [], parts: [], closing: [], contacts: { phone: null, address: null, email: null } };
    expect(parseNotice()).toEqual(empty);
    expect(parseNotice(null)).toEqual(empty);
    expect(parseNotice(42 as unknown as string)).toEqual(empty);
  });

  it('keeps a notice without numbered headings entirely in the intro', () => {
    const text = lines('现将整改情况通报如下：', '整改措施：建立台账。', '整改情况：已完成。');
    expect(parseNotice(text)).toMatchObject({ title: null, intro: ['现将整改情况通报如下：', '整改措施：建立台账。', '整改情况：已完成。'], parts: [] });
  });
});

describe('parseNotice on lines that only look like headings', () => {
  it('does not start a part at "一是…"', () => {
    const notice = parseNotice(lines('一、整改情况', '一是建立台账。', '二是定期通报。'));
    expect(notice.parts).toHaveLength(1);
    expect(must(notice.parts[0]).body).toEqual(['一是建立台账。', '二是定期通报。']);
  });

  it('does not start an item at "2022年…", "1.5万元…" or "3、4月份…"', () => {
    const notice = parseNotice(lines('一、整改情况', '2022年11月，召开会议。', '1.5万元已退回。', '3、4月份开展检查。'));
    expect(must(notice.parts[0])).toMatchObject({ categories: [], items: [], body: ['2022年11月，召开会议。', '1.5万元已退回。', '3、4月份开展检查。'] });
  });

  it('treats numbered lines before the first 一、 as intro', () => {
    const notice = parseNotice(lines('巡察发现以下情况：', '1.学习不深入。', '2.责任不落实。', '一、整改落实情况', '1.针对学习不深入的问题', '整改情况：已完成。'));
    expect(notice.intro).toEqual(['巡察发现以下情况：', '1.学习不深入。', '2.责任不落实。']);
    expect(allItems(notice).map((i) => i.title)).toEqual(['针对学习不深入的问题']);
  });
});

describe('parseNotice on differently written items', () => {
  it('reads an item written on one line with its labels', () => {
    const notice = parseNotice(lines('一、整改情况', '1.关于台账不全的问题。整改措施：补齐台账。整改情况：已完成整改。'));
    expect(allItems(notice)).toMatchObject([
      { label: '1.', title: '关于台账不全的问题。', measures: '补齐台账。', statusText: '已完成整改。', status: 'completed' },
    ]);
  });

  it('reads （一） headings with labels as items directly under the part', () => {
    const notice = parseNotice(lines('一、巡察反馈问题整改情况', '（一）关于会议记录不完整的问题', '整改情况：已完成。', '（二）关于公务用车管理不规范的问题', '整改情况：正在整改。'));
    expect(must(notice.parts[0]).categories).toEqual([]);
    expect(allItems(notice).map((i) => [i.label, i.status])).toEqual([
      ['（一）', 'completed'],
      ['（二）', 'in_progress'],
    ]);
  });

  it('counts an item without any label as an item when its siblings have labels', () => {
    const notice = parseNotice(lines('一、整改情况', '1.针对甲问题', '整改情况：已完成。', '2.针对乙问题', '3.针对丙问题', '整改情况：长期坚持。'));
    expect(allItems(notice).map((i) => [i.title, i.status])).toEqual([
      ['针对甲问题', 'completed'],
      ['针对乙问题', 'unknown'],
      ['针对丙问题', 'long_term'],
    ]);
  });

  it('gathers items numbered at the top level into an implicit part', () => {
    const notice = parseNotice(lines('现将整改情况通报如下：', '1.关于甲的问题', '整改情况：已完成。', '2.关于乙的问题', '整改情况：正在整改。'));
    expect(notice.intro).toEqual(['现将整改情况通报如下：']);
    expect(notice.parts).toMatchObject([{ label: '', heading: '', implicit: true, items: [{ label: '1.' }, { label: '2.' }] }]);
  });

  it('accepts 【整改措施】 and a label alone on its line with the text below', () => {
    const notice = parseNotice(lines('一、整改情况', '1.针对甲问题', '【整改措施】建立制度。', '整改进展：', '已完成。'));
    expect(allItems(notice)).toMatchObject([
      { measuresLabel: '【整改措施】', measures: '建立制度。', statusLabel: '整改进展：', statusText: '已完成。', status: 'completed' },
    ]);
  });

  it('keeps a label name without a colon as prose, since sections are titled that way too', () => {
    const notice = parseNotice(lines('一、巡察整改工作开展情况', '整改落实情况', '（一）提高政治站位。', '（二）压实整改责任。'));
    expect(must(notice.parts[0]).body).toEqual(['整改落实情况']);
    expect(must(notice.parts[0]).categories.map((c) => c.heading)).toEqual(['提高政治站位。', '压实整改责任。']);
  });

  it('keeps a second 整改措施 after the status in the status text, in order', () => {
    const text = lines('一、整改情况', '1.针对甲问题', '整改情况：已完成。', '整改措施：补充措施。');
    const notice = parseNotice(text);
    expect(allItems(notice)).toMatchObject([{ statusText: '已完成。\n整改措施：补充措施。', status: 'completed' }]);
    expect(squash(noticeFields(notice).join(''))).toBe(squash(text));
  });

  it('gives an empty status text to a status label with nothing after it', () => {
    const notice = parseNotice(lines('一、整改情况', '1.针对甲问题', '整改措施：建立制度。', '整改情况：'));
    expect(allItems(notice)).toMatchObject([{ statusLabel: '整改情况：', statusText: '', status: 'unknown' }]);
  });
});

describe('noticeFields', () => {
  it('lists items directly under a part in document order among its categories', () => {
    const text = lines('一、整改情况', '1.针对甲问题', '整改情况：已完成。', '（一）关于乙方面', '（1）针对乙问题', '整改情况：已完成。');
    const notice = parseNotice(text);
    expect(must(notice.parts[0]).items).toHaveLength(1);
    expect(must(notice.parts[0]).categories).toHaveLength(1);
    expect(squash(noticeFields(notice).join(''))).toBe(squash(text));
  });
});

describe('parseNotice on very long input', () => {
  // Each of these took tens of seconds with a backtracking e-mail pattern.
  it.each([
    ['digits', '1'.repeat(200_000)],
    ['letters before an @', `${'a'.repeat(100_000)}@${'b.'.repeat(50_000)}`],
    ['whitespace after an area code', `0755${' '.repeat(200_000)}x联系电话：${'\u3000'.repeat(100_000)}`],
    ['labels', `一、甲\n1.乙\n${'整改措施：'.repeat(50_000)}`],
  ])('stays fast on a long run of %s', (_, text) => {
    expect(isLossless(text, parseNotice(text))).toBe(true);
  }, 2_000);
});
