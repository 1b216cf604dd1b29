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
 *
 * Staff's and mail's doors store through storeFeedback (one batch after their own reads). The
 * public's, submitFeedback, makes one round trip on its common path (issue 15): the replay check,
 * the proof's use, the client's limits, the notice and item checks and the writes are one batch
 * (db/submission.ts), sent with what this isolate last saw of the notice and the calendar, and
 * checked against them in the batch itself.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { findStored, FORGOTTEN_REQUEST, KEY_TAKEN, PROOF_USED, readTarget, REF_TAKEN, writeSubmission, type StoredReplay, type TargetGuess, type TargetRow } from '../db/submission';
import type { LimitRule } from '../lib/limiter';
import { verdictOf } from '../db/rate-limits';
import type { UsableProof } from './proof';
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
import { calendarWith } from '../calendar/shipped';
import type { HolidayCalendar } from '../calendar/calendar';
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
 * What a public submission must pass once it is known to be new (not a replay): the proof of
 * work, used up in the submission's own batch, and the client's limits, counted there too (only
 * when it is refused for no other reason).
 */
export interface Admission {
  clientHash: string;
  /** Admitted without a proof of work: the feedback is stored marked for staff to check. */
  needsCheck?: boolean;
  /**
   * The proof of work, already checked by CPU (feedback/proof.ts usableProof); null when none
   * holds, which refuses anything but a replay; 'none' where none is asked (the form without scripts).
   */
  proof: UsableProof | null | 'none';
  rules: readonly LimitRule[];
  /** The refusal once a limit is reached, in the words of the door used. */
  tooMany(retryAfterMs: number): ApiError;
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
 * What this isolate (or Node process) last saw of each notice taking submissions and of the
 * calendar, so that a submission can send its one batch at once. A guess only: the batch stores
 * the feedback only if the notice and the calendar still are as guessed, and answers with what it
 * saw instead, from which the guess is put right and the batch sent again.
 */
const noticeGuesses = new Map<string, { noticeId: number; refPrefix: string }>();
let calendarGuess: { stamp: string; calendar: HolidayCalendar } | null = null;
/** At most this many batches per submission: reference collisions (4 symbols of 30) and stale guesses are each rare. */
const MAX_ATTEMPTS = 6;

/** Learns from a target row; without one (no such notice), a guess that matches no notice, for the batch to say so. */
function guessFrom(slug: string, target: TargetRow | undefined): { noticeId: number; refPrefix: string } {
  if (!target) return { noticeId: 0, refPrefix: 'XX' };
  const guess = { noticeId: target.noticeId, refPrefix: target.refPrefix };
  if (noticeGuesses.size >= 100) noticeGuesses.clear();
  noticeGuesses.set(slug, guess);
  return guess;
}

/**
 * The guesses to send the batch with: the ones kept, or, in a new isolate, read first. The calendar
 * is always the guessed one, checked by its stamp (a config's own calendar is for staff's doors).
 */
async function guessesFor(db: Db, slug: string): Promise<{ notice: { noticeId: number; refPrefix: string }; calendar: { stamp: string; calendar: HolidayCalendar } }> {
  const notice = noticeGuesses.get(slug);
  if (notice && calendarGuess) return { notice, calendar: calendarGuess };
  return freshGuesses(db, slug);
}

async function freshGuesses(db: Db, slug: string) {
  const { target, entered } = await readTarget(db, slug);
  const calendar = { stamp: target?.calendarStamp ?? '', calendar: calendarWith(entered) };
  if (target) calendarGuess = calendar;
  return { notice: guessFrom(slug, target), calendar };
}

/** A submission's answer, and whether it stored a feedback that the public notice counts (so its copies are stale). */
export interface Submitted {
  receipt: Receipt;
  counted: boolean;
}

/**
 * Submits public feedback under an Idempotency-Key: the first call stores it, a repeat with the
 * same body returns the same receipt, a repeat with another body is a 409. On the common path (a
 * new JSON submission, in an isolate that has seen the notice before) this is one round trip to
 * the database: db/submission.ts writeSubmission. A proof that does not hold costs one read (a
 * replay needs none); photos, one read before they are put (a replay puts none).
 */
export async function submitFeedback(
  db: Db,
  input: FeedbackInput,
  idempotencyKey: string,
  now: number,
  config: DeadlineConfig,
  admission: Admission,
  attached?: SubmittedPhotos,
): Promise<Submitted> {
  const photos = attached?.photos ?? [];
  const request = photos.length === 0 ? JSON.stringify(input) : JSON.stringify({ input, photos: photos.map((p) => p.sha256) });
  const [keyHash, requestHash] = await Promise.all([sha256Hex(`idempotency:${idempotencyKey}`), requestHashOf(idempotencyKey, request)]);
  const answerReplay = async (stored: StoredReplay): Promise<Submitted> => ({ receipt: await replayReceipt(stored, requestHash, request, idempotencyKey), counted: false });

  if (admission.proof === null || photos.length > 0) {
    const stored = await findStored(db, keyHash);
    if (stored) return answerReplay(stored);
    if (admission.proof === null) throw new ApiError(403, 'proof_invalid', errorMessages.proofInvalid);
  }

  const { noticeSlug, ...fields } = input;
  let { notice, calendar } = await guessesFor(db, noticeSlug);
  const deadlines = computeDeadlines({ receivedAt: now }, config);
  let proof = admission.proof === 'none' ? null : admission.proof;
  const stored = await putPhotos(attached);
  let kept = false;
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const ref = newRef(notice.refPrefix, shanghaiDate(now));
      const queryCode = newQueryCode();
      const [queryCodeHash, sealedQueryCode] = await Promise.all([hashQueryCode(ref, queryCode), seal(idempotencyKey, SEAL_PURPOSE, queryCode)]);
      const guess: TargetGuess = { ...notice, calendarStamp: calendar.stamp };
      let outcome;
      try {
        outcome = await writeSubmission(db, {
          noticeSlug,
          guess,
          row: {
            ref,
            queryCodeHash,
            itemId: fields.itemId,
            kind: fields.kind,
            content: fields.content,
            anonymous: fields.anonymous,
            name: fields.name,
            phone: fields.phone,
            email: fields.email,
            consentAt: fields.consent && (fields.name || fields.phone || fields.email) ? now : null,
            receivedAt: now,
            // Whoever fills the honeypot is answered like anyone else and lands among the spam.
            status: fields.trapped ? 'spam' : 'new',
            ...deadlines,
            ...legalDeadlines(deadlines, calendar.calendar),
            clientHash: admission.clientHash,
            needsCheck: admission.needsCheck ?? false,
          },
          keyHash,
          requestHash,
          sealedQueryCode,
          proof,
          rules: admission.rules,
          photos: stored.map((p) => ({ storageKey: p.storageKey, name: p.name, type: p.contentType, size: p.size, width: p.width, height: p.height })),
          now,
        });
      } catch (err) {
        // The batch failed whole: nothing of it was kept, neither the proof's use nor the hits.
        if (isUniqueViolation(err, REF_TAKEN)) continue;
        if (isUniqueViolation(err, PROOF_USED)) throw new ApiError(403, 'proof_invalid', errorMessages.proofInvalid);
        // Two requests with one key raced: the loser's batch rolled back whole; answer as a replay.
        if (isUniqueViolation(err, KEY_TAKEN)) {
          const again = await findStored(db, keyHash);
          if (again) return await answerReplay(again);
        }
        throw err;
      }
      if (outcome.replay) return await answerReplay(outcome.replay);
      if (outcome.feedbackId !== null) {
        kept = true;
        return { receipt: { ref, queryCode, ...deadlines, photos: stored.length }, counted: !fields.trapped };
      }
      const limits = outcome.counted.length > 0 ? verdictOf(outcome.counted, now) : null;
      if (limits && !limits.ok) throw admission.tooMany(limits.retryAfterMs);
      const { target } = outcome;
      if (!target) throw new ApiError(404, 'notice_not_found', errorMessages.noticeNotFound, { noticeSlug: fieldMessages.noticeSlug.unknown });
      if (target.state !== 'published') throw new ApiError(409, 'notice_closed', errorMessages.noticeClosed(target.closedOn));
      if (!target.itemFound) throw new ApiError(404, 'item_not_found', errorMessages.itemNotFound, { itemId: fieldMessages.itemId.unknown });
      // A stale guess: the batch counted no hit, and used up the proof, for this request alone.
      if (target.calendarStamp === calendar.stamp) notice = guessFrom(noticeSlug, target);
      else ({ notice, calendar } = await freshGuesses(db, noticeSlug));
      proof = null;
    }
    throw new Error(`submission not stored after ${MAX_ATTEMPTS} attempts`);
  } finally {
    // Refused, failed or a replay: nothing of it is in the database, neither may its photos be in the store.
    if (!kept && attached) await removePhotos(attached.store, stored.map((p) => p.storageKey));
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

/** Whether a submission is stored under this Idempotency-Key (a retry of it would be answered with its receipt). */
export async function isStoredKey(db: Db, idempotencyKey: string): Promise<boolean> {
  const keyHash = await sha256Hex(`idempotency:${idempotencyKey}`);
  return (await db.select({ one: sql`1` }).from(idempotencyKeys).where(eq(idempotencyKeys.keyHash, keyHash)).get()) !== undefined;
}

/** The receipt of a stored submission for a repeat of its key: the same body, or a 409. */
/**
 * What the idempotency record keeps of the request, to tell a retry from another submission under
 * the same key: a hash of the request keyed by the Idempotency-Key, which the database keeps only
 * hashed. The request holds the submitter's name, phone and e-mail; a bare hash of it could be
 * brute-forced back to a phone number from the rest of the row (some 10^8 numbers to try), after
 * retention had erased them from the feedback. Keyed, it needs the key, which only the
 * submitter's device held.
 */
function requestHashOf(idempotencyKey: string, request: string): Promise<string> {
  return sha256Hex(`request:${idempotencyKey}\n${request}`);
}

async function replayReceipt(stored: StoredReplay, requestHash: string, request: string, idempotencyKey: string): Promise<Receipt> {
  // Records made before 2026-12-01 hold the bare hash; housekeeping forgets every hash after IDEMPOTENCY_HASH_DAYS,
  // and a record without one answers any retry under its key with its receipt.
  const same = stored.requestHash === FORGOTTEN_REQUEST || stored.requestHash === requestHash || stored.requestHash === (await sha256Hex(request));
  if (!same) {
    throw new ApiError(409, 'idempotency_conflict', errorMessages.idempotencyConflict);
  }
  const queryCode = await unseal(idempotencyKey, SEAL_PURPOSE, stored.sealed);
  return { ref: stored.ref, queryCode, acknowledgeBy: stored.acknowledgeBy, replyBy: stored.replyBy, photos: stored.photos };
}
