/**
 * A date typed as YYYY-MM-DD whatever the browser's locale: a native
 * <input type=date> shows mm/dd/yyyy in an English-language browser and its own
 * widget in each, so the console asks for the text the API and the ledger use.
 * A text input with a numeric keyboard, a pattern, an example as placeholder, the format
 * as a hint the screen reader hears (aria-describedby), and the field's error.
 * What people commonly type instead (2026/11/30, 2026.11.30, 20261130,
 * 2026年11月30日, 2026-1-5) becomes YYYY-MM-DD when the field is left.
 */
import { isCalendarDate } from '../../../../worker/feedback/deadlines';

/** Readable to anyone, unlike YYYY-MM-DD, and in the form the hint asks for. */
export const DATE_PLACEHOLDER = '例如 2026-11-30';
export const DATE_HINT = '格式：年-月-日，如 2026-11-30';
/** What a date must look like, after the field's name: 开始日期 + 须按… */
export const DATE_FORMAT_RULE = '须按“年-月-日”填写，如 2026-11-30';
export const DATE_MESSAGE = `日期${DATE_FORMAT_RULE}`;
/** For the `pattern` attribute: four, two and two digits. */
export const DATE_PATTERN = '\\d{4}-\\d{2}-\\d{2}';

const pad = (s: string) => s.padStart(2, '0');

/** The date as YYYY-MM-DD when it is one written another common way; otherwise the text, trimmed. */
export function normaliseDate(text: string): string {
  const t = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const digits = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (digits) return `${digits[1]}-${digits[2]}-${digits[3]}`;
  const parts = /^(\d{4})\s*[-/.年－]\s*(\d{1,2})\s*[-/.月－]\s*(\d{1,2})\s*日?$/.exec(t);
  if (parts) return `${parts[1]}-${pad(parts[2]!)}-${pad(parts[3]!)}`;
  return t;
}

/** What is wrong with a typed date, or null: empty is left to the form (optional, or its own message). */
export function dateProblem(text: string): string | null {
  const t = normaliseDate(text);
  return t === '' || isCalendarDate(t) ? null : DATE_MESSAGE;
}

/** A time of day as HH:MM when written another common way (930, 9:30, 9.30, 9：30, 9点30); otherwise the text, trimmed. */
export function normaliseTime(text: string): string {
  const t = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const m = /^(\d{1,2})[:：.点时]?(\d{2})分?$/.exec(t);
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : t;
}
