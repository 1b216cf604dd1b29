/**
 * Feedback as staff read and change it: one feedback with its timeline, and
 * changes applied as compare-and-set batches (the change, its timeline event and
 * its audit entry commit together, and only if nobody changed the feedback since
 * it was read).
 */
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { FeedbackChanges, TimelineEvent } from '../staff/workflow';
import { auditInsert, auditInsertIf, type AuditEntry } from './audit';
import type { Db } from './client';
import { insertEventWhere } from './feedback-events';
import { withNoticeItemDepartment } from './feedback-joins';
import { outboxInsertIf, type OutboxEntry } from './notify-outbox';
import { departments, feedback, feedbackEvents, notices, staffUsers } from './schema';
import { inboxWhere, type InboxScope } from './staff-inbox';
import { itemPathColumns } from './item-label';

export type FeedbackRow = typeof feedback.$inferSelect;

export async function findFeedback(db: Db, id: number): Promise<FeedbackRow | null> {
  return (await db.select().from(feedback).where(eq(feedback.id, id)).get()) ?? null;
}

/**
 * The feedback with this reference, if the inbox shows it within `scope`: one in
 * another department is not found, exactly as an unknown reference is, so an
 * answer built on this one tells nothing of feedback outside the scope.
 */
export async function findFeedbackByRef(db: Db, ref: string, scope: InboxScope, now: number): Promise<{ id: number; ref: string } | null> {
  return (await db.select({ id: feedback.id, ref: feedback.ref }).from(feedback).where(and(eq(feedback.ref, ref), inboxWhere({}, scope, now))).get()) ?? null;
}

export { findDepartment } from './departments';

export interface TimelineEntry {
  id: number;
  at: number;
  type: string;
  public: boolean;
  fromStatus: string | null;
  toStatus: string | null;
  text: string | null;
  actor: { id: number; displayName: string } | null;
}

const duplicateOf = alias(feedback, 'duplicate_of');
const enteredBy = alias(staffUsers, 'entered_by');

/**
 * The feedback with what it refers to, and its whole timeline. Two queries in
 * parallel, not a batch: drizzle maps batch results by column name, and these
 * joins repeat names (ref, name, title).
 */
export async function feedbackWithTimeline(db: Db, id: number) {
  const query = db
    .select({
      f: feedback,
      noticeSlug: notices.slug,
      noticeTitle: notices.title,
      ...itemPathColumns,
      departmentName: departments.name,
      duplicateOfRef: duplicateOf.ref,
      enteredByName: enteredBy.displayName,
    })
    .from(feedback)
    .$dynamic();
  const [rows, events] = await Promise.all([
    withNoticeItemDepartment(query)
      .leftJoin(duplicateOf, eq(duplicateOf.id, feedback.duplicateOfId))
      .leftJoin(enteredBy, eq(enteredBy.id, feedback.enteredBy))
      .where(eq(feedback.id, id)),
    db
      .select({ e: feedbackEvents, actorName: staffUsers.displayName })
      .from(feedbackEvents)
      .leftJoin(staffUsers, eq(staffUsers.id, feedbackEvents.actorId))
      .where(eq(feedbackEvents.feedbackId, id))
      .orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id)),
  ]);
  const row = rows[0];
  if (!row) return null;
  const timeline: TimelineEntry[] = events.map(({ e, actorName }) => ({
    id: e.id,
    at: e.at,
    type: e.type,
    public: e.public,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    text: e.text,
    actor: e.actorId === null ? null : { id: e.actorId, displayName: actorName ?? '' },
  }));
  return { ...row, timeline };
}

/** The timeline event, inserted only if `guard` holds on the feedback row. */
function eventInsertIf(db: Db, feedbackId: number, e: TimelineEvent, actorId: number, at: number, guard: SQL) {
  return insertEventWhere(db, and(eq(feedback.id, feedbackId), guard), { ...e, at, actorId });
}

export interface Change {
  changes: FeedbackChanges;
  event: TimelineEvent | null;
  audit: Omit<AuditEntry, 'at' | 'actorId' | 'targetType' | 'targetId'>;
  /** Notifications the change causes (notify/enqueue.ts), written with it under the same condition. */
  notify?: readonly OutboxEntry[];
}

/**
 * Applies a change to feedback `f` as read, with its event and audit entry, if the
 * feedback is still as read (same updated_at). The event and the entry are written
 * before the update under the same condition, in one transaction, so all three
 * happen or none. Returns false when someone else changed the feedback first.
 */
export async function applyChange(db: Db, f: Pick<FeedbackRow, 'id' | 'updatedAt'>, change: Change, actorId: number, now: number): Promise<boolean> {
  const unchanged = eq(feedback.updatedAt, f.updatedAt);
  // Strictly later than the version read, so that two changes in one millisecond still differ.
  const updatedAt = Math.max(now, f.updatedAt + 1);
  const audit = auditInsertIf(
    db,
    { ...change.audit, at: now, actorId, targetType: 'feedback', targetId: f.id },
    feedback,
    and(eq(feedback.id, f.id), unchanged)!,
  );
  const update = db
    .update(feedback)
    .set({ ...change.changes, updatedAt })
    .where(and(eq(feedback.id, f.id), unchanged))
    .returning({ id: feedback.id });
  const event = change.event ? [eventInsertIf(db, f.id, change.event, actorId, now, unchanged)] : [];
  const notify = (change.notify ?? []).map((e) => outboxInsertIf(db, e, now, and(eq(feedback.id, f.id), unchanged)!));
  const results = await db.batch([audit, ...event, ...notify, update]);
  const updated = results[results.length - 1] as Array<{ id: number }>;
  return updated.length === 1;
}

/** An event that changes nothing on the feedback (an internal note), with its audit entry. */
export async function addEvent(db: Db, feedbackId: number, event: TimelineEvent, actorId: number, now: number, audit: Change['audit']): Promise<void> {
  await db.batch([
    db.insert(feedbackEvents).values({ feedbackId, at: now, actorId, ...event }),
    auditInsert(db, { ...audit, at: now, actorId, targetType: 'feedback', targetId: feedbackId }),
  ]);
}

/**
 * 签收: the first time someone of the assigned department opens the feedback. Sets
 * department_seen_at only while it is null and the feedback is still assigned to
 * `departmentId`, with its audit entry under the same condition, so a second
 * opening (or two at once) records nothing more. It leaves updated_at alone:
 * opening is not a change a colleague's edit should be refused for.
 * Returns whether this call signed for it.
 */
export async function markSeen(db: Db, feedbackId: number, departmentId: number, actorId: number, now: number): Promise<boolean> {
  const unseen = and(eq(feedback.id, feedbackId), eq(feedback.departmentId, departmentId), isNull(feedback.departmentSeenAt))!;
  const [, updated] = await db.batch([
    auditInsertIf(
      db,
      { at: now, actorId, action: 'feedback.seen', targetType: 'feedback', targetId: feedbackId, after: { departmentId, departmentSeenAt: now } },
      feedback,
      unseen,
    ),
    db.update(feedback).set({ departmentSeenAt: now }).where(unseen).returning({ id: feedback.id }),
  ]);
  return updated.length === 1;
}

/** The audit entry of a reveal of contact details: which fields, never their values. */
export async function recordReveal(db: Db, feedbackId: number, fields: string[], actorId: number, now: number): Promise<void> {
  await auditInsert(db, { at: now, actorId, action: 'feedback.reveal', targetType: 'feedback', targetId: feedbackId, after: { fields } });
}
