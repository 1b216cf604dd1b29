/**
 * One source's feedback in a window, counted and marked as spam in one batch.
 *
 * The selection is the inbox's (`inboxWhere` with the source, the window and the
 * user's scope), so what staff see listed is what is counted and marked. The
 * rows to mark are chosen by one sub-select: within the selection, in a status
 * the workflow lets go to spam, not changed since the caller read the selection
 * (`updated_at <= readAt`), the oldest SOURCE_SPAM_MAX by id. The audit entry
 * (listing their ids) and the timeline events are written first, the update
 * last, all in one batch: one transaction, in which the sub-select chooses the
 * same rows each time, so the entry, the events and the change cover exactly the
 * same feedback, or nothing happens.
 */
import { and, count, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { SpamStep } from '../staff/sources';
import type { FeedbackStatus } from '../staff/workflow';
import { auditInsertIf } from './audit';
import type { Db } from './client';
import { insertEventWhere } from './feedback-events';
import { feedback } from './schema';

/** How many feedback the selection holds, and how many of them are in `markable` statuses. */
export async function sourceFigures(db: Db, selection: SQL | undefined, markable: readonly FeedbackStatus[]) {
  const row = await db
    .select({
      total: count(),
      markable: markable.length === 0 ? sql<number>`0` : sql<number>`coalesce(sum(${inArray(feedback.status, [...markable])}), 0)`.mapWith(Number),
    })
    .from(feedback)
    .where(selection)
    .get();
  return { total: row?.total ?? 0, markable: row?.markable ?? 0 };
}

export interface SourceSpam {
  selection: SQL | undefined;
  steps: SpamStep[];
  /** Rows changed after this instant are left as they are. */
  readAt: number;
  max: number;
  actorId: number;
  now: number;
  /** What the audit entry says was asked for. */
  asked: { source: string; from: number; to: number };
}

/** Marks the chosen feedback as spam; returns their ids, and how many of the selection were left as they were. */
export async function markSourceAsSpam(db: Db, s: SourceSpam): Promise<{ ids: number[]; left: number }> {
  const statuses = s.steps.map((step) => step.from);
  if (statuses.length === 0) return { ids: [], left: (await sourceFigures(db, s.selection, [])).total };
  const chosen = inArray(
    feedback.id,
    db
      .select({ id: feedback.id })
      .from(feedback)
      .where(and(s.selection, inArray(feedback.status, statuses), lte(feedback.updatedAt, s.readAt)))
      .orderBy(feedback.id)
      .limit(s.max),
  );
  const ids = sql`(select json_group_array(id) from (select ${feedback.id} as id from ${feedback} where ${chosen} order by ${feedback.id}))`;
  const selected = sql`(select count(*) from ${feedback} where ${s.selection ?? sql`1`})`;
  const marked = sql`(select count(*) from ${feedback} where ${chosen})`;
  const audit = auditInsertIf(
    db,
    {
      at: s.now,
      actorId: s.actorId,
      action: 'feedback.source_spam',
      // The target is the source: the audit log lists every clearing of one source, and each entry its feedback.
      targetType: 'source',
      targetId: s.asked.source,
      before: { status: statuses },
      after: sql`json_object('from', ${s.asked.from}, 'to', ${s.asked.to}, 'status', 'spam', 'ids', json(${ids}), 'left', ${selected} - ${marked})`,
    },
    feedback,
    // One entry, written only when there is something to mark.
    sql`${feedback.id} = (select min(${feedback.id}) from ${feedback} where ${chosen})`,
  );
  const events = s.steps.map((step) => insertEventWhere(db, and(chosen, eq(feedback.status, step.from)), { ...step.event, at: s.now, actorId: s.actorId }));
  // One update for every status: the workflow's step to spam changes the same columns from each.
  const changes = s.steps[0]!.changes;
  if (s.steps.some((step) => JSON.stringify(step.changes) !== JSON.stringify(changes))) throw new Error('spam steps that change different columns need an update each');
  const update = db
    .update(feedback)
    // Strictly later than any version read, as applyChange does.
    .set({ ...changes, updatedAt: sql`max(${s.now}, ${feedback.updatedAt} + 1)` })
    .where(chosen)
    .returning({ id: feedback.id });
  const total = db.select({ n: count() }).from(feedback).where(s.selection);
  const results = await db.batch([audit, ...events, update, total]);
  const updated = results[results.length - 2] as Array<{ id: number }>;
  const after = results[results.length - 1] as Array<{ n: number }>;
  const markedIds = updated.map((r) => r.id).sort((a, b) => a - b);
  return { ids: markedIds, left: (after[0]?.n ?? 0) - markedIds.length };
}
