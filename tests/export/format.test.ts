/**
 * The export's times, worked out by arithmetic (format.ts), are what
 * Date.prototype.toISOString gives for the Asia/Shanghai wall clock: at the edges
 * of days, months, leap years and centuries, and at instants drawn at random.
 */
import { describe, expect, it } from 'vitest';
import { shanghaiDateTime, shanghaiDay, shanghaiIso } from '../../worker/export/format';

const OFFSET = 8 * 3600 * 1000;

function expected(ms: number) {
  const iso = new Date(ms + OFFSET).toISOString();
  return { dateTime: `${iso.slice(0, 10)} ${iso.slice(11, 16)}`, iso: `${iso.slice(0, 19)}+08:00`, day: iso.slice(0, 10) };
}

const EDGES = [
  '1970-01-01T00:00:00Z', '1969-12-31T15:59:59.999Z', '1969-12-31T16:00:00Z', '2000-02-28T16:00:00Z', '2000-02-29T15:59:59.999Z',
  '2000-02-29T16:00:00Z', '2100-02-28T16:00:00Z', '2024-02-29T23:59:59Z', '2026-12-31T15:59:59.999Z', '2026-12-31T16:00:00Z',
  '1900-03-01T00:00:00Z', '1000-01-01T00:00:00Z', '9999-12-31T15:59:59Z',
].map((t) => Date.parse(t));

describe('Asia/Shanghai wall-clock times by arithmetic', () => {
  it.each(EDGES.map((ms) => [new Date(ms).toISOString(), ms]))('at %s', (_name, ms) => {
    const e = expected(ms);
    expect([shanghaiDateTime(ms), shanghaiIso(ms), shanghaiDay(ms)]).toEqual([e.dateTime, e.iso, e.day]);
  });

  it('at 100,000 random instants from 1000 to 9999, to the millisecond', () => {
    const from = Date.parse('1000-01-01T00:00:00Z');
    const to = Date.parse('9999-12-31T00:00:00Z');
    for (let i = 0; i < 100_000; i++) {
      const ms = from + Math.floor(Math.random() * (to - from));
      const e = expected(ms);
      if (shanghaiDateTime(ms) !== e.dateTime || shanghaiIso(ms) !== e.iso || shanghaiDay(ms) !== e.day) {
        expect([ms, shanghaiDateTime(ms), shanghaiIso(ms), shanghaiDay(ms)]).toEqual([ms, e.dateTime, e.iso, e.day]);
      }
    }
  });

  it('leaves years outside 1000 to 9999 to toISOString, and refuses no instant alike', () => {
    for (const ms of [Date.parse('0999-06-01T00:00:00Z'), Date.parse('+010000-01-01T00:00:00Z')]) expect(shanghaiIso(ms)).toBe(expected(ms).iso);
    expect(() => shanghaiDateTime(Number.NaN)).toThrow(RangeError);
  });
});
