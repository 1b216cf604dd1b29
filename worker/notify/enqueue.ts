/**
 * What is notified, to whom, under which eventKey. The entries are built here and written by the
 * caller, in the batch of the change that causes them where there is one (an assignment:
 * db/staff-feedback.ts applyChange), so a notification exists exactly when its cause does.
 *
 * Who hears what (the office's targets are those with no department):
 * - assigned: the department the feedback is given to. Not the office: its own clerks or admins
 *   did the assigning.
 * - follow_up, review (补充说明, 请求复查): the feedback's department, and the office, which
 *   answers for the review (信访工作条例 第三十五条) and sees feedback no department holds.
 * - due_soon (a deadline within three days, as the console's 即将超期): the department holding the
 *   feedback, or the office while none does; once per target and deadline (an extension makes a
 *   new deadline, and a new reminder).
 * - overdue: a digest per department of what it holds past its deadline, and one of everything
 *   to the office; once per target and day.
 * Each reminder's eventKey makes the daily job safe to run twice: the outbox ignores a repeat.
 */
import type { Db } from '../db/client';
import { enabledTargets, outboxInsert } from '../db/notify-outbox';
import { departmentName, notifyFacts, notifyFactsWhere, type NotifyFacts } from '../db/notify-facts';
import type { OutboxEntry } from '../db/notify-outbox';
import { inboxWhere } from '../db/staff-inbox';
import { addDays, shanghaiDate, type OverdueRule } from '../feedback/deadlines';
import { itemHeading } from '../notice/item-label';
import { DUE_SOON_DAYS } from '../db/staff-inbox';
import { feedbackMessage, overdueDigest, type FeedbackFacts, type NotifyMessage } from './message';

/** At most this many references in an overdue digest; the count says the rest. */
export const DIGEST_REFS = 20;
/** At most this many feedback are reminded of in one run (the rest, the next day). */
const REMINDERS_MAX = 500;

/** The deadline that matters now: the acknowledgement's while new and earlier, else the reply's. */
export function deadlineOf(f: Pick<NotifyFacts, 'status' | 'acknowledgeBy' | 'replyBy'>): { date: string; label: string } {
  if (f.status === 'new' && f.acknowledgeBy <= f.replyBy) return { date: f.acknowledgeBy, label: '受理期限' };
  return { date: f.replyBy, label: '办理期限' };
}

function facts(f: NotifyFacts, departmentName = f.departmentName, status = f.status): FeedbackFacts {
  const deadline = deadlineOf({ ...f, status });
  return { id: f.id, ref: f.ref, item: itemHeading(f.item), deadline: deadline.date, deadlineLabel: deadline.label, department: departmentName };
}

function entries(targets: ReadonlyArray<{ id: number }>, e: Omit<OutboxEntry, 'targetId' | 'message'>, message: NotifyMessage): OutboxEntry[] {
  return targets.map((t) => ({ ...e, targetId: t.id, message: JSON.stringify(message) }));
}

/**
 * The notifications of giving feedback `f` (as read: its version and department) to a
 * department, with the status it will have, for the batch of that change; none when it is
 * given to no department or already had that one.
 */
export async function assignmentNotifications(
  db: Db,
  f: { id: number; updatedAt: number; departmentId: number | null },
  to: { departmentId: number | null; status: NotifyFacts['status'] },
  origin: string | null,
): Promise<OutboxEntry[]> {
  if (to.departmentId === null || to.departmentId === f.departmentId) return [];
  const targets = await enabledTargets(db, [to.departmentId]);
  if (targets.length === 0) return [];
  const [row, name] = await Promise.all([notifyFacts(db, f.id), departmentName(db, to.departmentId)]);
  if (!row) return [];
  const message = feedbackMessage('assigned', facts(row, name, to.status), origin);
  return entries(targets, { event: 'assigned', eventKey: `assigned:${f.id}:${to.departmentId}:${f.updatedAt}`, feedbackId: f.id }, message);
}

/**
 * The notifications of a follow-up (补充说明) or a review request (请求复查) on feedback
 * `feedbackId`, made at `at`, to be answered by `attentionBy`: to its department and to the
 * office. For the batch that records the request; `notifyAttention` writes them on their own.
 */
export async function attentionNotifications(db: Db, feedbackId: number, kind: 'follow_up' | 'review', at: number, attentionBy: string, origin: string | null): Promise<OutboxEntry[]> {
  const row = await notifyFacts(db, feedbackId);
  if (!row) return [];
  const targets = await enabledTargets(db, row.departmentId === null ? [null] : [row.departmentId, null]);
  const message = feedbackMessage(kind, { ...facts(row), deadline: attentionBy, deadlineLabel: '回应期限' }, origin);
  return entries(targets, { event: kind, eventKey: `${kind}:${feedbackId}:${at}`, feedbackId }, message);
}

/**
 * The reminders of the day of `now`: each due-soon feedback, and the overdue digests; due soon
 * and overdue exactly as the console's today bar counts them, under the deployment's OVERDUE_RULE.
 */
export async function reminderNotifications(db: Db, now: number, origin: string | null, rule: OverdueRule = 'calendar'): Promise<OutboxEntry[]> {
  const today = shanghaiDate(now);
  const all = { departmentId: null, overdueRule: rule };
  const [dueSoon, overdue] = await Promise.all([
    notifyFactsWhere(db, inboxWhere({ dueSoon: true }, all, now), REMINDERS_MAX),
    notifyFactsWhere(db, inboxWhere({ overdue: true }, all, now), REMINDERS_MAX),
  ]);
  const departmentIds = [...new Set([...dueSoon, ...overdue].map((f) => f.departmentId)), null];
  const targets = await enabledTargets(db, departmentIds);
  const targetsOf = (departmentId: number | null) => targets.filter((t) => t.departmentId === departmentId);
  const out: OutboxEntry[] = [];

  const last = addDays(today, DUE_SOON_DAYS);
  for (const f of dueSoon) {
    // The deadline that is near: the acknowledgement's while new, if it is the one within reach.
    const deadline = f.status === 'new' && f.acknowledgeBy <= last ? { date: f.acknowledgeBy, label: '受理期限' } : { date: f.replyBy, label: '办理期限' };
    const message = feedbackMessage('due_soon', { ...facts(f), deadline: deadline.date, deadlineLabel: deadline.label }, origin);
    out.push(...entries(targetsOf(f.departmentId), { event: 'due_soon', eventKey: `due_soon:${f.id}:${deadline.label}:${deadline.date}`, feedbackId: f.id }, message));
  }

  const digest = (scope: string, list: NotifyFacts[], key: string, to: ReadonlyArray<{ id: number }>) => {
    if (list.length === 0 || to.length === 0) return;
    const refs = list.slice(0, DIGEST_REFS).map((f) => ({ ref: f.ref, deadline: deadlineOf(f).date }));
    out.push(...entries(to, { event: 'overdue', eventKey: key, feedbackId: null }, overdueDigest(scope, refs, list.length, origin)));
  };
  const byDepartment = new Map<number, NotifyFacts[]>();
  for (const f of overdue) if (f.departmentId !== null) byDepartment.set(f.departmentId, [...(byDepartment.get(f.departmentId) ?? []), f]);
  for (const [departmentId, list] of byDepartment) digest(list[0]!.departmentName ?? '本部门', list, `overdue:${departmentId}:${today}`, targetsOf(departmentId));
  digest('全办', overdue, `overdue:office:${today}`, targetsOf(null));
  return out;
}

/** Writes notifications on their own (no change to go with), a repeat of an eventKey ignored. */
export async function writeNotifications(db: Db, list: readonly OutboxEntry[], now: number): Promise<void> {
  for (let i = 0; i < list.length; i += 50) {
    const [first, ...rest] = list.slice(i, i + 50).map((e) => outboxInsert(db, e, now));
    if (first) await db.batch([first, ...rest]);
  }
}

/**
 * A follow-up (补充说明) or a review request (请求复查) on feedback `feedbackId`, at `at`, to be
 * answered by `attentionBy`: its department's and the office's targets are told. Returns how many
 * notifications were written. For whoever records the request, after its
 * own batch (or, to write both at once, `attentionNotifications` into that batch); then deliver
 * them (notify/deliver.ts deliverDue, in the background).
 */
export async function notifyAttention(db: Db, feedbackId: number, kind: 'follow_up' | 'review', at: number, attentionBy: string, origin: string | null): Promise<number> {
  const list = await attentionNotifications(db, feedbackId, kind, at, attentionBy, origin);
  await writeNotifications(db, list, at);
  return list.length;
}
