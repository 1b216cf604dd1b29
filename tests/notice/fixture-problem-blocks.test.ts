import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/university-problem-blocks.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A university's notice after a provincial inspection (巡视): items in
// blocks of 问题： / 整改措施： / 责任单位： / 整改时限： / 整改结果：, numbered
// 1. under （一） categories, one 整改结果： alone on its line.
const notice = parseNotice(text);
const items = allItems(notice);

describe('a notice of 问题 / 整改措施 / 整改结果 blocks', () => {
  it('has three parts, and three categories of 2, 3 and 2 items in part 二', () => {
    expect(notice.title).toBe('中共云州理工学院委员会关于巡视整改进展情况的通报');
    expect(shape(notice)).toEqual({
      hasTitle: true,
      intro: 1,
      parts: [
        { categories: [], items: 0 },
        { categories: [2, 3, 2], items: 0 },
        { categories: [], items: 0 },
      ],
      closing: 3,
    });
    expect(must(notice.parts[1]).categories.map((c) => c.heading)).toEqual([
      '关于落实立德树人根本任务方面',
      '关于全面从严治党方面',
      '关于领导班子和干部队伍建设方面',
    ]);
  });

  it('reads 整改措施 as measures and 整改结果 as the status', () => {
    expect(items.map((i) => i.label)).toEqual(['1.', '2.', '1.', '2.', '3.', '1.', '2.']);
    expect(items.map((i) => [i.measuresLabel, i.statusLabel])).toEqual(Array(7).fill(['整改措施：', '整改结果：']));
    expect(items.map((i) => i.status)).toEqual(['completed', 'completed', 'in_progress', 'in_progress', 'completed', 'completed', 'long_term']);
  });

  it('reads a status whose label stands alone, from the line below', () => {
    expect(must(items[3]).statusText).toBe('正在整改。专项审计已完成，智能审核系统计划于2024年3月上线运行。');
  });

  // Read poorly: "问题：" stays at the head of the title, and 责任单位 and
  // 整改时限 are not fields of their own but the last lines of the measures.
  // Staff see them there in the review screen.
  it('keeps "问题：" in the title and 责任单位, 整改时限 inside the measures', () => {
    expect(must(items[0]).title).toBe('问题：思想政治工作体系不够健全，“三全育人”工作格局尚未完全形成。');
    expect(must(items[0]).measures.split('\n')).toEqual([
      expect.stringMatching(/^制定《学校“三全育人”综合改革实施方案》.*示范课程60门。$/),
      '责任单位：党委学生工作部、教务处',
      '整改时限：2023年10月底前',
    ]);
  });

  it('reads "已完成整改，并将长期坚持" as completed and "长期坚持，持续推进" as long term', () => {
    expect(must(items[1]).statusText).toBe('已完成整改，并将长期坚持。');
    expect(must(items[6]).statusText).toBe('长期坚持，持续推进。');
  });

  it('finds the phone, the address up to its 邮编 and the e-mail', () => {
    expect(notice.contacts).toEqual({
      phone: '0573-82291000',
      address: '云州市大学城学府路1号云州理工学院党委办公室',
      email: 'xszg@yzit.edu.cn',
    });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
