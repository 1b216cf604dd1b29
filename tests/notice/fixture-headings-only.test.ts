import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/paren-headings-only.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A state-owned company's 公告: no 一、 level at all, only （一）…（八）
// headings, each one problem with two or three paragraphs of prose under it
// and its status as a sentence at the end ("此问题已完成整改。"); closing
// with 特此公告, signature and date.
const notice = parseNotice(text);
const parts = notice.parts;

describe('a notice of （一）（二） headings only', () => {
  it('reads a title ending in 公告 and one part per （一） heading', () => {
    expect(notice.title).toBe('中共云州城市建设投资集团有限公司委员会关于巡察整改情况的公告');
    expect(shape(notice)).toEqual({
      hasTitle: true,
      intro: 1,
      parts: Array(8).fill({ categories: [], items: 0 }),
      closing: 4,
    });
    expect(parts.map((p) => p.label)).toEqual(['（一）', '（二）', '（三）', '（四）', '（五）', '（六）', '（七）', '（八）']);
    expect(must(parts[0]).heading).toBe('关于“三重一大”决策制度执行不严格的问题');
  });

  // Read poorly: without labels, a heading at the top is a part, so the
  // eight problems are eight parts with no items; the public could comment
  // only on the notice as a whole, and "此问题已完成整改。" is not read as a
  // status. In the review screen staff choose the （一） level as the items.
  it('yields no items: each problem is a part with its prose, status sentence included, as body', () => {
    expect(allItems(notice)).toEqual([]);
    expect(parts.map((p) => p.body.length)).toEqual([2, 2, 3, 2, 2, 2, 2, 1]);
    expect(must(parts[0]).body.at(-1)).toMatch(/此问题已完成整改。$/);
    expect(must(parts[3]).body.at(-1)).toMatch(/此问题正在整改中。$/);
    expect(parts.every((p) => !p.implicit)).toBe(true);
  });

  it('closes with the invitation, 特此公告, the signature and the date', () => {
    expect(notice.closing).toEqual([
      expect.stringMatching(/^欢迎广大干部职工和社会各界/),
      '特此公告。',
      '中共云州城市建设投资集团有限公司委员会',
      '2023年12月20日',
    ]);
  });

  it('finds the phone, the 通讯地址 and the e-mail after 请通过以下方式反映', () => {
    expect(notice.contacts).toEqual({
      phone: '0573-82680315',
      address: '云州市城东新区金湖路66号集团党委办公室',
      email: 'ctjt_dwb@163.com',
    });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
