/**
 * Statutory deadlines of 信访工作条例 (2022), counted in calendar days on the
 * Asia/Shanghai calendar. As in 民法典 第二百零一条, a period counted in days
 * starts on the day after the event, and ends at the end of its last day.
 *
 * - 第二十三条: tell the submitter within 15 days of receipt whether it is accepted.
 * - 第三十四条: finish within 60 days of acceptance; one extension of at most 30 days.
 * Until acceptance the reply deadline runs from receipt.
 *
 * These stay calendar days. The legal last day beside each (民法典 第二百零三条 by analogy: a last
 * day on a statutory holiday moves to the day after it) is worker/calendar/'s, from the official
 * calendar the config carries; OVERDUE_RULE decides which of the two marks feedback overdue.
 */
export interface DeadlineConfig {
  acknowledgeDays: number;
  replyDays: number;
  maxExtensionDays: number;
  /**
   * The official calendar, with the years admins entered (calendar/deadlines.ts loadCalendar):
   * routes that set deadlines load it. Without it, the shipped calendar.
   */
  calendar?: HolidayCalendar;
}

export const DEFAULT_DEADLINES: DeadlineConfig = { acknowledgeDays: 15, replyDays: 60, maxExtensionDays: 30 };

/**
 * Which last day marks feedback overdue: 'calendar', the 15/60/30 calendar days themselves (the
 * default, the stricter), or 'legal', the legal last day where it is later (民法典 第二百零三条 by
 * analogy). Under 'legal', a deadline the calendar cannot judge (its year not covered) falls back to
 * the calendar day, never to a guess, and is flagged to admins.
 */
export const OVERDUE_RULES = ['calendar', 'legal'] as const;
export type OverdueRule = (typeof OVERDUE_RULES)[number];

export function overdueRule(vars: { OVERDUE_RULE?: string }): OverdueRule {
  return vars.OVERDUE_RULE?.trim() === 'legal' ? 'legal' : 'calendar';
}

/** The day that marks a deadline overdue under `rule`. */
export function effectiveDay(calendarDay: string, legalDay: string | null | undefined, rule: OverdueRule): string {
  return rule === 'legal' && legalDay ? legalDay : calendarDay;
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 3650 ? n : fallback;
}

export function deadlineConfig(vars: { ACKNOWLEDGE_DAYS?: string; REPLY_DAYS?: string; MAX_EXTENSION_DAYS?: string }): DeadlineConfig {
  return {
    acknowledgeDays: positiveInt(vars.ACKNOWLEDGE_DAYS, DEFAULT_DEADLINES.acknowledgeDays),
    replyDays: positiveInt(vars.REPLY_DAYS, DEFAULT_DEADLINES.replyDays),
    maxExtensionDays: positiveInt(vars.MAX_EXTENSION_DAYS, DEFAULT_DEADLINES.maxExtensionDays),
  };
}

import type { HolidayCalendar } from '../calendar/calendar';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // China has kept UTC+8 without DST since 1991.
const DAY_MS = 86_400_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A real day written YYYY-MM-DD (not 2026-02-30, which Date would roll over to
 * March, nor 2026-13-01, which it cannot read at all): what every date a
 * person types is checked with before it reaches the calendar arithmetic here.
 */
export function isCalendarDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(s);
}

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export interface DeadlineInput {
  receivedAt: number;
  acceptedAt?: number | null;
  extensionDays?: number;
}

export function computeDeadlines(f: DeadlineInput, config: DeadlineConfig): { acknowledgeBy: string; replyBy: string } {
  const received = shanghaiDate(f.receivedAt);
  const replyFrom = f.acceptedAt == null ? received : shanghaiDate(f.acceptedAt);
  return {
    acknowledgeBy: addDays(received, config.acknowledgeDays),
    replyBy: addDays(replyFrom, config.replyDays + (f.extensionDays ?? 0)),
  };
}

/** Whole days from today (Asia/Shanghai) to the deadline; 0 on its last day, negative once overdue. */
export function daysLeft(deadline: string, now: number): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${shanghaiDate(now)}T00:00:00Z`)) / DAY_MS);
}

/** '2026-12-12' → '2026年12月12日', as people here write a date. */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** What a reply's date counts from: receipt until acceptance, then acceptance; its days and any extension. */
export interface ReplyPeriod {
  counted: 'received' | 'accepted';
  from: string;
  days: number;
  extensionDays: number;
}

/**
 * The reply's period, read back from the stored deadline (so it stays true if REPLY_DAYS changes after
 * acceptance): the tracking page says from which day it counts; the console's preview of a reply shows the same.
 */
export function replyPeriodOf(f: { acceptedAt: number | null; receivedAt: number; replyBy: string; extensionDays: number }): ReplyPeriod {
  const start = f.acceptedAt ?? f.receivedAt;
  return {
    counted: f.acceptedAt === null ? 'received' : 'accepted',
    from: shanghaiDate(start),
    days: daysLeft(f.replyBy, start) - f.extensionDays,
    extensionDays: f.extensionDays,
  };
}
