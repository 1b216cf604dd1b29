import { describe, expect, it } from 'vitest';
import { addDays, computeDeadlines, daysLeft, deadlineConfig, DEFAULT_DEADLINES, isCalendarDate, shanghaiDate } from '../../worker/feedback/deadlines';

const at = (iso: string) => Date.parse(iso);

describe('statutory deadlines', () => {
  it('counts from the day after receipt on the Shanghai calendar: 15 days to acknowledge, 60 to reply', () => {
    // 23:30 UTC on 27 Nov is already 28 Nov in Shanghai.
    expect(computeDeadlines({ receivedAt: at('2026-11-27T23:30:00Z') }, DEFAULT_DEADLINES)).toEqual({ acknowledgeBy: '2026-12-13', replyBy: '2027-01-27' });
    expect(computeDeadlines({ receivedAt: at('2026-11-27T10:00:00Z') }, DEFAULT_DEADLINES)).toEqual({ acknowledgeBy: '2026-12-12', replyBy: '2027-01-26' });
  });

  it('counts the reply deadline from acceptance once accepted, plus any extension', () => {
    const d = computeDeadlines({ receivedAt: at('2026-11-01T02:00:00Z'), acceptedAt: at('2026-11-10T02:00:00Z'), extensionDays: 30 }, DEFAULT_DEADLINES);
    expect(d).toEqual({ acknowledgeBy: '2026-11-16', replyBy: '2027-02-08' });
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-20', 15)).toBe('2028-03-06');
    expect(addDays('2027-02-20', 15)).toBe('2027-03-07');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('says how many days are left, zero on the last day and negative once overdue', () => {
    const now = at('2026-11-27T04:00:00Z');
    expect(shanghaiDate(now)).toBe('2026-11-27');
    expect(daysLeft('2026-12-12', now)).toBe(15);
    expect(daysLeft('2026-11-27', now)).toBe(0);
    expect(daysLeft('2026-11-20', now)).toBe(-7);
  });

  it('reads the periods from the configuration and falls back to the statute on nonsense', () => {
    expect(deadlineConfig({ ACKNOWLEDGE_DAYS: '10', REPLY_DAYS: '30', MAX_EXTENSION_DAYS: '15' })).toEqual({ acknowledgeDays: 10, replyDays: 30, maxExtensionDays: 15 });
    expect(deadlineConfig({ ACKNOWLEDGE_DAYS: 'abc', REPLY_DAYS: '-5', MAX_EXTENSION_DAYS: '1.5' })).toEqual(DEFAULT_DEADLINES);
    expect(deadlineConfig({})).toEqual(DEFAULT_DEADLINES);
  });
  it.each(['2026-13-01', '2026-02-30', '2026-00-10', '2026-02-29', '2026-04-31', '2026-1-5', '2026-01-01T00:00', ' 2026-01-01', ''])(
    'does not take %j for a day, and does not throw',
    (s) => expect(isCalendarDate(s)).toBe(false),
  );

  it.each(['2026-01-01', '2028-02-29', '2026-12-31'])('takes %s for a day', (s) => expect(isCalendarDate(s)).toBe(true));
});
