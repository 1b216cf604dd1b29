/**
 * Time left to a deadline, in words as well as colour: "还剩 12 天",
 * "今天到期", "超期 3 天". Which deadline matters depends on the status: while
 * new, telling the submitter whether it is accepted; while accepted or in
 * progress, the reply. Afterwards none does.
 */
import { isOpenStatus, type FeedbackStatus, type Overdue } from '../../../../worker/staff/workflow';
import { longDate } from '../../lib/format';

export interface Deadlines {
  status: FeedbackStatus;
  acknowledgeBy: string;
  replyBy: string;
  acknowledgeDaysLeft: number;
  replyDaysLeft: number;
  overdue: Overdue;
  /** The legal last days where they differ (民法典 第二百零三条 by analogy); absent where not given. */
  acknowledgeByLegal?: string | null;
  replyByLegal?: string | null;
}

export interface RelevantDeadline {
  label: string;
  date: string;
  legal: string | null;
  daysLeft: number;
  overdue: boolean;
}

export function relevantDeadline(f: Deadlines): RelevantDeadline | null {
  if (f.status === 'new') return { label: '告知受理', date: f.acknowledgeBy, legal: f.acknowledgeByLegal ?? null, daysLeft: f.acknowledgeDaysLeft, overdue: f.overdue.acknowledge };
  if (isOpenStatus(f.status)) return { label: '答复', date: f.replyBy, legal: f.replyByLegal ?? null, daysLeft: f.replyDaysLeft, overdue: f.overdue.reply };
  return null;
}

export function daysLeftText(daysLeft: number): string {
  if (daysLeft < 0) return `超期 ${-daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `还剩 ${daysLeft} 天`;
}

/** The days left, flagged when overdue (or due within three days). */
export function DaysLeft({ daysLeft, overdue }: { daysLeft: number; overdue: boolean }) {
  const cls = overdue ? 'days overdue' : daysLeft <= 3 ? 'days due-soon' : 'days';
  return (
    <span class={cls}>
      {overdue && <span aria-hidden="true">⚠ </span>}
      {daysLeftText(daysLeft)}
    </span>
  );
}

/** The deadline that matters now, for a list: "答复 还剩 12 天", or "—" when none does. */
export function NextDeadline({ f }: { f: Deadlines }) {
  const d = relevantDeadline(f);
  if (!d) return <span class="meta">—</span>;
  return (
    <span title={`${d.label}期限：${longDate(d.date)}${d.legal ? `；法定最后一日（节假日顺延）：${longDate(d.legal)}` : ''}`}>
      <span class="meta">{d.label}</span> <DaysLeft daysLeft={d.daysLeft} overdue={d.overdue} />
    </span>
  );
}
