import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/truncated-web-copy.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A notice copied from a county website: the breadcrumb, the title and the
// "发布时间…来源…浏览次数" line came along, every paragraph is indented with
// full-width spaces and followed by a blank line, and the copy stops
// mid-sentence in the measures of the fifth item (the page was cut off), so
// there is no closing, no contact and no final newline.
const notice = parseNotice(text);
const items = allItems(notice);

describe('a partial copy cut off mid-sentence', () => {
  it('really ends mid-sentence, without a newline', () => {
    expect(text.endsWith('将考评结果与职称晋升')).toBe(true);
  });

  it('has two parts, two categories of 2 and 3 items, and no closing', () => {
    expect(shape(notice)).toEqual({
      hasTitle: false,
      intro: 4,
      parts: [
        { categories: [], items: 0 },
        { categories: [2, 3], items: 0 },
      ],
      closing: 0,
    });
    expect(items.map((i) => i.status)).toEqual(['completed', 'in_progress', 'completed', 'completed', 'unknown']);
  });

  // Read poorly: the breadcrumb comes first, so the real title is not taken
  // as the title; it stays in the intro with the breadcrumb and the page's
  // date line. Staff set the title (the console offers the first line) and
  // delete nothing: the lossless rule keeps these lines in the intro.
  it('keeps the breadcrumb, the title and the page line in the intro', () => {
    expect(notice.title).toBeNull();
    expect(notice.intro.slice(0, 3)).toEqual([
      '当前位置：首页 > 巡察工作 > 巡察整改',
      '中共青山县卫生健康局党组关于县委第五轮巡察整改进展情况的通报',
      '发布时间：2023-10-27 09:30　来源：青山县卫生健康局　浏览次数：1286　【字号：大 中 小】',
    ]);
  });

  it('keeps the cut-off measures as written, with no status', () => {
    expect(must(items[4])).toMatchObject({
      label: '3.',
      title: '针对“医德医风建设有待加强”的问题',
      measures: '一是开展医德医风专项整治，对收受“红包”、回扣等问题进行集中查处；二是建立医务人员医德考评档案，将考评结果与职称晋升',
      statusLabel: null,
      statusText: null,
      status: 'unknown',
    });
  });

  it('finds no contact: the page was cut before them, and a date is not a phone', () => {
    expect(notice.contacts).toEqual({ phone: null, address: null, email: null });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
