/**
 * A back-dated call or letter may be overdue the moment it is logged: its
 * deadlines count from the day it came (信访工作条例 第二十三条, 第三十四条). The
 * form says so as soon as the date is typed, before saving, and the receipt says
 * it again with the server's own figures. On the form, dates as YYYY-MM-DD, as
 * typed; on the receipt, as the receipt writes them.
 */
import { addDays, isCalendarDate } from '../../../../worker/feedback/deadlines';
import { longDate } from '../../lib/format';

export interface Deadlines {
  acknowledgeBy: string;
  replyBy: string;
}

/** The deadlines of a feedback received on `date` (YYYY-MM-DD) and not yet accepted; null for no date. */
export function deadlinesFrom(date: string, periods: { acknowledgeDays: number; replyDays: number }): Deadlines | null {
  if (!isCalendarDate(date)) return null;
  return { acknowledgeBy: addDays(date, periods.acknowledgeDays), replyBy: addDays(date, periods.replyDays) };
}

/** Before saving: which deadlines have passed by `today` (a deadline holds to the end of its day). */
export function passedBeforeSaving(d: Deadlines, today: string): string[] {
  const lines: string[] = [];
  if (d.acknowledgeBy < today) lines.push(`受理期限 ${d.acknowledgeBy} 已过：这条反馈录入后即为超期`);
  if (d.replyBy < today) lines.push(`答复期限 ${d.replyBy} 也已过：录入后即为答复超期`);
  return lines;
}

/** On the receipt, from the server's flags; its dates written as the rest of the receipt's (2026年11月25日). */
export function passedOnReceipt(d: Deadlines & { overdue: { acknowledge: boolean; reply: boolean } }): string[] {
  const lines: string[] = [];
  if (d.overdue.acknowledge) lines.push(`受理期限 ${longDate(d.acknowledgeBy)} 已过：这条反馈已经超期，请尽快决定是否受理并告知反映人`);
  if (d.overdue.reply) lines.push(`答复期限 ${longDate(d.replyBy)} 也已过：这条反馈已经答复超期，请尽快答复`);
  return lines;
}

/** GOV.UK's warning text: an icon people see, 警告 for those who hear it, then the words. */
export function DeadlineWarning({ lines, id }: { lines: string[]; id?: string }) {
  if (lines.length === 0) return null;
  return (
    <div class="deadline-warning" id={id}>
      <span class="deadline-warning-icon" aria-hidden="true">
        !
      </span>
      <div>
        {lines.map((line) => (
          <p key={line}>
            <span class="visually-hidden">警告：</span>
            {line}
          </p>
        ))}
      </div>
    </div>
  );
}
