import { describe, expect, it } from 'vitest';
import sample from '../../seed/dongxiao-notice.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

const notice = parseNotice(sample);
const [partOne, partTwo, partThree] = notice.parts;

describe('the 东晓街道 notice', () => {
  it('has no title line and one intro paragraph', () => {
    expect(notice.title).toBeNull();
    expect(notice.intro).toHaveLength(1);
    expect(notice.intro[0]).toMatch(/^根据区委巡察工作统一部署,2022年7月11日.*现将巡察整改情况予以公布。$/);
  });

  it('has three parts headed as written', () => {
    expect(notice.parts.map((p) => [p.label, p.heading])).toEqual([
      ['一、', '巡察整改工作开展情况'],
      ['二、', '整改工作落实情况'],
      ['三、', '下一步工作计划'],
    ]);
  });

  it('reads the (一)(二)(三) of part 一 as prose sections headed by their first sentence', () => {
    const one = must(partOne, 'part 一');
    expect(one.body).toEqual([expect.stringMatching(/^2022年11月,区委巡察工作领导小组反馈/)]);
    expect(one.items).toEqual([]);
    expect(one.categories.map((c) => [c.label, c.heading, c.items.length])).toEqual([
      ['(一)', '提高政治站位,统一思想认识。', 0],
      ['(二)', '加强组织领导,明确责任分工。', 0],
      ['(三)', '制订整改方案,建立长效机制。', 0],
    ]);
    expect(must(one.categories[0]).body).toEqual([expect.stringMatching(/^街道党工委始终将专项巡察整改工作.*明确整改目标和要求。$/)]);
  });

  it('keeps "(扩大)" and "(司法)" inside a line as text, not as categories', () => {
    const one = must(partOne, 'part 一');
    expect(must(one.categories[0]).body[0]).toContain('召开街道党工委(扩大)会议');
    expect(must(one.categories[1]).body[0]).toContain('由街道综合治理办公室(司法)牵头');
  });

  it('finds four problem categories in part 二 with 3, 4, 3 and 2 items', () => {
    const two = must(partTwo, 'part 二');
    expect(two.items).toEqual([]);
    expect(two.categories.map((c) => [c.label, c.items.length])).toEqual([
      ['(一)', 3],
      ['(二)', 4],
      ['(三)', 3],
      ['(四)', 2],
    ]);
    expect(must(two.categories[3]).heading).toBe('关于信访工作作风不够严实、落实上级要求有偏差的问题');
  });

  it('reads each item title, measures and status as written', () => {
    const first = must(must(partTwo).categories[0]).items[0];
    expect(first).toMatchObject({
      label: '1.',
      title: '针对“对各级党委要加强对信访工作的领导”的理解不深不透的问题',
      body: [],
      measuresLabel: '整改措施:',
      statusLabel: '整改落实情况:',
      statusText: '已完成整改。',
      status: 'completed',
    });
    expect(must(first).measures).toMatch(/^一是开展补学,研究形成党工委会议学习机制。2022年12月1日/);
    expect(must(first).measures).toMatch(/系统学。$/);
    const fourth = must(must(partTwo).categories[1]).items[3];
    expect(fourth?.title).toBe('针对信访工作队伍力量薄弱的问题');
    expect(fourth?.measures).toMatch(/^进一步加强信访工作队伍力量配备/);
  });

  it('marks all 12 items completed', () => {
    const items = allItems(notice);
    expect(items).toHaveLength(12);
    expect(new Set(items.map((i) => i.status))).toEqual(new Set(['completed']));
    expect(new Set(items.map((i) => i.statusText))).toEqual(new Set(['已完成整改。']));
  });

  it('keeps the closing invitation apart from the plan in part 三', () => {
    expect(must(partThree).body).toEqual([expect.stringMatching(/^下一步,街道党工委将继续严格对照巡察意见.*持续平稳向好。$/)]);
    expect(notice.closing).toEqual([expect.stringMatching(/^欢迎广大干部群众对巡察整改落实情况进行监督。.*lh_dxb@szlh\.gov\.cn。$/)]);
  });

  it('finds the phone, postal address and e-mail without trailing punctuation', () => {
    expect(notice.contacts).toEqual({
      phone: '0755-25772603',
      address: '深圳市罗湖区国防大厦',
      email: 'lh_dxb@szlh.gov.cn',
    });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(sample, notice)).toBe(true);
    expect(shape(notice).parts).toHaveLength(3);
  });
});
