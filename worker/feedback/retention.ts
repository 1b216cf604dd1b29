/**
 * Personal information is kept no longer than needed (PIPL 第十九条): the contact
 * details and the photos of feedback that was closed, declined, marked duplicate or
 * spam are erased once the retention period has passed. The public privacy statement
 * promises this period; the daily job runs it, photos first.
 *
 * A photo lives in two places, the photo store and its feedback_attachments row. The
 * objects are deleted first and the rows marked erased (storage_key null, erased_at)
 * only after the store said yes: a store that fails leaves the rows as they were, and
 * the next day's run tries again. The row stays as the ledger's record (name, size).
 *
 * Contact details wait for their feedback's photos: the period of declined, duplicate
 * and spam feedback runs from updated_at, which erasing contact details moves, so a
 * feedback whose contacts went while a photo stayed behind (a store down that night)
 * would keep that photo for another full period. Both go together or both wait.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog, feedback, feedbackAttachments } from '../db/schema';
import type { PhotoStore } from '../ports';
import { REVIEW_REQUEST_DAYS } from './after-reply-rules';

export const DEFAULT_RETENTION_DAYS = 3 * 365;
const DAY_MS = 86_400_000;

/** Photos erased per store call: R2's delete takes at most 1,000 keys. */
export const PHOTO_ERASE_BATCH = 1000;

export function retentionDays(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_RETENTION_DAYS;
}

/**
 * Feedback finished before `cutoff`: closed then (closed_at; reopening clears it), or
 * declined, duplicate or spam with no change since (their triage decision), or replied with
 * no change since and nothing awaiting staff. A reply the office never marked 办结 is final
 * once its 30 days for a review request have passed (第三十五条); a whole period without a
 * follow-up, a review request or a staff change leaves nothing its contact details serve. With a
 * period shorter than that window (CONTACT_RETENTION_DAYS under 31), replied feedback waits for the
 * window to close: its submitter may still ask for a review, and be answered.
 */
function finishedBefore(cutoff: number, now: number): SQL {
  const repliedCutoff = Math.min(cutoff, now - (REVIEW_REQUEST_DAYS + 1) * DAY_MS);
  return or(
    lt(feedback.closedAt, cutoff),
    and(inArray(feedback.status, ['declined', 'duplicate', 'spam']), lt(feedback.updatedAt, cutoff)),
    and(eq(feedback.status, 'replied'), isNull(feedback.attention), lt(feedback.updatedAt, repliedCutoff)),
  )!;
}

/** The feedback (of the statement's row) still has a photo in the store. */
const hasStoredPhoto = sql`exists (select 1 from ${feedbackAttachments} where ${feedbackAttachments.feedbackId} = ${feedback.id} and ${feedbackAttachments.storageKey} is not null)`;

/** Erases expired contact details and records how many in the audit log; returns that number. */
export async function purgeExpiredContacts(db: Db, now: number, days: number): Promise<number> {
  const cutoff = now - days * DAY_MS;
  const expired = and(
    or(isNotNull(feedback.name), isNotNull(feedback.phone), isNotNull(feedback.email)),
    finishedBefore(cutoff, now),
    sql`not ${hasStoredPhoto}`,
  );
  const erased = await db.update(feedback).set({ name: null, phone: null, email: null, updatedAt: now }).where(expired).returning({ id: feedback.id });
  if (erased.length > 0) {
    await db.insert(auditLog).values({
      at: now,
      actorId: null,
      action: 'retention.erase_contacts',
      targetType: 'feedback',
      targetId: null,
      before: null,
      after: JSON.stringify({ count: erased.length, retentionDays: days, ids: erased.map((r) => r.id) }),
    });
  }
  return erased.length;
}

/**
 * Erases the stored photos of expired feedback: deletes the objects, then marks their rows
 * erased, in batches of PHOTO_ERASE_BATCH. Records one audit entry for the run (the photos'
 * and their feedback's ids, never a name or a key) and returns how many photos it erased. A
 * store that throws ends the run there: what it had erased is recorded, the rest waits for
 * the next day.
 */
export async function purgeExpiredPhotos(db: Db, store: PhotoStore, now: number, days: number): Promise<number> {
  const cutoff = now - days * DAY_MS;
  const ids: number[] = [];
  const feedbackIds = new Set<number>();
  let after = 0;
  for (;;) {
    const batch = await db
      .select({ id: feedbackAttachments.id, feedbackId: feedbackAttachments.feedbackId, storageKey: feedbackAttachments.storageKey })
      .from(feedbackAttachments)
      .innerJoin(feedback, eq(feedback.id, feedbackAttachments.feedbackId))
      .where(and(isNotNull(feedbackAttachments.storageKey), gt(feedbackAttachments.id, after), finishedBefore(cutoff, now)))
      .orderBy(asc(feedbackAttachments.id))
      .limit(PHOTO_ERASE_BATCH);
    if (batch.length === 0) break;
    try {
      await store.delete(batch.map((p) => p.storageKey!));
    } catch (err) {
      console.error('retention: the photo store refused a delete; the photos wait for the next run', err instanceof Error ? err.name : 'error');
      break;
    }
    const chunk = batch.map((p) => p.id);
    // One bound parameter whatever the batch's size (D1 binds at most 100 per statement).
    const erased = await db
      .update(feedbackAttachments)
      .set({ storageKey: null, erasedAt: now })
      .where(and(sql`${feedbackAttachments.id} in (select value from json_each(${JSON.stringify(chunk)}))`, isNotNull(feedbackAttachments.storageKey)))
      .returning({ id: feedbackAttachments.id, feedbackId: feedbackAttachments.feedbackId });
    for (const r of erased) {
      ids.push(r.id);
      feedbackIds.add(r.feedbackId);
    }
    after = batch[batch.length - 1]!.id;
    if (batch.length < PHOTO_ERASE_BATCH) break;
  }
  if (ids.length > 0) {
    await db.insert(auditLog).values({
      at: now,
      actorId: null,
      action: 'retention.erase_photos',
      targetType: 'feedback',
      targetId: null,
      before: null,
      after: JSON.stringify({ count: ids.length, retentionDays: days, ids, feedbackIds: [...feedbackIds].sort((a, b) => a - b) }),
    });
  }
  return ids.length;
}

/** Both erasures in the order that lets them go together: photos, then the contact details they no longer hold back. */
export async function purgeExpiredPersonalData(db: Db, store: PhotoStore, now: number, days: number): Promise<{ photos: number; contacts: number }> {
  const photos = await purgeExpiredPhotos(db, store, now, days);
  const contacts = await purgeExpiredContacts(db, now, days);
  return { photos, contacts };
}
