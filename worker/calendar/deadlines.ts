/**
 * The legal deadlines beside the calendar ones: computed where a deadline is set, recomputed when a
 * year of the calendar is entered, and the open deadlines the calendar cannot judge, by the notice
 * year they wait for (shown loudly to admins, never treated as ordinary weeks).
 */
import { deadlinesBetween, openDeadlineDays, setLegalDays, storedNotices } from '../db/calendar';
import type { Db } from '../db/client';
import { addDays, deadlineConfig, type DeadlineConfig } from '../feedback/deadlines';
import { OPEN_STATUSES } from '../staff/workflow';
import { legalColumn, legalLastDay, type HolidayCalendar } from './calendar';
import { calendarWith } from './shipped';

/** The calendar now: the shipped notices with the years admins entered. One small read. */
export async function loadCalendar(db: Db): Promise<HolidayCalendar> {
  return calendarWith(await storedNotices(db));
}

/** The legal columns for a pair of calendar deadlines (null where a day is its own legal day, or unknown). */
export function legalDeadlines(d: { acknowledgeBy: string; replyBy: string }, cal: HolidayCalendar) {
  return { acknowledgeByLegal: legalColumn(d.acknowledgeBy, cal), replyByLegal: legalColumn(d.replyBy, cal) };
}

/**
 * Recomputes the legal days of feedback whose deadlines a notice of `year` can move: its days lie
 * between the December before and its own December, and a rest run walks forward a few weeks at
 * most, so deadlines from 1 November of the year before to the end of `year` (which also holds
 * the last days of December that the next notice decides). Returns how many changed.
 */
export async function recomputeLegalDays(db: Db, cal: HolidayCalendar, year: number): Promise<number> {
  return recomputeBetween(db, cal, `${year - 1}-11-01`, `${year}-12-31`);
}

/**
 * The daily refresh: legal days of feedback due from a month ago to a year and a bit ahead,
 * recomputed with the calendar now. A deploy that ships a new year's notice (holidays-cn.ts)
 * changes the calendar without anyone entering a year; the next morning's run catches up the
 * deadlines stored while that year was not covered. Idempotent: a second run changes nothing.
 */
export async function refreshLegalDays(db: Db, today: string): Promise<number> {
  const cal = await loadCalendar(db);
  return recomputeBetween(db, cal, addDays(today, -31), addDays(today, 400));
}

async function recomputeBetween(db: Db, cal: HolidayCalendar, from: string, to: string): Promise<number> {
  const rows = await deadlinesBetween(db, from, to);
  const changed = rows
    .map((r) => ({ id: r.id, before: r, after: legalDeadlines(r, cal) }))
    .filter(({ before, after }) => before.acknowledgeByLegal !== after.acknowledgeByLegal || before.replyByLegal !== after.replyByLegal)
    .map(({ id, after }) => ({ id, ...after }));
  await setLegalDays(db, changed);
  return changed.length;
}

export interface UncoveredYear {
  /** The notice year the calendar lacks. */
  year: number;
  /** Open deadlines that wait for it, and the first of them. */
  deadlines: number;
  firstDeadline: string;
}

/** Open feedback whose deadline (and so its legal last day) the calendar cannot judge, by missing notice year. */
export async function uncoveredDeadlines(db: Db, cal: HolidayCalendar): Promise<UncoveredYear[]> {
  const byYear = new Map<number, UncoveredYear>();
  for (const { day, count } of await openDeadlineDays(db, OPEN_STATUSES)) {
    const legal = legalLastDay(day, cal);
    if (legal.covered) continue;
    const y = byYear.get(legal.missingYear) ?? { year: legal.missingYear, deadlines: 0, firstDeadline: day };
    y.deadlines += Number(count);
    byYear.set(legal.missingYear, y);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** The deadline settings with the calendar now: what a route that sets deadlines plans with. */
export async function deadlineRules(db: Db, vars: Parameters<typeof deadlineConfig>[0]): Promise<DeadlineConfig> {
  return { ...deadlineConfig(vars), calendar: await loadCalendar(db) };
}
