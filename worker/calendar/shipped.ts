/**
 * The calendar of the shipped notices, and the same with admin-entered years laid over it. Apart
 * from calendar.ts so that a bundle importing only the functions (the console, via the workflow's
 * constants) can drop the data: the calls are marked pure.
 */
import { buildCalendar, type HolidayCalendar } from './calendar';
import { SHIPPED_NOTICES } from './holidays-cn';
import type { CalendarNotice } from './types';

/** The shipped data alone. Routes use the stored years too (db/calendar.ts loadCalendar). */
export const SHIPPED_CALENDAR: HolidayCalendar = /* @__PURE__ */ buildCalendar([], SHIPPED_NOTICES);

export function calendarWith(entered: readonly CalendarNotice[]): HolidayCalendar {
  return entered.length === 0 ? SHIPPED_CALENDAR : buildCalendar(entered, SHIPPED_NOTICES);
}
