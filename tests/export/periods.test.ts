/**
 * The report periods 本周, 本月, 本季度, 本年 on the Asia/Shanghai calendar, with
 * the clock passed in: weeks from Monday, quarters from January, April, July and
 * October, and the edges where Shanghai's date is not UTC's.
 */
import { describe, expect, it } from 'vitest';
import { periodLabels, periodRange, presetOf } from '../../worker/stats/periods';

/** An instant given as Asia/Shanghai wall time. */
const at = (local: string) => Date.parse(`${local}+08:00`);

describe('periodRange', () => {
  it.each([
    ['2026-11-30T10:00:00', { from: '2026-11-30', to: '2026-12-06' }], // a Monday
    ['2026-12-06T23:59:00', { from: '2026-11-30', to: '2026-12-06' }], // the Sunday after
    ['2026-12-07T00:01:00', { from: '2026-12-07', to: '2026-12-13' }],
    ['2027-01-01T09:00:00', { from: '2026-12-28', to: '2027-01-03' }], // a week across the year
  ])('本周 at %s is Monday to Sunday %j', (local, range) => expect(periodRange('week', at(local))).toEqual(range));

  it.each([
    ['2026-11-30T10:00:00', { from: '2026-11-01', to: '2026-11-30' }],
    ['2026-12-31T23:59:00', { from: '2026-12-01', to: '2026-12-31' }],
    ['2028-02-10T08:00:00', { from: '2028-02-01', to: '2028-02-29' }], // a leap year
    ['2027-02-10T08:00:00', { from: '2027-02-01', to: '2027-02-28' }],
  ])('本月 at %s is %j', (local, range) => expect(periodRange('month', at(local))).toEqual(range));

  it.each([
    ['2026-01-01T00:00:00', { from: '2026-01-01', to: '2026-03-31' }],
    ['2026-03-31T23:59:00', { from: '2026-01-01', to: '2026-03-31' }],
    ['2026-04-01T00:00:00', { from: '2026-04-01', to: '2026-06-30' }],
    ['2026-08-15T12:00:00', { from: '2026-07-01', to: '2026-09-30' }],
    ['2026-11-30T10:00:00', { from: '2026-10-01', to: '2026-12-31' }],
  ])('本季度 at %s is %j', (local, range) => expect(periodRange('quarter', at(local))).toEqual(range));

  it('本年 is 1 January to 31 December', () => {
    expect(periodRange('year', at('2026-11-30T10:00:00'))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('goes by the Shanghai date, not UTC’s: 00:30 on Monday 1 March in Shanghai is still Sunday in UTC', () => {
    const now = Date.parse('2027-02-28T16:30:00Z'); // 2027-03-01 00:30 in Shanghai
    expect(periodRange('week', now)).toEqual({ from: '2027-03-01', to: '2027-03-07' });
    expect(periodRange('month', now)).toEqual({ from: '2027-03-01', to: '2027-03-31' });
    expect(periodRange('quarter', now)).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    // And 1 January 00:30 in Shanghai is already the new year.
    expect(periodRange('year', Date.parse('2026-12-31T16:30:00Z'))).toEqual({ from: '2027-01-01', to: '2027-12-31' });
  });
});

describe('presetOf', () => {
  it('names the preset whose range is chosen, and none for another range', () => {
    const now = at('2026-11-30T10:00:00');
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, now)).toBe('month');
    expect(presetOf({ from: '2026-10-01', to: '2026-12-31' }, now)).toBe('quarter');
    expect(presetOf({ from: '2026-11-02', to: '2026-11-30' }, now)).toBeNull();
    expect(presetOf({ from: null, to: null }, now)).toBeNull();
  });

  it('labels them as people say them', () => {
    expect(periodLabels).toEqual({ week: '本周', month: '本月', quarter: '本季度', year: '本年' });
  });
});
