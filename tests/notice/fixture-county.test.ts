import { describe, expect, it } from 'vitest';
import text from '../fixtures/notices/county-fullwidth.txt?raw';
import { parseNotice } from '../../worker/notice';
import { allItems, isLossless, must, shape } from './shape';

// A county notice: title line, full-width （一） and 1、 numbering, full-width
// colons, mixed statuses, an item with no status line, signature and date.
const notice = parseNotice(text);
const items = allItems(notice);

describe('a county notice with full-width numbering and mixed statuses', () => {
  it('reads the title line apart from the intro', () => {
    expect(notice.title).toBe('中共青山县白石镇委员会关于县委第二轮巡察整改进展情况的通报');
    expect(notice.intro).toEqual([expect.stringMatching(/^根据县委统一部署，2023年4月10日.*予以公布。$/)]);
  });

  it('has three parts, and three categories of 2, 3 and 1 items in part 二', () => {
    expect(shape(notice)).toEqual({
      hasTitle: true,
      intro: 1,
      parts: [
        { categories: [], items: 0 },
        { categories: [2, 3, 1], items: 0 },
        { categories: [], items: 0 },
      ],
      closing: 3,
    });
    const two = must(notice.parts[1]);
    expect(two.categories.map((c) => [c.label, c.heading])).toEqual([
      ['（一）', '在贯彻落实党的路线方针政策方面'],
      ['（二）', '在全面从严治党方面'],
      ['（三）', '在基层党组织建设方面'],
    ]);
  });

  it('reads 1、 labels, titles and full-width colon labels as written', () => {
    expect(items.map((i) => i.label)).toEqual(['1、', '2、', '1、', '2、', '3、', '1、']);
    expect(must(items[0])).toMatchObject({
      title: '针对“乡村振兴战略落实不够有力”的问题',
      measuresLabel: '整改措施：',
      measures: '制定《白石镇乡村振兴三年行动计划（2023—2025年）》，建立镇领导挂村联系制度，每季度召开一次推进会。',
      statusLabel: '整改情况：',
      statusText: '已完成。',
    });
  });

  it('normalises each status, taking the first phrase of a longer sentence', () => {
    expect(items.map((i) => i.status)).toEqual(['completed', 'in_progress', 'completed', 'long_term', 'unknown', 'in_progress']);
    expect(must(items[2]).statusText).toBe('已完成整改，并将长期坚持。');
    expect(must(items[5]).statusText).toBe('基本完成。');
  });

  it('gives an item without a status line null status fields and keeps its measures', () => {
    expect(must(items[4])).toMatchObject({
      title: '针对“违规发放津补贴”的问题',
      measures: '对2021年以来发放的各类津补贴进行全面清查，已清退违规发放资金2.4万元。',
      statusLabel: null,
      statusText: null,
      status: 'unknown',
    });
  });

  it('closes with the invitation, the signature and the date', () => {
    expect(notice.closing).toEqual([
      expect.stringMatching(/^欢迎广大干部群众对巡察整改落实情况进行监督。/),
      '中共青山县白石镇委员会',
      '2023年11月20日',
    ]);
    expect(must(notice.parts[2]).body).toEqual([expect.stringMatching(/^镇党委将持续巩固巡察整改成果/)]);
  });

  it('finds a phone with a full-width area code, the 通讯地址 and the 电子邮箱', () => {
    expect(notice.contacts).toEqual({
      phone: '（0577）63712345',
      address: '青山县白石镇人民政府党政办公室',
      email: 'bsz_dzb@163.com',
    });
  });

  it('loses no character of the notice', () => {
    expect(isLossless(text, notice)).toBe(true);
  });
});
