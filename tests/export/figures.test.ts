/**
 * The arithmetic of the statistics: interpolated percentiles, days to one
 * decimal, Monday weeks on the Asia/Shanghai calendar, the satisfaction rate.
 */
import { describe, expect, it } from 'vitest';
import { days1, lastWeeks, percentile, percentileRanks, satisfactionRate, weekStart, wholeDaysUp } from '../../worker/stats/figures';

const of = (sorted: number[]) => (i: number) => sorted[i];

describe('percentile', () => {
  it.each([
    [[7], 0.5, 7],
    [[7], 0.9, 7],
    [[1, 2], 0.5, 1.5],
    [[1, 1, 2, 2, 3, 4, 10], 0.5, 2],
    [[1, 1, 2, 2, 3, 4, 10], 0.9, 6.4],
    [[5, 8, 11, 20], 0.5, 9.5],
    [[5, 8, 11, 20], 0.9, 17.3],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9, 10],
  ])('of %j at %d is %d (linear between closest ranks, as PERCENTILE.INC)', (sorted, p, expected) => {
    expect(percentile(sorted.length, p, of(sorted))).toBeCloseTo(expected, 10);
  });

  it('is null for no values', () => {
    expect(percentile(0, 0.5, () => undefined)).toBeNull();
  });

  it('names the two ranks it needs, which SQL picks with cast((n - 1) * p as integer)', () => {
    expect(percentileRanks(7, 0.9)).toEqual({ lo: 5, hi: 6, h: 5.4 });
    expect(percentileRanks(11, 0.9)).toMatchObject({ lo: 9, hi: 10 });
    expect(percentileRanks(1, 0.5)).toEqual({ lo: 0, hi: 0, h: 0 });
  });

  it('refuses to guess when a rank is missing', () => {
    expect(() => percentile(3, 0.5, () => undefined)).toThrow('missing order statistic 1 of 3');
  });
});

describe('days1', () => {
  it.each([
    [0, 0],
    [86_400_000, 1],
    [1.5 * 86_400_000, 1.5],
    [1.04 * 86_400_000, 1],
    [1.05 * 86_400_000 + 1, 1.1],
    [null, null],
  ])('%d ms is %d days', (ms, d) => expect(days1(ms)).toBe(d));
});

describe('wholeDaysUp', () => {
  it.each([
    [0, 1],
    [3_600_000, 1],
    [86_400_000, 1],
    [86_400_000 + 1, 2],
    // An interpolated exact two days, off by a float's last bit, is still two.
    [2 * 86_400_000 + 1e-7, 2],
    [4.3 * 86_400_000, 5],
    [null, null],
  ])('%d ms is within %d days as a person counts them', (ms, d) => expect(wholeDaysUp(ms)).toBe(d));
});

describe('weeks', () => {
  it.each([
    ['2026-11-23', '2026-11-23'], // Monday
    ['2026-11-25', '2026-11-23'],
    ['2026-11-29', '2026-11-23'], // Sunday
    ['2026-11-30', '2026-11-30'],
    ['2027-01-01', '2026-12-28'],
  ])('the week of %s starts on Monday %s', (date, monday) => expect(weekStart(date)).toBe(monday));

  it('lists twelve Mondays, this week last, by the Asia/Shanghai calendar', () => {
    // Sunday 2026-11-29 23:30 in Shanghai is still Sunday there, though Monday has begun nowhere else.
    const weeks = lastWeeks(Date.parse('2026-11-29T15:30:00Z'), 12);
    expect(weeks).toHaveLength(12);
    expect(weeks[11]).toBe('2026-11-23');
    expect(weeks[0]).toBe('2026-09-07');
    // 16:30 UTC is Monday 00:30 in Shanghai.
    expect(lastWeeks(Date.parse('2026-11-29T16:30:00Z'), 12)[11]).toBe('2026-11-30');
  });
});

describe('satisfactionRate', () => {
  it('is 满意 and 基本满意 over everything rated, to three decimals', () => {
    expect(satisfactionRate({ rated: 4, satisfied: 2, basicallySatisfied: 1 })).toBe(0.75);
    expect(satisfactionRate({ rated: 3, satisfied: 1, basicallySatisfied: 1 })).toBe(0.667);
    expect(satisfactionRate({ rated: 0, satisfied: 0, basicallySatisfied: 0 })).toBeNull();
  });
});
