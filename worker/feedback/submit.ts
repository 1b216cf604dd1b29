/**
 * Storing a feedback submission, exactly once per Idempotency-Key.
 *
 * The feedback row, its first timeline event and the idempotency record go in one
 * atomic batch, so an acknowledged submission is always complete in the database,
 * and a retry of the same key finds the record and returns the same answer. The
 * query code is shown only in that answer: the record keeps it sealed with a key
 * derived from the Idempotency-Key, which is itself stored only as a hash, so the
 * database alone cannot reveal it.
 *
 * Photos (issue 14) are put in the photo store first, under fresh random keys, and their rows
 * join the same batch: if the batch then fails, the stored photos are deleted again (best
 * effort: a photo left behind has no row, so nothing ever serves it), and the database holds
 * neither the feedback nor any of its photos. The request hash covers the photos too (their
 * SHA-256, in order), so a retry with the same photos is a replay that stores nothing new, and
 * the same key with other photos is a conflict.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { insertPhotosByRef, submittedPhotoCount } from '../db/photos';
import type { PhotoStore } from '../ports';
import { newPhotoKey } from '../photos/keys';
import { photoUploadMessages } from '../photos/messages';
import type { UploadedPhoto } from '../photos/upload';
import { insertEventWhere } from '../db/feedback-events';
import { feedback, idempotencyKeys, items } from '../db/schema';
import { findNotice } from '../db/notices';
import { isUniqueViolation } from '../db/unique';
import { ApiError } from '../http/errors';
import { sha256Hex, seal, unseal } from '../lib/crypto';
import { errorMessages, fieldMessages } from '../messages';
import { hashQueryCode, newQueryCode, newRef } from './codes';
import { legalDeadlines, loadCalendar } from '../calendar/deadlines';
import { computeDeadlines, shanghaiDate, type DeadlineConfig } from './deadlines';
import type { FeedbackInput } from './input';

export interface Receipt {
  ref: string;
  queryCode: string;
  acknowledgeBy: string;
  replyBy: string;
  /** How many photos were stored with it. */
  photos: number;
}

/** A submission's photos (read, checked and stripped by photos/upload.ts) and where to keep them. */
export interface SubmittedPhotos {
  photos: readonly UploadedPhoto[];
  store: PhotoStore;
}

export interface NewFeedback extends Omit<FeedbackInput, 'noticeSlug'> {
  noticeId: number;
  refPrefix: string;
  channel: 'web' | 'phone' | 'post' | 'email' | 'in_person';
  receivedAt: number;
  /** Staff logged it without the time of day: receivedAt is the start of that day (Asia/Shanghai). */
  receivedTimeUnknown?: boolean;
  enteredBy?: number | null;
  /** The submitting client's fingerprint (web submissions). */
  clientHash?: string | null;
  /** Sent without a proof of work (the form without scripts): staff should check it (待核实). */
  needsCheck?: boolean;
}

/**
 * What a public submission must pass once it is known to be new (not a replay):
 * the proof of work and the client's limits. `admit` throws to refuse; the undo
 * it returns is called if the submission is then not stored.
 */
export interface Admission {
  clientHash: string;
  /** Admitted without a proof of work: the feedback is stored marked for staff to check. */
  needsCheck?: boolean;
  admit(): Promise<() => Promise<void>>;
}

const SEAL_PURPOSE = 'idempotent-receipt';

/**
 * Finds the notice and item a submission names, or throws 404. The public may
 * send feedback only while a notice is published (409 once it is closed or
 * archived); staff may still log what reached them by other channels.
 */
export async function resolveTarget(db: Db, noticeSlug: string, itemId: number | null, by: 'public' | 'staff' = 'public') {
  const notice = await findNotice(db, noticeSlug);
  if (!notice) throw new ApiError(404, 'notice_not_found', errorMessages.noticeNotFound, { noticeSlug: fieldMessages.noticeSlug.unknown });
  if (by === 'public' && notice.state !== 'published') throw new ApiError(409, 'notice_closed', errorMessages.noticeClosed(notice.closedOn));
  if (itemId !== null) {
    const item = await db.select({ id: items.id }).from(items).where(and(eq(items.id, itemId), eq(items.noticeId, notice.id))).get();
    if (!item) throw new ApiError(404, 'item_not_found', errorMessages.itemNotFound, { itemId: fieldMessages.itemId.unknown });
  }
  return notice;
}

/** Stores one feedback with a fresh reference and query code. `extra` joins the same atomic batch. */
export async function storeFeedback(
  db: Db,
  f: NewFeedback,
  config: DeadlineConfig,
  extra: (ref: string, queryCode: string) => Promise<Parameters<Db['batch']>[0][number][]> = async () => [],
): Promise<Receipt & { id: number }> {
  const deadlines = computeDeadlines({ receivedAt: f.receivedAt }, config);
  // Every door that stores feedback comes through here, so the legal days are set for all of them.
  const legal = legalDeadlines(deadlines, config.calendar ?? (await loadCalendar(db)));
  // Whoever fills the honeypot of the public form is answered like anyone else and lands among
  // the spam: nothing a person sent is lost, and nothing a robot sent is counted.
  const status = f.trapped && f.channel === 'web' ? 'spam' : 'new';
  for (let attempt = 0; ; attempt++) {
    const ref = newRef(f.refPrefix, shanghaiDate(f.receivedAt));
    const queryCode = newQueryCode();
    try {
      // The event and any extra rows find the new feedback by its reference, so the
      // whole batch can be sent at once and committed or rolled back as one.
      const [inserted] = await db.batch([
        db
          .insert(feedback)
          .values({
            ref,
            queryCodeHash: await hashQueryCode(ref, queryCode),
            noticeId: f.noticeId,
            itemId: f.itemId,
            kind: f.kind,
            content: f.content,
            anonymous: f.anonymous,
            name: f.name,
            phone: f.phone,
            email: f.email,
            consentAt: f.consent && (f.name || f.phone || f.email) ? f.receivedAt : null,
            channel: f.channel,
            receivedAt: f.receivedAt,
            receivedTimeUnknown: f.receivedTimeUnknown ?? false,
            ...deadlines,
            ...legal,
            enteredBy: f.enteredBy ?? null,
            updatedAt: f.receivedAt,
            clientHash: f.clientHash ?? null,
            needsCheck: f.needsCheck ?? false,
            status,
          })
          .returning({ id: feedback.id }),
        insertEventWhere(db, eq(feedback.ref, ref), {
          at: f.receivedAt, type: 'submitted', public: true, toStatus: status, actorId: f.enteredBy ?? null,
        }),
        ...(await extra(ref, queryCode)),
      ]);
      // Photos, if any, are counted by the caller that added their rows (submitFeedback); staff add theirs later.
      return { id: inserted[0]!.id, ref, queryCode, ...deadlines, photos: 0 };
    } catch (err) {
      // A reference is 4 symbols of 30 per notice and month: retry the rare collision.
      if (attempt < 5 && isUniqueViolation(err, 'feedback.ref')) continue;
      throw err;
    }
  }
}

/**
 * Submits public feedback under an Idempotency-Key: the first call stores it,
 * a repeat with the same body returns the same receipt, a repeat with another body is a 409.
 */
export async function submitFeedback(
  db: Db,
  input: FeedbackInput,
  idempotencyKey: string,
  now: number,
  config: DeadlineConfig,
  admission: Admission,
  attached?: SubmittedPhotos,
): Promise<Receipt> {
  const photos = attached?.photos ?? [];
  const keyHash = await sha256Hex(`idempotency:${idempotencyKey}`);
  // Without photos, the hash is what it always was: a retry queued before photos existed still replays.
  const requestHash = await sha256Hex(photos.length === 0 ? JSON.stringify(input) : JSON.stringify({ input, photos: photos.map((p) => p.sha256) }));

  const replay = await findReplay(db, keyHash, requestHash, idempotencyKey);
  if (replay) return replay;

  const undo = await admission.admit();
  try {
    return await storeNew(db, input, keyHash, requestHash, idempotencyKey, now, config, admission, attached);
  } catch (err) {
    await undo();
    throw err;
  }
}

/** Puts the photos in the store under fresh keys; on a failure, deletes those already put and throws 503. */
async function putPhotos(attached: SubmittedPhotos | undefined): Promise<Array<UploadedPhoto & { storageKey: string }>> {
  if (!attached || attached.photos.length === 0) return [];
  const stored = attached.photos.map((p) => ({ ...p, storageKey: newPhotoKey('feedback') }));
  const results = await Promise.allSettled(stored.map((p) => attached.store.put(p.storageKey, p.bytes, p.contentType)));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    const reason = (failed as PromiseRejectedResult).reason;
    console.error('photo store: could not store a submission\'s photos', reason instanceof Error ? reason.name : 'non-error thrown');
    await removePhotos(attached.store, stored.map((p) => p.storageKey));
    throw new ApiError(503, 'photos_unavailable', photoUploadMessages.storeFailed);
  }
  return stored;
}

/** Best effort: a photo left behind has no row, so nothing serves it; the failure is logged without the key. */
async function removePhotos(store: PhotoStore, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  try {
    await store.delete(keys);
  } catch (err) {
    console.error('photo store: could not delete photos of a submission that was not stored', err instanceof Error ? err.name : 'non-error thrown');
  }
}

async function storeNew(
  db: Db,
  input: FeedbackInput,
  keyHash: string,
  requestHash: string,
  idempotencyKey: string,
  now: number,
  config: DeadlineConfig,
  { clientHash, needsCheck }: Admission,
  attached?: SubmittedPhotos,
): Promise<Receipt> {
  const notice = await resolveTarget(db, input.noticeSlug, input.itemId);
  const { noticeSlug: _slug, ...fields } = input;
  const stored = await putPhotos(attached);
  try {
    const { id: _id, ...receipt } = await storeFeedback(
      db,
      { ...fields, noticeId: notice.id, refPrefix: notice.refPrefix, channel: 'web', receivedAt: now, clientHash, needsCheck },
      config,
      async (ref, queryCode) => [
        db.insert(idempotencyKeys).select(
          db
            .select({
              keyHash: sql<string>`${keyHash}`.as('key_hash'),
              requestHash: sql<string>`${requestHash}`.as('request_hash'),
              feedbackId: feedback.id,
              sealedQueryCode: sql<string>`${await seal(idempotencyKey, SEAL_PURPOSE, queryCode)}`.as('sealed_query_code'),
              createdAt: sql<number>`${now}`.as('created_at'),
            })
            .from(feedback)
            .where(eq(feedback.ref, ref)),
        ),
        ...insertPhotosByRef(db, ref, stored.map((p) => ({ storageKey: p.storageKey, name: p.name, type: p.contentType, size: p.size, width: p.width, height: p.height })), now),
      ],
    );
    return { ...receipt, photos: stored.length };
  } catch (err) {
    // Nothing of it is in the database: neither may its photos be in the store.
    if (attached) await removePhotos(attached.store, stored.map((p) => p.storageKey));
    // Two requests with one key raced: the loser's batch rolled back whole; answer as a replay.
    if (isUniqueViolation(err, 'idempotency_keys.key_hash')) {
      const again = await findReplay(db, keyHash, requestHash, idempotencyKey);
      if (again) return again;
    }
    throw err;
  }
}

/** Whether a submission is stored under this Idempotency-Key (a retry of it would be answered with its receipt). */
export async function isStoredKey(db: Db, idempotencyKey: string): Promise<boolean> {
  const keyHash = await sha256Hex(`idempotency:${idempotencyKey}`);
  return (await db.select({ one: sql`1` }).from(idempotencyKeys).where(eq(idempotencyKeys.keyHash, keyHash)).get()) !== undefined;
}

async function findReplay(db: Db, keyHash: string, requestHash: string, idempotencyKey: string): Promise<Receipt | null> {
  const row = await db
    .select({
      requestHash: idempotencyKeys.requestHash,
      sealed: idempotencyKeys.sealedQueryCode,
      feedbackId: idempotencyKeys.feedbackId,
      ref: feedback.ref,
      acknowledgeBy: feedback.acknowledgeBy,
      replyBy: feedback.replyBy,
    })
    .from(idempotencyKeys)
    .innerJoin(feedback, eq(feedback.id, idempotencyKeys.feedbackId))
    .where(eq(idempotencyKeys.keyHash, keyHash))
    .get();
  if (!row) return null;
  if (row.requestHash !== requestHash) throw new ApiError(409, 'idempotency_conflict', errorMessages.idempotencyConflict);
  const queryCode = await unseal(idempotencyKey, SEAL_PURPOSE, row.sealed);
  return { ref: row.ref, queryCode, acknowledgeBy: row.acknowledgeBy, replyBy: row.replyBy, photos: await submittedPhotoCount(db, row.feedbackId) };
}
