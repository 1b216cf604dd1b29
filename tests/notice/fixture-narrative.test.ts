import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/narrative-yishi.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A district bureau's notice that narrates: each problem is a （一） heading
// followed by 一是…二是…三是… paragraphs (run together, or one per line),
// with no 整改措施 or 整改情况 labels; the status, if any, is a sentence in
// the prose ("该问题已完成整改。"). Blank lines and full-width indents throughout.
const notice = parseNotice(text);

describe('a narrative notice with 一是/二是 paragraphs under （一） headings', () => {
  it('reads the title, the intro and five categories under part 二', () => {
    expect(notice.title).toBe('中共云州市望江区应急管理局委员会关于区委第三轮巡察整改进展情况的通报');
    expect(shape(notice)).toEqual({
      hasTitle: true,
      intro: 1,
      parts: [
        { categories: [], items: 0 },
        { categories: [0, 0, 0, 0, 0], items: 0 },
        { categories: [], items: 0 },
      ],
      closing: 3,
    });
    expect(must(notice.parts[1]).categories.map((c) => c.heading)).toEqual([
      '关于贯彻落实安全生产重大决策部署不够到位的问题',
      '关于安全生产监管执法宽松软的问题',
      '关于应急管理基础工作薄弱的问题',
      '关于落实全面从严治党主体责任有差距的问题',
      '关于干部队伍建设不够有力的问题',
    ]);
  });

  // Read poorly: with no labels there are no items at all. Each problem is a
  // category whose 一是/二是 text is prose in its body, so the public could
  // not comment on it and its status is not read. In the review screen staff
  // choose the （一） level as the items and set each status.
  it('yields no items: each problem is a category with its 一是/二是 text as prose', () => {
    expect(allItems(notice)).toEqual([]);
    const [first, second, third] = must(notice.parts[1]).categories;
    expect(must(first).body).toEqual([expect.stringMatching(/^一是深入学习贯彻.*二是修订.*三是建立.*剩余2项正在整改中。$/)]);
    expect(must(second).body).toEqual([
      expect.stringMatching(/^一是制定年度监督检查计划/),
      expect.stringMatching(/^二是开展执法案卷评查/),
      expect.stringMatching(/^三是落实“双随机、一公开”监管/),
    ]);
    expect(must(third).body).toEqual([expect.stringMatching(/该问题已完成整改。$/)]);
  });

  it('does not take "一是" for numbering, in part 一 either', () => {
    expect(must(notice.parts[0])).toMatchObject({ label: '一、', heading: '提高政治站位，扛牢整改主体责任', categories: [] });
    expect(must(notice.parts[0]).body).toEqual([expect.stringMatching(/一是加强组织领导。.*二是细化整改任务。.*三是强化督促落实。/)]);
  });

  it('closes with the invitation, signature and date, and finds the contacts', () => {
    expect(notice.closing).toEqual([
      expect.stringMatching(/^欢迎广大干部群众对巡察整改落实情况进行监督。/),
      '中共云州市望江区应急管理局委员会',
      '2023年12月15日',
    ]);
    expect(notice.contacts).toEqual({
      phone: '0573-87035210',
      address: '云州市望江区江滨路288号区应急管理局办公室',
      email: 'wjqyjj@wangjiang.gov.cn',
    });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
