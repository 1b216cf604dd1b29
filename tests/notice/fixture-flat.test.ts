import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/items-under-parts.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A notice with 1.关于“…”问题的整改 items straight under each part (no
// categories) and （1）（2） numbering inside the measures.
const notice = parseNotice(text);
const items = allItems(notice);

describe('a notice with items directly under its parts', () => {
  it('reads a title ending in 公告', () => {
    expect(notice.title).toBe('中共云州市审计局党组关于巡察整改情况的公告');
  });

  it('has three parts of 2, 2 and 1 items and no categories', () => {
    expect(shape(notice)).toEqual({
      hasTitle: true,
      intro: 1,
      parts: [
        { categories: [], items: 2 },
        { categories: [], items: 2 },
        { categories: [], items: 1 },
      ],
      closing: 1,
    });
    expect(must(notice.parts[0]).heading).toBe('关于“党的领导弱化”方面问题的整改');
    expect(must(must(notice.parts[0]).items[0]).title).toBe('关于“理论学习中心组学习流于形式”问题的整改');
  });

  it('keeps （1）（2） lines after 整改措施 inside the measures', () => {
    expect(must(items[0]).measures).toBe(
      '（1）修订《党组理论学习中心组学习制度》，明确每季度至少开展一次专题研讨。\n（2）建立学习档案，党组成员撰写心得体会，年底集中评议。',
    );
    expect(must(items[2]).measures).toBe('（1）开展“三会一课”专项检查；（2）对检查发现的问题建立清单、限期整改。');
  });

  it('keeps （1）（2） lines of an item without 整改措施 in its body', () => {
    expect(must(items[3])).toMatchObject({
      label: '2.',
      title: '关于“干部交流轮岗不够”问题的整改',
      body: ['（1）2023年以来，局机关已交流轮岗科级干部11名。', '（2）制定干部交流轮岗三年规划。'],
      measuresLabel: null,
      measures: '',
      statusLabel: '整改进展：',
      statusText: '基本完成。',
    });
  });

  it('reads the 整改进展 statuses', () => {
    expect(items.map((i) => i.status)).toEqual(['completed', 'in_progress', 'long_term', 'in_progress', 'completed']);
  });

  it('puts the closing invitation after the last item in the closing, not in its status', () => {
    expect(must(items[4]).statusText).toBe('已完成。');
    expect(notice.closing).toEqual([expect.stringMatching(/^欢迎广大干部群众/)]);
  });

  it('finds a mobile phone and the e-mail, and no address', () => {
    expect(notice.contacts).toEqual({ phone: '13812345678', address: null, email: 'yzsjj_dzb@126.com' });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
