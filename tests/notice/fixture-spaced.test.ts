import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/spaced-labels-alone.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A district notice with blank lines between everything, full-width-space
// indentation, a title wrapped over two lines, （1） items under （一）
// categories, and every label alone on its line with the text below it.
const notice = parseNotice(text);
const items = allItems(notice);

describe('a spaced-out notice with labels alone on their lines', () => {
  it('joins a title wrapped over two lines', () => {
    expect(notice.title).toBe('中共云州市云溪区城市管理局党组关于区委第五轮巡察集中整改进展情况的通报');
  });

  it('keeps one intro entry per paragraph, without the indentation', () => {
    expect(notice.intro).toEqual([
      expect.stringMatching(/^按照区委巡察工作统一部署.*反馈了巡察意见。$/),
      '根据党务公开原则和巡察工作有关要求，现将集中整改进展情况予以公布。',
    ]);
  });

  it('has two categories of 2 and 1 items in part 二', () => {
    expect(shape(notice)).toEqual({
      hasTitle: true,
      intro: 2,
      parts: [
        { categories: [], items: 0 },
        { categories: [2, 1], items: 0 },
        { categories: [], items: 0 },
      ],
      closing: 1,
    });
    expect(must(notice.parts[1]).categories.map((c) => c.heading)).toEqual([
      '在“落实城市精细化管理要求”方面',
      '在“加强干部队伍建设”方面',
    ]);
  });

  it('reads （1） items with measures and status from the lines after their labels', () => {
    expect(items.map((i) => i.label)).toEqual(['（1）', '（2）', '（1）']);
    expect(must(items[0])).toMatchObject({
      title: '针对“市容环境整治存在死角”的问题',
      measuresLabel: '整改措施：',
      measures: '组织开展背街小巷环境专项整治行动，累计清理卫生死角326处。\n建立街巷长制，每条背街小巷明确一名责任人。',
      statusLabel: '整改情况：',
      statusText: '已完成整改。',
      status: 'completed',
    });
  });

  it('keeps a status over two lines, normalised by its first phrase', () => {
    expect(must(items[1]).statusText).toBe('正在整改。\n目前已设置疏导点5处，剩余2处将于2024年3月底前完成。');
    expect(items.map((i) => i.status)).toEqual(['completed', 'in_progress', 'long_term']);
  });

  it('finds a phone in half-width parentheses, a plain 地址 and an E-mail', () => {
    expect(notice.contacts).toEqual({
      phone: '(0571)86541234',
      address: '云州市云溪区城管路8号',
      email: 'yxcgj@yunxi.gov.cn',
    });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
