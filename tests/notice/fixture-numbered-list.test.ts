import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/flat-numbered-list.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A district bureau's notice as one flat list: "1.针对“…”的问题。" followed
// on the same line by what was done and a status phrase ("已完成整改。"
// "正在整改中。" "长期坚持。"), fifteen of them, 10. to 15. included; one
// item over three lines. No 一、 headings, no labels.
const notice = parseNotice(text);
const parts = notice.parts;

describe('a flat numbered list of problems', () => {
  it('reads the title and one part per numbered line', () => {
    expect(notice.title).toBe('云州市望江区市场监督管理局党组关于区委巡察反馈意见整改落实情况的通报');
    expect(shape(notice)).toEqual({
      hasTitle: true,
      intro: 1,
      parts: Array(15).fill({ categories: [], items: 0 }),
      closing: 3,
    });
    expect(parts.map((p) => p.label)).toEqual(Array.from({ length: 15 }, (_, i) => `${i + 1}.`));
  });

  it('cuts each heading after its first sentence; the rest of the line is the body', () => {
    expect(must(parts[0])).toMatchObject({
      heading: '针对“学习贯彻党的二十大精神不够深入”的问题。',
      body: ['局党组制定理论学习中心组年度学习计划，开展专题学习研讨8次，举办全系统专题培训班2期，培训干部260人次。已完成整改。'],
    });
    expect(must(parts[11]).body).toEqual([
      '对2021年以来发放的加班补贴进行全面清查，清退违规发放资金3.46万元，对相关责任人进行了批评教育。',
      '已完成整改。',
    ]);
  });

  // Read poorly: the list items become parts, not items, because nothing
  // labels them; no status is read from "已完成整改。" at the end of the prose;
  // and the closing paragraph before "欢迎…" ("局党组将持续深化…") is taken
  // as more body of item 15. Staff make the list the items and set the
  // statuses in the review screen.
  it('yields no items and no statuses, and gives the last item the paragraph after it', () => {
    expect(allItems(notice)).toEqual([]);
    expect(must(parts[14]).body).toEqual([
      expect.stringMatching(/^建立问题整改台账.*正在推进整改。$/),
      expect.stringMatching(/^局党组将持续深化巡察整改成果/),
    ]);
  });

  it('finds the contacts in the closing', () => {
    expect(notice.closing[0]).toMatch(/^欢迎广大干部群众/);
    expect(notice.contacts).toEqual({
      phone: '0573-87211085',
      address: '云州市望江区人民路56号区市场监督管理局办公室',
      email: 'wjscjg@163.com',
    });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
