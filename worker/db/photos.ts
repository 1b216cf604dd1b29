/**
 * The queries of feedback photos (feedback_attachments rows with a stored photo): written with the
 * submission's batch, listed for the submitter's tracking page, read one by one to serve a
 * signed link; and the public's reads of progress updates' photos (item_comment_photos). Rows whose photo was erased (storageKey null, erasedAt set) stay as the ledger's
 * record and are never served.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from './client';
import { feedback, feedbackAttachments, itemCommentPhotos, itemComments, items, notices, type NOTICE_STATES } from './schema';

/** A photo already in the store, to be recorded (on a feedback or a comment on an item). */
export interface NewPhoto {
  storageKey: string;
  name: string;
  type: string;
  size: number;
  width: number;
  height: number;
}

/**
 * The row of one feedback photo, inserted from the feedback row that `where` finds (by reference,
 * for a submission's batch; by id and a guard, for staff's), so that it joins the batch of the
 * change it belongs to. `addedBy` is the member of staff, or null for the submitter.
 */
export function feedbackPhotoInsert(db: Db, p: NewPhoto, addedBy: number | null, now: number, where: SQL) {
  return db.insert(feedbackAttachments).select(
    db
      // Every column, in the table's order (drizzle's insert … select asks for it).
      .select({
        id: sql<number>`null`.as('id'),
        feedbackId: feedback.id,
        name: sql<string>`${p.name}`.as('name'),
        type: sql<string>`${p.type}`.as('type'),
        size: sql<number>`${p.size}`.as('size'),
        storageKey: sql<string>`${p.storageKey}`.as('storage_key'),
        width: sql<number>`${p.width}`.as('width'),
        height: sql<number>`${p.height}`.as('height'),
        addedBy: sql<number | null>`${addedBy}`.as('added_by'),
        erasedAt: sql<number | null>`null`.as('erased_at'),
        createdAt: sql<number>`${now}`.as('created_at'),
      })
      .from(feedback)
      .where(where),
  );
}

/**
 * The rows of a new feedback's photos, found by its reference, so that they join the batch that
 * inserts the feedback itself (feedback/submit.ts): all of them or none.
 */
export function insertPhotosByRef(db: Db, ref: string, photos: readonly NewPhoto[], now: number) {
  return photos.map((p) => feedbackPhotoInsert(db, p, null, now, eq(feedback.ref, ref)));
}

/**
 * How many photos the submitter sent with feedback `feedbackId` (erased ones included), as a
 * subquery: a replayed receipt's `photos` (db/submission.ts).
 */
export function submittedPhotoCount(feedbackId: SQLWrapper) {
  return sql<number>`(select count(*) from ${feedbackAttachments} where ${and(
    eq(feedbackAttachments.feedbackId, feedbackId),
    isNull(feedbackAttachments.addedBy),
    or(isNotNull(feedbackAttachments.storageKey), isNotNull(feedbackAttachments.erasedAt)),
  )})`.mapWith(Number);
}

/** What every list of a feedback's photos shows of each, the submitter's and staff's alike. */
export const feedbackPhotoColumns = {
  id: feedbackAttachments.id,
  name: feedbackAttachments.name,
  type: feedbackAttachments.type,
  size: feedbackAttachments.size,
  width: feedbackAttachments.width,
  height: feedbackAttachments.height,
};

/** The feedback's stored photos (not the erased ones, not mail attachments' descriptions), by id. */
export function storedPhotosOf(db: Db, feedbackId: number) {
  return db
    .select(feedbackPhotoColumns)
    .from(feedbackAttachments)
    .where(and(eq(feedbackAttachments.feedbackId, feedbackId), isNotNull(feedbackAttachments.storageKey)))
    .orderBy(asc(feedbackAttachments.id));
}

/** One stored photo by its row's id, or undefined (none, or erased). */
export function storedPhotoById(db: Db, id: number) {
  return db
    .select({ storageKey: feedbackAttachments.storageKey, type: feedbackAttachments.type, size: feedbackAttachments.size })
    .from(feedbackAttachments)
    .where(and(eq(feedbackAttachments.id, id), isNotNull(feedbackAttachments.storageKey)))
    .get();
}

/**
 * A progress update's photo by its store key, if the public may see it: its comment is public and
 * its notice is one the public reads (not a draft).
 */
export function publicItemPhotoByKey(db: Db, storageKey: string, readableStates: readonly (typeof NOTICE_STATES)[number][]) {
  return db
    .select({ storageKey: itemCommentPhotos.storageKey, type: itemCommentPhotos.type, size: itemCommentPhotos.size })
    .from(itemCommentPhotos)
    .innerJoin(itemComments, eq(itemComments.id, itemCommentPhotos.commentId))
    .innerJoin(items, eq(items.id, itemComments.itemId))
    .innerJoin(notices, eq(notices.id, items.noticeId))
    .where(and(eq(itemCommentPhotos.storageKey, storageKey), eq(itemComments.public, true), inArray(notices.state, [...readableStates])))
    .get();
}

/** Where the public fetches a progress update's photo: GET /api/item-photos/<the key's 32 hex>. */
export function itemPhotoPath(storageKey: string): string {
  return `/api/item-photos/${storageKey.slice(storageKey.indexOf('/') + 1)}`;
}

/** The photos of a notice's public progress updates, by comment and then id: the notice API's `updates[].photos`. */
export function publicItemPhotosOfNotice(db: Db, noticeId: number) {
  return db
    .select({ commentId: itemCommentPhotos.commentId, storageKey: itemCommentPhotos.storageKey, width: itemCommentPhotos.width, height: itemCommentPhotos.height })
    .from(itemCommentPhotos)
    .innerJoin(itemComments, eq(itemComments.id, itemCommentPhotos.commentId))
    .innerJoin(items, eq(items.id, itemComments.itemId))
    .where(and(eq(items.noticeId, noticeId), eq(itemComments.public, true)))
    .orderBy(asc(itemCommentPhotos.commentId), asc(itemCommentPhotos.id));
}
