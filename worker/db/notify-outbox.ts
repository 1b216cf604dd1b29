/**
 * The notification outbox as stored (schema.ts notify_outbox, notify_attempts). A notification
 * is inserted in the same batch as the change that causes it, guarded by the same condition, so
 * it exists exactly when the change does; (target, eventKey) is unique and a repeat is ignored,
 * which is what makes the daily reminders safe to run twice. Delivery claims a row by moving its
 * next_attempt_at forward (compare-and-set on the value read), so two deliverers at once — a
 * request's background task and the daily job — never send one row twice.
 */
import { and, asc, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { feedback, notifyAttempts, notifyOutbox, notifyTargets } from './schema';

export interface OutboxEntry {
  targetId: number;
  event: (typeof notifyOutbox.$inferInsert)['event'];
  eventKey: string;
  feedbackId: number | null;
  /** JSON of notify/message.ts NotifyMessage. */
  message: string;
}

/** The entry, due at `now`; ignored when the target already has this eventKey. */
export function outboxInsert(db: Db, e: OutboxEntry, now: number) {
  return db.insert(notifyOutbox).values({ ...e, state: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now }).onConflictDoNothing();
}

/**
 * The entry, inserted only if `guard` (a condition on one feedback row) holds when the batch
 * reaches it: batched with a guarded update of that feedback, it is written exactly when the
 * update takes effect.
 */
export function outboxInsertIf(db: Db, e: OutboxEntry, now: number, guard: SQL) {
  return db
    .insert(notifyOutbox)
    .select(
      db
        .select({
          id: sql<number>`null`.as('id'),
          targetId: sql<number>`${e.targetId}`.as('target_id'),
          event: sql<string>`${e.event}`.as('event'),
          eventKey: sql<string>`${e.eventKey}`.as('event_key'),
          feedbackId: sql<number | null>`${e.feedbackId}`.as('feedback_id'),
          message: sql<string>`${e.message}`.as('message'),
          state: sql<string>`'pending'`.as('state'),
          attempts: sql<number>`0`.as('attempts'),
          nextAttemptAt: sql<number>`${now}`.as('next_attempt_at'),
          lastError: sql<string | null>`null`.as('last_error'),
          createdAt: sql<number>`${now}`.as('created_at'),
          sentAt: sql<number | null>`null`.as('sent_at'),
        })
        .from(feedback)
        .where(guard),
    )
    .onConflictDoNothing();
}

export interface TargetForNotify {
  id: number;
  departmentId: number | null;
}

/** The enabled targets of these departments (null: the office's own). */
export async function enabledTargets(db: Db, departmentIds: ReadonlyArray<number | null>): Promise<TargetForNotify[]> {
  const ids = departmentIds.filter((d): d is number => d !== null);
  const office = departmentIds.includes(null);
  const where = [
    ...(ids.length > 0 ? [inArray(notifyTargets.departmentId, ids)] : []),
    ...(office ? [sql`${notifyTargets.departmentId} is null`] : []),
  ];
  if (where.length === 0) return [];
  return db
    .select({ id: notifyTargets.id, departmentId: notifyTargets.departmentId })
    .from(notifyTargets)
    .where(and(eq(notifyTargets.enabled, true), sql`(${sql.join(where, sql` or `)})`))
    .orderBy(asc(notifyTargets.id));
}

export interface DueEntry {
  id: number;
  targetId: number;
  kind: (typeof notifyTargets.$inferSelect)['kind'];
  url: string;
  secret: string | null;
  message: string;
  attempts: number;
  nextAttemptAt: number;
}

/** Pending entries due at `now`, of enabled targets, oldest due first (or only the entry `onlyId`). */
export async function dueEntries(db: Db, now: number, limit: number, onlyId?: number): Promise<DueEntry[]> {
  return db
    .select({
      id: notifyOutbox.id, targetId: notifyOutbox.targetId, kind: notifyTargets.kind, url: notifyTargets.url, secret: notifyTargets.secret,
      message: notifyOutbox.message, attempts: notifyOutbox.attempts, nextAttemptAt: notifyOutbox.nextAttemptAt,
    })
    .from(notifyOutbox)
    .innerJoin(notifyTargets, eq(notifyTargets.id, notifyOutbox.targetId))
    .where(and(eq(notifyOutbox.state, 'pending'), lte(notifyOutbox.nextAttemptAt, now), eq(notifyTargets.enabled, true), onlyId === undefined ? undefined : eq(notifyOutbox.id, onlyId)))
    .orderBy(asc(notifyOutbox.nextAttemptAt), asc(notifyOutbox.id))
    .limit(limit);
}

/** The earliest time a pending entry of an enabled target falls due, or null when none waits. */
export async function nextDue(db: Db): Promise<number | null> {
  const row = await db
    .select({ at: sql<number | null>`min(${notifyOutbox.nextAttemptAt})` })
    .from(notifyOutbox)
    .innerJoin(notifyTargets, eq(notifyTargets.id, notifyOutbox.targetId))
    .where(and(eq(notifyOutbox.state, 'pending'), eq(notifyTargets.enabled, true)))
    .get();
  return row?.at ?? null;
}

/** Claims the entry as read (its next_attempt_at unchanged), pushing it to `until`; false when another deliverer has it. */
export async function claimEntry(db: Db, e: Pick<DueEntry, 'id' | 'nextAttemptAt'>, until: number): Promise<boolean> {
  const rows = await db
    .update(notifyOutbox)
    .set({ nextAttemptAt: until })
    .where(and(eq(notifyOutbox.id, e.id), eq(notifyOutbox.state, 'pending'), eq(notifyOutbox.nextAttemptAt, e.nextAttemptAt)))
    .returning({ id: notifyOutbox.id });
  return rows.length === 1;
}

/** Leaves the entry for later without an attempt (the target's rate limit). */
export async function postpone(db: Db, id: number, until: number): Promise<void> {
  await db.update(notifyOutbox).set({ nextAttemptAt: until }).where(and(eq(notifyOutbox.id, id), eq(notifyOutbox.state, 'pending')));
}

/** The times of the target's attempts since `since`, oldest first (its rate limit counts them). */
export async function attemptTimes(db: Db, targetId: number, since: number): Promise<number[]> {
  const rows = await db
    .select({ at: notifyAttempts.at })
    .from(notifyAttempts)
    .innerJoin(notifyOutbox, eq(notifyOutbox.id, notifyAttempts.outboxId))
    .where(and(eq(notifyOutbox.targetId, targetId), gt(notifyAttempts.at, since)))
    .orderBy(asc(notifyAttempts.at));
  return rows.map((r) => r.at);
}

export interface AttemptRecord {
  at: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** The attempt and the entry's new state, in one batch. */
export async function recordAttempt(
  db: Db,
  outboxId: number,
  a: AttemptRecord,
  next: { state: 'pending' | 'sent' | 'dead'; attempts: number; nextAttemptAt: number },
): Promise<void> {
  await db.batch([
    db.insert(notifyAttempts).values({ outboxId, ...a }),
    db
      .update(notifyOutbox)
      .set({ state: next.state, attempts: next.attempts, nextAttemptAt: next.nextAttemptAt, lastError: a.error, sentAt: a.ok ? a.at : null })
      .where(eq(notifyOutbox.id, outboxId)),
  ]);
}

export interface OutboxRow {
  id: number;
  targetId: number;
  targetName: string;
  event: string;
  eventKey: string;
  feedbackId: number | null;
  feedbackRef: string | null;
  message: string;
  state: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** The newest notifications, of one target or all, newest first. */
export async function listOutbox(db: Db, filter: { targetId?: number; state?: 'pending' | 'sent' | 'dead' }, limit: number): Promise<OutboxRow[]> {
  return db
    .select({
      id: notifyOutbox.id, targetId: notifyOutbox.targetId, targetName: notifyTargets.name, event: notifyOutbox.event, eventKey: notifyOutbox.eventKey,
      feedbackId: notifyOutbox.feedbackId, feedbackRef: feedback.ref, message: notifyOutbox.message, state: notifyOutbox.state, attempts: notifyOutbox.attempts,
      nextAttemptAt: notifyOutbox.nextAttemptAt, lastError: notifyOutbox.lastError, createdAt: notifyOutbox.createdAt, sentAt: notifyOutbox.sentAt,
    })
    .from(notifyOutbox)
    .innerJoin(notifyTargets, eq(notifyTargets.id, notifyOutbox.targetId))
    .leftJoin(feedback, eq(feedback.id, notifyOutbox.feedbackId))
    .where(and(filter.targetId === undefined ? undefined : eq(notifyOutbox.targetId, filter.targetId), filter.state ? eq(notifyOutbox.state, filter.state) : undefined))
    .orderBy(desc(notifyOutbox.id))
    .limit(limit);
}

/** Every attempt of these notifications, oldest first. */
export async function attemptsOf(db: Db, outboxIds: readonly number[]): Promise<Array<AttemptRecord & { id: number; outboxId: number }>> {
  if (outboxIds.length === 0) return [];
  return db
    .select({ id: notifyAttempts.id, outboxId: notifyAttempts.outboxId, at: notifyAttempts.at, ok: notifyAttempts.ok, status: notifyAttempts.status, error: notifyAttempts.error, durationMs: notifyAttempts.durationMs })
    .from(notifyAttempts)
    .where(inArray(notifyAttempts.outboxId, [...outboxIds]))
    .orderBy(asc(notifyAttempts.at), asc(notifyAttempts.id));
}

