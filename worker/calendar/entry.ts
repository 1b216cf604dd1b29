/**
 * A year of the official calendar as an admin enters it from the State Council's notice
 * (国务院办公厅关于XXXX年部分节假日安排的通知): the notice's year, where it was published, and its
 * days — holidays off and make-up workdays (调休) — each with the holiday's name. Checked here,
 * one message per field (the first problem of each), in the words of CALENDAR_MESSAGES.
 */
import { isCalendarDate } from '../feedback/deadlines';
import { charCount, hasUnprintable, hasUnprintableInLine, isBlank } from '../feedback/rules';
import type { CalendarDay } from './types';

export const CALENDAR_YEAR_MIN = 2000;
export const CALENDAR_YEAR_MAX = 2100;
export const CALENDAR_SOURCE_MAX = 500;
export const CALENDAR_NAME_MAX = 20;
/** A notice lists some 30 to 40 days; this leaves room and keeps absurd input out. */
export const CALENDAR_DAYS_MAX = 120;

export const CALENDAR_MESSAGES = {
  year: {
    invalid: `年份须为 ${CALENDAR_YEAR_MIN} 至 ${CALENDAR_YEAR_MAX} 之间的整数，即通知标题中的年份`,
  },
  source: {
    required: '请填写来源：国务院通知的网址或文号',
    tooLong: `来源不能超过 ${CALENDAR_SOURCE_MAX} 个字`,
    invalidChars: '来源含有无法识别的字符，请删除后再提交',
  },
  days: {
    required: '请至少填写一天放假日期',
    tooMany: `一年最多填写 ${CALENDAR_DAYS_MAX} 天`,
    noOffDay: '请至少填写一天放假日期（休）',
    date: (n: number) => `第 ${n} 条的日期无效，请按 2027-01-01 的格式填写真实存在的日期`,
    outOfYear: (n: number, year: number) => `第 ${n} 条的日期不在 ${year - 1} 年 12 月至 ${year} 年 12 月之间：通知只安排本年（及上年末）的日期`,
    kind: (n: number) => `第 ${n} 条须注明“休”（放假）或“班”（调休上班）`,
    name: (n: number) => `第 ${n} 条请填写节日名称，不超过 ${CALENDAR_NAME_MAX} 个字`,
    nameInvalidChars: (n: number) => `第 ${n} 条的节日名称含有无法识别的字符，请重新填写`,
    duplicate: (n: number, day: string) => `第 ${n} 条的日期 ${day} 重复填写`,
    workOnWeekday: (n: number, day: string) => `第 ${n} 条：${day} 是工作日，调休上班日只会是周六或周日`,
  },
} as const;

export interface CalendarEntryInput {
  year?: unknown;
  source?: unknown;
  days?: unknown;
}

export type CalendarEntry = { year: number; source: string; days: CalendarDay[] };

export function checkCalendarEntry(input: CalendarEntryInput): { ok: true; entry: CalendarEntry } | { ok: false; fields: Record<string, string> } {
  const m = CALENDAR_MESSAGES;
  const fields: Record<string, string> = {};
  const year = typeof input.year === 'number' ? input.year : typeof input.year === 'string' && /^\d{4}$/.test(input.year.trim()) ? Number(input.year) : NaN;
  if (!Number.isInteger(year) || year < CALENDAR_YEAR_MIN || year > CALENDAR_YEAR_MAX) fields.year = m.year.invalid;
  const source = typeof input.source === 'string' ? input.source.trim() : '';
  if (isBlank(source)) fields.source = m.source.required;
  else if (hasUnprintable(source)) fields.source = m.source.invalidChars;
  else if (charCount(source) > CALENDAR_SOURCE_MAX) fields.source = m.source.tooLong;

  const days: CalendarDay[] = [];
  const raw = Array.isArray(input.days) ? input.days : null;
  if (!raw || raw.length === 0) fields.days = m.days.required;
  else if (raw.length > CALENDAR_DAYS_MAX) fields.days = m.days.tooMany;
  else {
    const seen = new Set<string>();
    for (const [i, d] of raw.entries()) {
      const n = i + 1;
      const e = (d ?? {}) as { day?: unknown; kind?: unknown; name?: unknown };
      const day = typeof e.day === 'string' ? e.day.trim() : '';
      const name = typeof e.name === 'string' ? e.name.trim() : '';
      let problem: string | null = null;
      if (!isCalendarDate(day)) problem = m.days.date(n);
      else if (!fields.year && (day < `${year - 1}-12-01` || day > `${year}-12-31`)) problem = m.days.outOfYear(n, year);
      else if (e.kind !== 'off' && e.kind !== 'work') problem = m.days.kind(n);
      else if (isBlank(name) || charCount(name) > CALENDAR_NAME_MAX) problem = m.days.name(n);
      else if (hasUnprintableInLine(name)) problem = m.days.nameInvalidChars(n);
      else if (seen.has(day)) problem = m.days.duplicate(n, day);
      else if (e.kind === 'work' && ![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) problem = m.days.workOnWeekday(n, day);
      if (problem) {
        fields.days = problem;
        break;
      }
      seen.add(day);
      days.push({ day, kind: e.kind as CalendarDay['kind'], name });
    }
    if (!fields.days && !days.some((d) => d.kind === 'off')) fields.days = m.days.noOffDay;
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  days.sort((a, b) => a.day.localeCompare(b.day));
  return { ok: true, entry: { year, source, days } };
}
