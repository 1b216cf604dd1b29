/**
 * The periods a report is usually asked for (本周, 本月, 本季度, 本年), as date
 * ranges on the Asia/Shanghai calendar, both ends included: a week from Monday
 * to Sunday, a month, a quarter (January, April, July, October), a year. The
 * whole period, not "so far": a report for 本月 covers the month, and says when
 * it was made. Pure, with the clock passed in, so that the console and the tests
 * agree on where a period starts.
 */
import { addDays, shanghaiDate } from '../feedback/deadlines';
import { weekStart } from './figures';

export const PERIOD_PRESETS = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const periodLabels: Record<PeriodPreset, string> = { week: '本周', month: '本月', quarter: '本季度', year: '本年' };

export interface DateRange {
  /** YYYY-MM-DD, the first day. */
  from: string;
  /** YYYY-MM-DD, the last day. */
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of a month (1–12) of a year, as YYYY-MM-DD. */
function monthEnd(year: number, month: number): string {
  return addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);
}

/** The period `preset` that contains the instant `now`, by the Asia/Shanghai calendar. */
export function periodRange(preset: PeriodPreset, now: number): DateRange {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (preset) {
    case 'week': {
      const monday = weekStart(today);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'month':
      return { from: `${year}-${pad(month)}-01`, to: monthEnd(year, month) };
    case 'quarter': {
      const first = month - ((month - 1) % 3);
      return { from: `${year}-${pad(first)}-01`, to: monthEnd(year, first + 2) };
    }
    case 'year':
      return { from: `${year}-01-01`, to: `${year}-12-31` };
  }
}

/** The preset whose range is exactly from–to at `now`, if any (to mark it as chosen). */
export function presetOf(range: { from?: string | null; to?: string | null }, now: number): PeriodPreset | null {
  for (const p of PERIOD_PRESETS) {
    const r = periodRange(p, now);
    if (r.from === range.from && r.to === range.to) return p;
  }
  return null;
}
