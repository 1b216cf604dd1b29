import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/crlf-compact.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A city bureau notice saved on Windows: CRLF line ends, no blank lines,
// half-width (一), full-width １． items, measures over several lines and,
// once, measures and status run together on one line.
const notice = parseNotice(text);
const items = allItems(notice);

describe('a compact notice with CRLF line ends', () => {
  it('is really saved with CRLF line ends', () => {
    expect(text).toContain('\r\n');
  });

  it('has no title, and two categories of 2 and 3 items in part 二', () => {
    expect(notice.title).toBeNull();
    expect(shape(notice)).toEqual({
      hasTitle: false,
      intro: 1,
      parts: [
        { categories: [], items: 0 },
        { categories: [2, 3], items: 0 },
        { categories: [], items: 0 },
      ],
      closing: 1,
    });
    expect(notice.parts.map((p) => p.heading)).toEqual(['加强组织领导，压实整改责任', '巡察反馈问题整改进展', '下一步工作']);
  });

  it('reads full-width １． numbering and keeps no carriage return in any field', () => {
    expect(items.map((i) => i.label)).toEqual(['１．', '２．', '１．', '２．', '３．']);
    expect(JSON.stringify(notice)).not.toContain('\\r');
  });

  it('reads measures written on the lines after a lone label, "一是" lines and a year included', () => {
    expect(must(items[0]).measuresLabel).toBe('整改措施：');
    expect(must(items[0]).measures).toBe(
      [
        '一是制定《2023年大气污染防治攻坚实施方案》，明确各区县年度目标任务。',
        '二是对全市217家重点涉气企业开展“一厂一策”帮扶。',
        '2023年9月起，每月通报各区县空气质量排名。',
      ].join('\n'),
    );
    expect(must(items[0]).status).toBe('completed');
  });

  it('splits measures and status written on one line', () => {
    expect(must(items[1])).toMatchObject({
      measures: '对已排查的1356个入河排污口实行分类整治，建立销号管理台账。',
      statusLabel: '整改完成情况：',
      statusText: '正在整改，已完成整治1021个。',
      status: 'in_progress',
    });
  });

  it('keeps a line starting "1.5万元" in the measures rather than starting an item', () => {
    expect(must(items[2]).measures).toBe('开展执法案卷评查，对12宗案件重新审查。\n1.5万元以下罚款案件全部纳入法制审核。');
  });

  it('reads 持续推进 as in progress and 长期推进 as long term', () => {
    expect(items.map((i) => i.status)).toEqual(['completed', 'in_progress', 'completed', 'in_progress', 'long_term']);
  });

  it('finds the phone, the address up to its postcode and the E-mail', () => {
    expect(notice.contacts).toEqual({
      phone: '023-63865210',
      address: '云州市新城区环保路18号市生态环境局办公室',
      email: 'yzsthj@yz.gov.cn',
    });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
