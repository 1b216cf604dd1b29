/**
 * The days of a notice as an admin types them, one line each, as the notice words them:
 *   2027-02-06 至 2027-02-12 休 春节      (a run of days off)
 *   2027-02-20 班 春节                    (a make-up workday, 调休上班)
 * Read into the API's days; a line that cannot be read is named by its number.
 */
import type { CalendarDay } from '../../../../worker/calendar/types';

const LINE = /^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:至|到|~|～|-{1,2}|—)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s+(休|班)\s+(\S.*)$/;

/** No holiday runs longer; a longer range is a typing mistake. */
const MAX_RUN = 30;

function normalise(d: string): string {
  const [y, m, day] = d.split('-');
  return `${y}-${m!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

function next(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

export function readDayLines(text: string): { ok: true; days: CalendarDay[] } | { ok: false; message: string } {
  const days: CalendarDay[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) return { ok: false, message: `第 ${i + 1} 行无法识别，请按“2027-02-06 至 2027-02-12 休 春节”或“2027-02-20 班 春节”的格式填写` };
    const from = normalise(m[1]!);
    const to = m[2] ? normalise(m[2]) : from;
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
    // The dates themselves are the server's to check (a message per field); here only the run.
    if (m[2] && !(span >= 0 && span <= MAX_RUN)) return { ok: false, message: `第 ${i + 1} 行的日期范围无效：结束日期须在开始日期当天或之后，且不超过 ${MAX_RUN} 天` };
    const kind = m[3] === '休' ? 'off' : 'work';
    if (!m[2]) days.push({ day: from, kind, name: m[4]!.trim() });
    else for (let d = from; d <= to; d = next(d)) days.push({ day: d, kind, name: m[4]!.trim() });
  }
  return { ok: true, days };
}

/** The days as lines again, runs of consecutive days with one name and kind joined. */
export function dayLines(days: readonly CalendarDay[]): string {
  const out: string[] = [];
  let run: { from: string; to: string; kind: string; name: string } | null = null;
  const flush = () => run && out.push(`${run.from}${run.to !== run.from ? ` 至 ${run.to}` : ''} ${run.kind === 'off' ? '休' : '班'} ${run.name}`);
  for (const d of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
    if (run && run.kind === d.kind && run.name === d.name && next(run.to) === d.day) run.to = d.day;
    else {
      flush();
      run = { from: d.day, to: d.day, kind: d.kind, name: d.name };
    }
  }
  flush();
  return out.join('\n');
}
