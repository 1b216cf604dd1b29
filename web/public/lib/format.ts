/**
 * Dates as people here read them, on the Asia/Shanghai calendar.
 */
import { longDate, shanghaiDate } from '../../../worker/feedback/deadlines';

export { longDate };

export function instantDate(ms: number): string {
  return longDate(shanghaiDate(ms));
}
