/**
 * The shipped holiday calendar as lines of text (worker/calendar/notice-lines.ts), as
 * scripts/holiday-data.ts writes them into worker/calendar/holidays-cn.ts and the Worker reads them.
 */
import { describe, expect, it } from 'vitest';
import { SHIPPED_NOTICES } from '../../worker/calendar/holidays-cn';
import { noticeLine, readNoticeLines } from '../../worker/calendar/notice-lines';

describe('the holiday lines', () => {
  it('give back every shipped notice as it was written', () => {
    expect(readNoticeLines(SHIPPED_NOTICES.map(noticeLine).join('\n'))).toEqual(SHIPPED_NOTICES);
  });

  it('read days of the year before, runs across a new year and a leap day, and a notice of two addresses', () => {
    const [notice] = readNoticeLines('2024|https://a.example/1 https://a.example/2|元旦=-1230+3;春节=0228+2|春节=0204,0218');
    expect(notice).toEqual({
      year: 2024,
      papers: ['https://a.example/1', 'https://a.example/2'],
      off: { 元旦: ['2023-12-30', '2023-12-31', '2024-01-01'], 春节: ['2024-02-28', '2024-02-29'] },
      work: { 春节: ['2024-02-04', '2024-02-18'] },
    });
    expect(noticeLine(notice!)).toBe('2024|https://a.example/1 https://a.example/2|元旦=-1230+3;春节=0228+2|春节=0204,0218');
  });

  it('hold the 2026 notice: the Spring Festival from 2-15 for nine days, make-up workdays 2-14 and 2-28', () => {
    const notice = SHIPPED_NOTICES.find((n) => n.year === 2026)!;
    expect(notice.papers).toEqual(['https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm']);
    expect(notice.off['春节']).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    expect(notice.work['春节']).toEqual(['2026-02-14', '2026-02-28']);
  });

  it('are not written for what they cannot hold, and a day that is none is not read', () => {
    expect(() => noticeLine({ year: 2026, papers: [], off: { '春节;元旦': ['2026-02-15'] }, work: {} })).toThrow(/separator/);
    expect(() => noticeLine({ year: 2026, papers: [], off: { 春节: ['2024-12-31'] }, work: {} })).toThrow(/cannot be written/);
    expect(() => readNoticeLines('2026|x|春节=215|')).toThrow(/no day/);
  });
});
