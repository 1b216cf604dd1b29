/**
 * Evidence photos of feedback as staff read and add them (issue 14). A photo is a
 * feedback_attachments row with a storage key (the object in the photo store) or, once the
 * retention erasure removed the object, with erased_at; rows with neither are what a mail
 * brought in and only described (inbound-mail.ts), and are not photos.
 *
 * Adding photos is all or none, and never past the limit even when two uploads race: the
 * rows are inserted in one batch (one transaction), the first only if the feedback's photos
 * leave room for all of them, each later one only if the one before it was inserted, and
 * the audit entry only if the last was. Either every statement inserts or none does.
 */
import { and, asc, count, eq, exists, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { auditInsert, auditInsertIf } from './audit';
import { feedbackPhotoColumns, feedbackPhotoInsert } from './photos';
import type { Db } from './client';
import { feedback, feedbackAttachments, staffUsers } from './schema';

/** A photo's row: stored now, or erased by the retention erasure. */
export const isPhoto = or(isNotNull(feedbackAttachments.storageKey), isNotNull(feedbackAttachments.erasedAt))!;

export interface FeedbackPhotoRow {
  id: number;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  storageKey: string | null;
  addedBy: number | null;
  addedByName: string | null;
  createdAt: number;
  erasedAt: number | null;
}

/** The feedback's photos, in the order they were added. */
export async function feedbackPhotoRows(db: Db, feedbackId: number): Promise<FeedbackPhotoRow[]> {
  return db
    .select({
      ...feedbackPhotoColumns,
      storageKey: feedbackAttachments.storageKey,
      addedBy: feedbackAttachments.addedBy,
      addedByName: staffUsers.displayName,
      createdAt: feedbackAttachments.createdAt,
      erasedAt: feedbackAttachments.erasedAt,
    })
    .from(feedbackAttachments)
    .leftJoin(staffUsers, eq(staffUsers.id, feedbackAttachments.addedBy))
    .where(and(eq(feedbackAttachments.feedbackId, feedbackId), isPhoto))
    .orderBy(asc(feedbackAttachments.id));
}

/** One photo of the feedback, or null (another feedback's, a mail attachment's, or none). */
export async function findFeedbackPhoto(db: Db, feedbackId: number, photoId: number) {
  return (
    (await db
      .select({ id: feedbackAttachments.id, type: feedbackAttachments.type, size: feedbackAttachments.size, storageKey: feedbackAttachments.storageKey, erasedAt: feedbackAttachments.erasedAt })
      .from(feedbackAttachments)
      .where(and(eq(feedbackAttachments.id, photoId), eq(feedbackAttachments.feedbackId, feedbackId), isPhoto))
      .get()) ?? null
  );
}

/** How many photos the feedback has, erased ones included (they were sent, and count toward the limit). */
export async function countFeedbackPhotos(db: Db, feedbackId: number): Promise<number> {
  const row = await db.select({ n: count() }).from(feedbackAttachments).where(and(eq(feedbackAttachments.feedbackId, feedbackId), isPhoto)).get();
  return row?.n ?? 0;
}

/** The audit entry of one view of a photo, as a reveal of contact details is audited. */
export async function recordPhotoView(db: Db, feedbackId: number, photoId: number, actorId: number, now: number): Promise<void> {
  await auditInsert(db, { at: now, actorId, action: 'feedback.photo_view', targetType: 'feedback', targetId: feedbackId, after: { photoId } });
}

/** A photo already in the store, to be recorded. */
export type { NewPhoto } from './photos';
import type { NewPhoto } from './photos';

const photoCount = (feedbackId: number) =>
  sql`(select count(*) from ${feedbackAttachments} where ${feedbackAttachments.feedbackId} = ${feedbackId} and (${feedbackAttachments.storageKey} is not null or ${feedbackAttachments.erasedAt} is not null))`;
const keyStored = (db: Db, key: string) => exists(db.select({ one: sql`1` }).from(feedbackAttachments).where(eq(feedbackAttachments.storageKey, key)));


/**
 * The audit entry of photos added, written only if the last of them was inserted: their ids
 * (read in the same statement) and count, never a name (a file's name can carry a person's)
 * nor a storage key.
 */
function photosAddAuditIf(db: Db, feedbackId: number, keys: readonly string[], actorId: number, now: number) {
  const inKeys = sql`${feedbackAttachments.storageKey} in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`;
  return auditInsertIf(
    db,
    {
      at: now, actorId, action: 'feedback.photos_add', targetType: 'feedback', targetId: feedbackId,
      after: sql`json_object('photoIds', (select json_group_array(id) from (select ${feedbackAttachments.id} as id from ${feedbackAttachments} where ${inKeys} order by ${feedbackAttachments.id})), 'count', ${keys.length})`,
    },
    feedbackAttachments,
    and(eq(feedbackAttachments.storageKey, keys[keys.length - 1]!), eq(feedbackAttachments.feedbackId, feedbackId))!,
  );
}

/**
 * Records photos a member of staff added (already in the store), with one `feedback.photos_add`
 * audit entry, if the feedback then has room for all of them within `max`. Returns the new rows'
 * ids in order, or null when there was no room (nothing written).
 */
export async function addFeedbackPhotos(db: Db, feedbackId: number, photos: readonly NewPhoto[], max: number, actorId: number, now: number): Promise<number[] | null> {
  if (photos.length === 0) return [];
  const [first, ...rest] = photos.map((p, k) =>
    feedbackPhotoInsert(db, p, actorId, now, and(eq(feedback.id, feedbackId), k === 0 ? sql`${photoCount(feedbackId)} + ${photos.length} <= ${max}` : keyStored(db, photos[k - 1]!.storageKey))!),
  );
  const keys = photos.map((p) => p.storageKey);
  await db.batch([first!, ...rest, photosAddAuditIf(db, feedbackId, keys, actorId, now)]);
  const rows = await db
    .select({ id: feedbackAttachments.id })
    .from(feedbackAttachments)
    .where(and(eq(feedbackAttachments.feedbackId, feedbackId), inArray(feedbackAttachments.storageKey, keys)))
    .orderBy(asc(feedbackAttachments.id));
  return rows.length === photos.length ? rows.map((r) => r.id) : null;
}
