/**
 * The holiday calendar's calls (admins: calendar.manage), typed with the API's own types. Apart
 * from staff-api.ts so that the calendar screen and the console's banner share them.
 */
import type { UncoveredYear } from '../../../worker/calendar/deadlines';
import type { CalendarDay } from '../../../worker/calendar/types';
import { api } from './api';

export interface CalendarYearSummary {
  year: number;
  origin: 'shipped' | 'entered';
  source: string[];
  offDays: number;
  workDays: number;
  addedAt: number | null;
  addedBy: string | null;
}

export interface CalendarOverview {
  years: CalendarYearSummary[];
  shippedSource: string;
  uncovered: UncoveredYear[];
  missingSoon: number | null;
}

export const calendarApi = {
  overview: () => api.get<CalendarOverview>('/api/staff/calendar'),
  year: (year: number) => api.get<{ year: number; origin: string; source: string[]; days: CalendarDay[] }>(`/api/staff/calendar/years/${year}`),
  enter: (entry: { year: number | string; source: string; days: CalendarDay[] }) =>
    api.post<{ year: number; days: number; recomputed: number }>('/api/staff/calendar/years', entry),
};
