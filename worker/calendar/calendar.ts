/**
 * The official calendar and the legal last day of a period. Pure functions over a `HolidayCalendar`:
 * the shipped notices (holidays-cn.ts, via shipped.ts) with the years admins entered laid over them (an entered
 * year replaces the shipped notice of that year: a correction, or a year the data lacks).
 *
 * Rest days. A day is a statutory rest day when the notice gives it off, or when it is a Saturday
 * or Sunday that no notice makes a workday (调休). Whether 民法典's "法定休假日" includes ordinary
 * weekends is the common reading, not settled by any text found (research/next-features.md §1,
 * open risks); the calendar-day deadline is always shown beside the legal one.
 *
 * Coverage. A date is covered when the notice of its year is known, and, from 24 December on, the
 * next year's notice too: notices are keyed by their title's year, and a 元旦 notice may move the
 * last days of December (2008's lists 2007-12-30/31 off; 2023's 2022-12-31; holiday-cn README,
 * 注意事项). 元旦 is one day joined to at most a weekend, with make-up days within the week
 * (全国年节及纪念日放假办法 第七条: 连续工作一般不超过6天); 24 December leaves a margin before the
 * earliest such day seen (12-29). A date not covered is never answered as an ordinary week:
 * every function here says so instead.
 *
 * Legal last day (民法典 第二百零三条, applied to 信访工作条例 by analogy): "期间的最后一日是法定休假日的，
 * 以法定休假日结束的次日为期间的最后一日" — the first day after the run of rest days.
 */
import type { CalendarDay, CalendarDayKind, CalendarNotice, ShippedNotice } from './types';

export interface HolidayCalendar {
  /** Notice years known, each with where it comes from. */
  notices: ReadonlyMap<number, CalendarNotice>;
  /** Every listed day, by date (a later notice wins a date two notices list). */
  days: ReadonlyMap<string, { kind: CalendarDayKind; name: string; year: number }>;
}

/** From 24 December a date also needs the next year's notice (see above). */
export const NEXT_NOTICE_FROM = '12-24';
/** No run of rest days is this long; a longer walk means the data is wrong. */
const MAX_REST_RUN = 40;
const DAY_MS = 86_400_000;

export function shippedNotice(n: ShippedNotice): CalendarNotice {
  const days: CalendarDay[] = [];
  for (const [kind, byName] of [['off', n.off], ['work', n.work]] as const) {
    for (const [name, dates] of Object.entries(byName)) for (const day of dates) days.push({ day, kind, name });
  }
  days.sort((a, b) => a.day.localeCompare(b.day));
  return { year: n.year, origin: 'shipped', source: n.papers, days };
}

/** The calendar of the `shipped` notices, with `entered` notices replacing those of the same year. */
export function buildCalendar(entered: readonly CalendarNotice[], shipped: readonly ShippedNotice[]): HolidayCalendar {
  const notices = new Map<number, CalendarNotice>();
  for (const n of shipped) notices.set(n.year, shippedNotice(n));
  for (const n of entered) notices.set(n.year, n);
  const days = new Map<string, { kind: CalendarDayKind; name: string; year: number }>();
  for (const year of [...notices.keys()].sort((a, b) => a - b)) {
    for (const d of notices.get(year)!.days) days.set(d.day, { kind: d.kind, name: d.name, year });
  }
  return { notices, days };
}

/** The notice years a date needs: its own, and from 24 December the next one. */
export function noticesNeeded(date: string): number[] {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= NEXT_NOTICE_FROM ? [year, year + 1] : [year];
}

/** The first notice year `date` needs that the calendar lacks, or null when the date is covered. */
export function missingNotice(date: string, cal: HolidayCalendar): number | null {
  return noticesNeeded(date).find((y) => !cal.notices.has(y)) ?? null;
}

export function isCovered(date: string, cal: HolidayCalendar): boolean {
  return missingNotice(date, cal) === null;
}

export type DayStatus =
  | { covered: true; rest: boolean; kind: CalendarDayKind | 'weekend' | 'weekday'; name: string | null }
  | { covered: false; missingYear: number };

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** What the official calendar says of a day: a holiday off, a make-up workday, a weekend, a weekday — or that it does not know. */
export function dayStatus(date: string, cal: HolidayCalendar): DayStatus {
  const missingYear = missingNotice(date, cal);
  if (missingYear !== null) return { covered: false, missingYear };
  const listed = cal.days.get(date);
  if (listed) return { covered: true, rest: listed.kind === 'off', kind: listed.kind, name: listed.name };
  const wd = weekday(date);
  return wd === 0 || wd === 6 ? { covered: true, rest: true, kind: 'weekend', name: null } : { covered: true, rest: false, kind: 'weekday', name: null };
}

/** Whether a day is a statutory rest day; null when its year is not covered. */
export function isRestDay(date: string, cal: HolidayCalendar): boolean | null {
  const s = dayStatus(date, cal);
  return s.covered ? s.rest : null;
}

export type LegalDay =
  /** `day` is the legal last day: `date` itself unless it fell on rest days; `holiday` names the holiday it fell in, if any. */
  | { covered: true; day: string; holiday: string | null }
  /** The calendar cannot say: a notice year the walk needs is missing. */
  | { covered: false; missingYear: number };

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The legal last day of a period whose calendar last day is `date` (民法典 第二百零三条, by analogy). */
export function legalLastDay(date: string, cal: HolidayCalendar): LegalDay {
  let day = date;
  let holiday: string | null = null;
  for (let i = 0; i <= MAX_REST_RUN; i++) {
    const s = dayStatus(day, cal);
    if (!s.covered) return s;
    if (!s.rest) return { covered: true, day, holiday };
    holiday ??= s.name;
    day = nextDay(day);
  }
  throw new Error(`calendar: a run of more than ${MAX_REST_RUN} rest days from ${date}`);
}

/**
 * What to store beside a calendar deadline: the legal last day when it differs, else null — also
 * when the calendar cannot say, which readers tell apart by asking legalLastDay again (an
 * uncovered deadline is flagged where it is shown, and recomputed when its year is entered).
 */
export function legalColumn(date: string, cal: HolidayCalendar): string | null {
  const legal = legalLastDay(date, cal);
  return legal.covered && legal.day !== date ? legal.day : null;
}
