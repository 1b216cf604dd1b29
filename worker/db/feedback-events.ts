/**
 * Writing the timeline of a feedback.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { feedback, feedbackEvents } from './schema';

export interface NewEvent {
  at: number;
  type: string;
  public: boolean;
  fromStatus?: string | null;
  toStatus?: string | null;
  text?: string | null;
  actorId?: number | null;
}

/**
 * Inserts the event for the feedback row that `where` selects, and only if it
 * selects one. Batched after a guarded update, it records the event exactly when
 * the update took effect, and it finds a row inserted earlier in the same batch.
 */
export function insertEventWhere(db: Db, where: SQL | undefined, e: NewEvent) {
  return db.insert(feedbackEvents).select(
    db
      .select({
        id: sql<number>`null`.as('id'),
        feedbackId: feedback.id,
        at: sql<number>`${e.at}`.as('at'),
        type: sql<string>`${e.type}`.as('type'),
        public: sql<number>`${e.public ? 1 : 0}`.as('public'),
        fromStatus: sql<string | null>`${e.fromStatus ?? null}`.as('from_status'),
        toStatus: sql<string | null>`${e.toStatus ?? null}`.as('to_status'),
        text: sql<string | null>`${e.text ?? null}`.as('text'),
        actorId: sql<number | null>`${e.actorId ?? null}`.as('actor_id'),
      })
      .from(feedback)
      .where(where),
  );
}
