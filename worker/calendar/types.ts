/** The shapes of the holiday calendar, shared by the shipped data, the admin-entered years and the functions over them. */
import type { CALENDAR_DAY_KINDS } from '../db/schema';

export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** One State Council notice as shipped: its year, its gov.cn addresses, and its days by holiday name. */
export interface ShippedNotice {
  year: number;
  papers: string[];
  off: Record<string, string[]>;
  work: Record<string, string[]>;
}

export interface CalendarDay {
  /** YYYY-MM-DD */
  day: string;
  kind: CalendarDayKind;
  name: string;
}

/** One notice year of the calendar, wherever it comes from. */
export interface CalendarNotice {
  year: number;
  origin: 'shipped' | 'entered';
  /** gov.cn addresses (shipped) or what the admin gave (entered). */
  source: string[];
  days: CalendarDay[];
}
