/**
 * The arithmetic of the statistics, as plain functions: percentiles from the
 * order statistics SQL picks out, days to one decimal and in whole days rounded up, Monday-based weeks on the
 * Asia/Shanghai calendar, and the satisfaction rate.
 */
import { addDays, shanghaiDate } from '../feedback/deadlines';

const DAY_MS = 86_400_000;

/** The percentiles reported: the median and the 90th. */
export const PERCENTILES = { median: 0.5, p90: 0.9 } as const;

/**
 * The 0-based ranks that the p-th percentile of n sorted values interpolates
 * between (linear interpolation between closest ranks, as Excel's PERCENTILE.INC
 * and numpy's default): h = (n − 1)·p, between ⌊h⌋ and ⌊h⌋ + 1.
 */
export function percentileRanks(n: number, p: number): { lo: number; hi: number; h: number } {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  return { lo, hi: Math.min(lo + 1, n - 1), h };
}

/** The p-th percentile of n sorted values, given the values at the ranks `percentileRanks` names; null for none. */
export function percentile(n: number, p: number, valueAt: (rank: number) => number | undefined): number | null {
  if (n <= 0) return null;
  const { lo, hi, h } = percentileRanks(n, p);
  const a = valueAt(lo);
  const b = valueAt(hi);
  if (a === undefined || b === undefined) throw new Error(`missing order statistic ${a === undefined ? lo : hi} of ${n}`);
  return a + (h - lo) * (b - a);
}

/** Milliseconds as days, to one decimal. */
export function days1(ms: number | null): number | null {
  return ms === null ? null : Math.round((ms / DAY_MS) * 10) / 10;
}

/**
 * Milliseconds as whole days the way a person counts them for "within N days": a part of a day
 * counts as a day, so nothing is said to be quicker than it was (4.3 days is within 5), and
 * anything shorter than a day is within 1. To the millisecond first, so that an interpolated
 * exact 2 days is 2, not 3.
 */
export function wholeDaysUp(ms: number | null): number | null {
  return ms === null ? null : Math.max(1, Math.ceil(Math.round(ms) / DAY_MS));
}

/** The Monday on or before a date (YYYY-MM-DD). */
export function weekStart(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(date, -((weekday + 6) % 7));
}

/** The Mondays of the last `count` weeks in Asia/Shanghai, this week's last. */
export function lastWeeks(now: number, count: number): string[] {
  const current = weekStart(shanghaiDate(now));
  return Array.from({ length: count }, (_, i) => addDays(current, -7 * (count - 1 - i)));
}

/** 满意 + 基本满意 over all ratings, to three decimals; null with no rating. */
export function satisfactionRate(r: { rated: number; satisfied: number; basicallySatisfied: number }): number | null {
  if (r.rated === 0) return null;
  return Math.round(((r.satisfied + r.basicallySatisfied) / r.rated) * 1000) / 1000;
}
