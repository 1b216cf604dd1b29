/**
 * Photos staff attach to their comments on an item (item_comment_photos, issue 14): public
 * with a public progress update (the notice page shows them, served by their key), internal
 * with an internal comment (served to staff who may read it). Staff's own pictures of the
 * work, not a person's: kept with the comment, not erased with contact details.
 *
 * Adding is all or none within the limit, as for feedback (staff-photos.ts): the first row only
 * if all fit, each later one only if the one before it was inserted, the audit entry only if the
 * last was, in one batch.
 */
import { and, asc, count, eq, exists, inArray, sql, type SQL } from 'drizzle-orm';
import { auditInsertIf } from './audit';
import type { Db } from './client';
import { itemComments, itemCommentPhotos } from './schema';
import type { NewPhoto } from './photos';

export interface CommentPhotoRow {
  id: number;
  commentId: number;
  storageKey: string;
  name: string;
  type: string;
  size: number;
  width: number;
  height: number;
  public: boolean;
}

const photoColumns = {
  id: itemCommentPhotos.id,
  commentId: itemCommentPhotos.commentId,
  storageKey: itemCommentPhotos.storageKey,
  name: itemCommentPhotos.name,
  type: itemCommentPhotos.type,
  size: itemCommentPhotos.size,
  width: itemCommentPhotos.width,
  height: itemCommentPhotos.height,
  public: itemComments.public,
};

/** The photos of the item's comments, in order; without `internal`, only those of public comments. */
export async function itemCommentPhotoRows(db: Db, itemId: number, { internal }: { internal: boolean }): Promise<CommentPhotoRow[]> {
  return db
    .select(photoColumns)
    .from(itemCommentPhotos)
    .innerJoin(itemComments, eq(itemComments.id, itemCommentPhotos.commentId))
    .where(and(eq(itemComments.itemId, itemId), internal ? undefined : eq(itemComments.public, true)))
    .orderBy(asc(itemCommentPhotos.id));
}

/** One photo of a comment on the item, or null. */
export async function findCommentPhoto(db: Db, itemId: number, commentId: number, photoId: number): Promise<CommentPhotoRow | null> {
  return (
    (await db
      .select(photoColumns)
      .from(itemCommentPhotos)
      .innerJoin(itemComments, eq(itemComments.id, itemCommentPhotos.commentId))
      .where(and(eq(itemCommentPhotos.id, photoId), eq(itemCommentPhotos.commentId, commentId), eq(itemComments.itemId, itemId)))
      .get()) ?? null
  );
}

/** A comment on the item, or null (none, or another item's). */
export async function findItemComment(db: Db, itemId: number, commentId: number) {
  return (
    (await db
      .select({ id: itemComments.id, authorId: itemComments.authorId, public: itemComments.public })
      .from(itemComments)
      .where(and(eq(itemComments.id, commentId), eq(itemComments.itemId, itemId)))
      .get()) ?? null
  );
}

export async function countCommentPhotos(db: Db, commentId: number): Promise<number> {
  return (await db.select({ n: count() }).from(itemCommentPhotos).where(eq(itemCommentPhotos.commentId, commentId)).get())?.n ?? 0;
}

function photoInsertIf(db: Db, commentId: number, p: NewPhoto, addedBy: number, now: number, guard: SQL) {
  return db.insert(itemCommentPhotos).select(
    db
      .select({
        id: sql<number>`null`.as('id'),
        commentId: itemComments.id,
        storageKey: sql<string>`${p.storageKey}`.as('storage_key'),
        name: sql<string>`${p.name}`.as('name'),
        type: sql<string>`${p.type}`.as('type'),
        size: sql<number>`${p.size}`.as('size'),
        width: sql<number>`${p.width}`.as('width'),
        height: sql<number>`${p.height}`.as('height'),
        addedBy: sql<number>`${addedBy}`.as('added_by'),
        createdAt: sql<number>`${now}`.as('created_at'),
      })
      .from(itemComments)
      .where(and(eq(itemComments.id, commentId), guard)),
  );
}

/** The audit entry, only if the last photo was inserted: the comment, the photos' ids and count (no names, no keys). */
function commentPhotosAuditIf(db: Db, itemId: number, commentId: number, keys: readonly string[], actorId: number, now: number) {
  const inKeys = sql`${itemCommentPhotos.storageKey} in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`;
  return auditInsertIf(
    db,
    {
      at: now, actorId, action: 'item.comment_photos_add', targetType: 'item', targetId: itemId,
      after: sql`json_object('commentId', ${commentId}, 'photoIds', (select json_group_array(id) from (select ${itemCommentPhotos.id} as id from ${itemCommentPhotos} where ${inKeys} order by ${itemCommentPhotos.id})), 'count', ${keys.length})`,
    },
    itemCommentPhotos,
    and(eq(itemCommentPhotos.storageKey, keys[keys.length - 1]!), eq(itemCommentPhotos.commentId, commentId))!,
  );
}

/**
 * Records photos (already in the store) on a comment, with one `item.comment_photos_add` audit
 * entry, if the comment then has room for all within `max`. The new rows' ids, or null (no room:
 * nothing written).
 */
export async function addCommentPhotos(
  db: Db, itemId: number, commentId: number, photos: readonly NewPhoto[], max: number, actorId: number, now: number,
): Promise<number[] | null> {
  if (photos.length === 0) return [];
  const photoCount = sql`(select count(*) from ${itemCommentPhotos} where ${itemCommentPhotos.commentId} = ${commentId})`;
  const keyStored = (key: string) => exists(db.select({ one: sql`1` }).from(itemCommentPhotos).where(eq(itemCommentPhotos.storageKey, key)));
  const [first, ...rest] = photos.map((p, k) =>
    photoInsertIf(db, commentId, p, actorId, now, k === 0 ? sql`${photoCount} + ${photos.length} <= ${max}` : keyStored(photos[k - 1]!.storageKey)),
  );
  const keys = photos.map((p) => p.storageKey);
  await db.batch([first!, ...rest, commentPhotosAuditIf(db, itemId, commentId, keys, actorId, now)]);
  const rows = await db
    .select({ id: itemCommentPhotos.id })
    .from(itemCommentPhotos)
    .where(and(eq(itemCommentPhotos.commentId, commentId), inArray(itemCommentPhotos.storageKey, keys)))
    .orderBy(asc(itemCommentPhotos.id));
  return rows.length === photos.length ? rows.map((r) => r.id) : null;
}
