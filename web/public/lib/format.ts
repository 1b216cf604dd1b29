/**
 * Dates as people here read them, on the Asia/Shanghai calendar.
 */
import { shanghaiDate } from '../../../worker/feedback/deadlines';

/** '2026-12-12' → '2026年12月12日'. */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export function instantDate(ms: number): string {
  return longDate(shanghaiDate(ms));
}
