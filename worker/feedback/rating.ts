/**
 * The submitter's rating of a reply (满意, 基本满意, 不满意) and its optional comment.
 *
 * A reply can be rated once it is replied (or closed). A rating can be changed for a
 * day after it was first given (24 hours from `ratedAt`, which a change does not
 * move), so that a mis-tap is not final; after that it stands. Every rating and
 * every change is a public `rated` event whose text is the rating given, so the
 * submitter's timeline and the staff's show each step; a change is audited too, as it
 * rewrites what staff may already have acted on.
 *
 * Each write is one batch guarded by the state it was decided on (compare-and-set):
 * of two racing requests one wins, the other decides again on what it finds. The
 * event (and the audit entry) follow the update in the batch only if it changed the
 * row: SQLite's changes() counts the rows the previous statement of the batch wrote,
 * on the batch's one connection, so no other request's write can be taken for ours.
 */
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { auditInsertIf } from '../db/audit';
import type { Db } from '../db/client';
import { insertEventWhere } from '../db/feedback-events';
import { feedback } from '../db/schema';
import { DAY_MS } from '../lib/limiter';
import { ratingLabels } from './labels';
import { hasUnprintable, isBlank } from './rules';

/** How long after the first rating it can still be changed. */
export const RATING_CHANGE_MS = DAY_MS;
export const RATING_COMMENT_MAX = 500;

const RATEABLE = ['replied', 'closed'] as const;

export type RatingCommentRule = 'commentTooLong' | 'commentInvalidChars';

/** The rule a rating's comment (trimmed) breaks, if any; one that shows nothing is no comment (ratingComment). */
export function ratingCommentRule(comment: string | null | undefined): RatingCommentRule | null {
  if (isBlank(comment)) return null;
  if (hasUnprintable(comment!)) return 'commentInvalidChars';
  if (comment!.trim().length > RATING_COMMENT_MAX) return 'commentTooLong';
  return null;
}

/** The comment as it is stored: trimmed, or null when it shows nothing. */
export function ratingComment(comment: string | null | undefined): string | null {
  return isBlank(comment) ? null : comment!.trim();
}

export type Rating = 1 | 2 | 3;

interface RatingFacts {
  status: string;
  rating: number | null;
  ratedAt: number | null;
}

/** closed: nothing to rate yet (or any more); open: not rated; changeable: rated less than a day ago; final: rated for good. */
export type RatingState = 'closed' | 'open' | 'changeable' | 'final';

export function ratingState(f: RatingFacts, now: number): RatingState {
  if (!(RATEABLE as readonly string[]).includes(f.status)) return 'closed';
  if (f.rating === null || f.ratedAt === null) return 'open';
  return now < f.ratedAt + RATING_CHANGE_MS ? 'changeable' : 'final';
}

/** Until when a given rating can be changed; null before the first rating. */
export function ratingChangeBy(f: { ratedAt: number | null }): number | null {
  return f.ratedAt === null ? null : f.ratedAt + RATING_CHANGE_MS;
}

export type RateOutcome =
  | { ok: true; change: 'rated' | 'changed' | 'unchanged' }
  /** not_rateable: no reply to rate (or gone); final: rated more than a day ago. */
  | { ok: false; reason: 'not_rateable' | 'final' };

/** Compare-and-set rounds before giving up on a feedback that keeps changing under us. */
const ROUNDS = 3;

export async function rateFeedback(db: Db, id: number, input: { rating: Rating; comment: string | null }, now: number): Promise<RateOutcome> {
  const comment = ratingComment(input.comment);
  const text = ratingLabels[input.rating];
  const commentIs = (c: string | null) => (c === null ? isNull(feedback.ratingComment) : eq(feedback.ratingComment, c));
  // The statement just before wrote one row: the update, then the event.
  const written = and(eq(feedback.id, id), sql`changes() = 1`)!;

  for (let round = 0; round < ROUNDS; round++) {
    const f = await db
      .select({ status: feedback.status, rating: feedback.rating, ratingComment: feedback.ratingComment, ratedAt: feedback.ratedAt })
      .from(feedback)
      .where(eq(feedback.id, id))
      .get();
    if (!f) return { ok: false, reason: 'not_rateable' };
    const state = ratingState(f, now);
    if (state === 'closed') return { ok: false, reason: 'not_rateable' };
    if (state === 'final') return { ok: false, reason: 'final' };

    if (state === 'open') {
      const [updated] = await db.batch([
        db
          .update(feedback)
          .set({ rating: input.rating, ratingComment: comment, ratedAt: now, updatedAt: now })
          .where(and(eq(feedback.id, id), isNull(feedback.rating), inArray(feedback.status, [...RATEABLE])))
          .returning({ id: feedback.id }),
        insertEventWhere(db, written, { at: now, type: 'rated', public: true, text }),
      ]);
      if (updated.length > 0) return { ok: true, change: 'rated' };
      continue;
    }

    if (f.rating === input.rating && f.ratingComment === comment) return { ok: true, change: 'unchanged' };
    const unchangedSince = and(
      eq(feedback.id, id),
      eq(feedback.rating, f.rating!),
      commentIs(f.ratingComment),
      eq(feedback.ratedAt, f.ratedAt!),
      gt(sql`${feedback.ratedAt} + ${RATING_CHANGE_MS}`, now),
      inArray(feedback.status, [...RATEABLE]),
    );
    const [updated] = await db.batch([
      db.update(feedback).set({ rating: input.rating, ratingComment: comment, updatedAt: now }).where(unchangedSince).returning({ id: feedback.id }),
      insertEventWhere(db, written, { at: now, type: 'rated', public: true, text }),
      auditInsertIf(
        db,
        {
          at: now,
          actorId: null,
          action: 'feedback.rating_change',
          targetType: 'feedback',
          targetId: id,
          before: { rating: f.rating, commented: f.ratingComment !== null },
          after: { rating: input.rating, commented: comment !== null },
        },
        feedback,
        written,
      ),
    ]);
    if (updated.length > 0) return { ok: true, change: 'changed' };
  }
  return { ok: false, reason: 'not_rateable' };
}
