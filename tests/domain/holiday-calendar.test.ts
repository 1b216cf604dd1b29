/**
 * The official calendar (worker/calendar): statutory rest days, the legal last day of a period
 * (民法典 第二百零三条, by analogy) around the Spring Festival and National Day of 2026, December days
 * that the next year's notice decides, and a year without data (2027 in the shipped snapshot).
 */
import { describe, expect, it } from 'vitest';
import { dayStatus, isCovered, isRestDay, legalColumn, legalLastDay } from '../../worker/calendar/calendar';
import { calendarWith as buildCalendar, SHIPPED_CALENDAR as cal } from '../../worker/calendar/shipped';
import { SHIPPED_NOTICES } from '../../worker/calendar/holidays-cn';
import { addDays, computeDeadlines } from '../../worker/feedback/deadlines';
import { dayLines, readDayLines } from '../../web/staff/pages/calendar/lines';

describe('statutory rest days', () => {
  it('counts the Spring Festival holiday as rest and its make-up Saturdays as workdays', () => {
    expect(dayStatus('2026-02-17', cal)).toEqual({ covered: true, rest: true, kind: 'off', name: '春节' });
    expect(isRestDay('2026-02-14', cal)).toBe(false); // Saturday, 调休
    expect(isRestDay('2026-02-28', cal)).toBe(false); // Saturday, 调休
    expect(dayStatus('2026-02-28', cal)).toMatchObject({ kind: 'work', name: '春节' });
  });

  it('counts an ordinary weekend as rest and an ordinary weekday as work', () => {
    expect(dayStatus('2026-03-07', cal)).toEqual({ covered: true, rest: true, kind: 'weekend', name: null });
    expect(dayStatus('2026-03-09', cal)).toEqual({ covered: true, rest: false, kind: 'weekday', name: null });
  });

  it("makes National Day's Sunday 9-20 and Saturday 10-10 workdays, 10-1 to 10-7 rest", () => {
    expect(isRestDay('2026-09-20', cal)).toBe(false);
    expect(isRestDay('2026-10-10', cal)).toBe(false);
    for (let d = '2026-10-01'; d <= '2026-10-07'; d = addDays(d, 1)) expect(isRestDay(d, cal)).toBe(true);
    expect(isRestDay('2026-10-08', cal)).toBe(false);
  });
});

describe('the legal last day (民法典 第二百零三条)', () => {
  it('moves a 15-day deadline ending on 2026-02-17 to the day after the Spring Festival, 2026-02-24', () => {
    const { acknowledgeBy } = computeDeadlines({ receivedAt: Date.parse('2026-02-02T10:00:00+08:00') }, { acknowledgeDays: 15, replyDays: 60, maxExtensionDays: 30 });
    expect(acknowledgeBy).toBe('2026-02-17');
    expect(legalLastDay(acknowledgeBy, cal)).toEqual({ covered: true, day: '2026-02-24', holiday: '春节' });
    expect(legalColumn(acknowledgeBy, cal)).toBe('2026-02-24');
  });

  it('moves a deadline ending on 2026-10-03 to 2026-10-08', () => {
    expect(legalLastDay('2026-10-03', cal)).toEqual({ covered: true, day: '2026-10-08', holiday: '国庆节' });
  });

  it('leaves a deadline on a make-up Saturday where it is, and stores nothing beside it', () => {
    expect(legalLastDay('2026-02-28', cal)).toEqual({ covered: true, day: '2026-02-28', holiday: null });
    expect(legalColumn('2026-02-28', cal)).toBeNull();
    expect(legalColumn('2026-10-10', cal)).toBeNull();
  });

  it('moves a deadline on an ordinary Sunday to the Monday', () => {
    expect(legalLastDay('2026-03-08', cal)).toEqual({ covered: true, day: '2026-03-09', holiday: null });
  });

  it('walks across a weekend joined to a holiday (与周末连休, not listed in the data)', () => {
    // 2026 中秋节: 9-25 (Fri) off; 9-26/27 listed too; 9-28 Monday is work.
    expect(legalLastDay('2026-09-25', cal)).toMatchObject({ covered: true, day: '2026-09-28' });
  });
});

describe('years without data', () => {
  it('ships every notice that has days, from 2007 to 2026, and not 2027', () => {
    expect(SHIPPED_NOTICES.map((n) => n.year)).toEqual(Array.from({ length: 20 }, (_, i) => 2007 + i));
    expect(cal.notices.get(2026)!.source).toEqual(['https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm']);
  });

  it('reports 2027 as not covered instead of treating it as an ordinary year', () => {
    expect(isCovered('2027-02-08', cal)).toBe(false);
    expect(isRestDay('2027-02-08', cal)).toBeNull();
    expect(dayStatus('2027-02-06', cal)).toEqual({ covered: false, missingYear: 2027 });
    expect(legalLastDay('2027-02-08', cal)).toEqual({ covered: false, missingYear: 2027 });
    expect(legalColumn('2027-02-06', cal)).toBeNull();
  });

  it("needs next year's notice for the last days of December, which a 元旦 notice may move", () => {
    expect(isCovered('2026-12-23', cal)).toBe(true);
    expect(dayStatus('2026-12-26', cal)).toEqual({ covered: false, missingYear: 2027 });
    // In the data: 2022-12-31 (Saturday) is in 2023's notice, not 2022's.
    expect(cal.days.get('2022-12-31')).toEqual({ kind: 'off', name: '元旦', year: 2023 });
    expect(legalLastDay('2022-12-31', cal)).toMatchObject({ covered: true, day: '2023-01-03' });
  });

  it('stops a walk that runs into an uncovered year', () => {
    // 2026-12-19 is a Saturday: the walk reaches Monday 12-21 and stops there, covered.
    expect(legalLastDay('2026-12-19', cal)).toMatchObject({ covered: true, day: '2026-12-21' });
    // A calendar with 2026 but a holiday running to 12-23 walks into 12-24, which needs 2027.
    const odd = buildCalendar([{ year: 2026, origin: 'entered', source: ['test'], days: [{ day: '2026-12-23', kind: 'off', name: '测试' }] }]);
    expect(legalLastDay('2026-12-23', odd)).toEqual({ covered: false, missingYear: 2027 });
  });

  it('covers 2027 once an admin enters it, with the entered days', () => {
    const entered = buildCalendar([{
      year: 2027, origin: 'entered', source: ['国办发明电〔2026〕1号'],
      days: [{ day: '2027-02-06', kind: 'off', name: '春节' }, { day: '2027-02-07', kind: 'off', name: '春节' }, { day: '2027-02-08', kind: 'off', name: '春节' }],
    }]);
    expect(isCovered('2026-12-28', entered)).toBe(true);
    expect(legalLastDay('2027-02-06', entered)).toEqual({ covered: true, day: '2027-02-09', holiday: '春节' });
    expect(entered.notices.get(2027)!.origin).toBe('entered');
  });
});

describe("the console's lines for a year (web/staff/pages/calendar/lines.ts)", () => {
  it('reads runs of days off and make-up workdays as the notice words them, and writes them back', () => {
    const read = readDayLines('2027-02-06 至 2027-02-08 休 春节\n\n2027-2-20 班 春节');
    expect(read).toEqual({
      ok: true,
      days: [
        { day: '2027-02-06', kind: 'off', name: '春节' },
        { day: '2027-02-07', kind: 'off', name: '春节' },
        { day: '2027-02-08', kind: 'off', name: '春节' },
        { day: '2027-02-20', kind: 'work', name: '春节' },
      ],
    });
    expect(dayLines(read.ok ? read.days : [])).toBe('2027-02-06 至 2027-02-08 休 春节\n2027-02-20 班 春节');
  });

  it('names the line it cannot read', () => {
    expect(readDayLines('2027-02-06 休 春节\n春节放假七天')).toEqual({ ok: false, message: '第 2 行无法识别，请按“2027-02-06 至 2027-02-12 休 春节”或“2027-02-20 班 春节”的格式填写' });
    expect(readDayLines('2027-02-08 至 2027-02-06 休 春节')).toMatchObject({ ok: false, message: expect.stringMatching(/^第 1 行的日期范围无效/) });
  });
});
