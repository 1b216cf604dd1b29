/**
 * Dates and times on the Asia/Shanghai calendar, as the deadlines count them.
 * Dates read as on the public pages (web/public/lib/format.ts); the console
 * adds the time of day.
 */
import { shanghaiDate } from '../../../worker/feedback/deadlines';
import { instantDate, longDate } from '../../public/lib/format';

export { instantDate, longDate };

/** China has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** '2026年11月27日 14:05'. */
export function instantDateTime(ms: number): string {
  return `${instantDate(ms)} ${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16)}`;
}

/** Today in Asia/Shanghai, YYYY-MM-DD, for date inputs. */
export function today(): string {
  return shanghaiDate(Date.now());
}

/** The instant for a machine-readable <time datetime>. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}
