/**
 * What the submitter sees when they look up their feedback with its reference and
 * query code. A wrong code looks exactly like an unknown reference, and failed
 * attempts are counted per reference (known or not) so codes cannot be guessed:
 * the tries left are those of the reference as typed, whether it exists or not.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { departments, feedback, feedbackEvents, items, notices } from '../db/schema';
import { constantTimeEqual } from '../lib/crypto';
import type { Limiter } from '../lib/limiter';
import { hashQueryCode, normaliseQueryCode, normaliseRef, REF_PATTERN } from './codes';
import { daysLeft, replyPeriodOf, type ReplyPeriod } from './deadlines';
import { lookupRules } from './limits';
import { ratingChangeBy, ratingState } from './rating';
import { canFollowUp, FOLLOW_UP_EVENT, reviewState, type AttentionKind, type ReviewState } from './after-reply-rules';
import { itemOfRow, itemPathColumns } from '../db/item-label';
import { storedPhotosOf } from '../db/photos';

/** A photo of the feedback, as the submitter sees it: `url` is a signed link good for an hour (photos/links.ts). */
export interface PublicPhoto {
  id: number;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  url: string;
}

/** Makes the link to a photo of the feedback (the route signs it with the deployment's secret and clock). */
export type PhotoLinker = (id: number) => Promise<string>;

export interface PublicFeedbackView {
  ref: string;
  status: (typeof feedback.$inferSelect)['status'];
  kind: (typeof feedback.$inferSelect)['kind'];
  content: string;
  anonymous: boolean;
  notice: { slug: string; title: string };
  item: { id: number; fullLabel: string; title: string } | null;
  /** The reference this one repeats, as its public event gave it, while its status is duplicate. */
  duplicateOf: string | null;
  /** The department now handling it (承办部门): shown to the submitter. */
  department: string | null;
  receivedAt: number;
  acknowledgeBy: string;
  replyBy: string;
  replyDaysLeft: number;
  /**
   * How `replyBy` is counted (第三十四条: from acceptance; until then from receipt, the earliest it
   * can be): `from` which day (YYYY-MM-DD, Asia/Shanghai), the period's `days` and the extension's.
   * `days` is read back from the stored deadline, so it is REPLY_DAYS as it stood when the deadline
   * was set, whatever the setting says now.
   */
  replyPeriod: ReplyPeriod;
  acceptedAt: number | null;
  repliedAt: number | null;
  closedAt: number | null;
  reply: string | null;
  rating: number | null;
  ratingComment: string | null;
  /** Not rated yet, and replied. */
  canRate: boolean;
  /** Rated, and the first rating is less than a day old (see rating.ts). */
  canChangeRating: boolean;
  /** Until when the rating can be changed (ms); null before the first rating. */
  ratingChangeBy: number | null;
  /** After a reply: a follow-up (补充说明) may be added (after-reply.ts). */
  canFollowUp: boolean;
  /** After a reply: whether a review (请求复查) may still be asked for, until which day, or when it was. */
  review: ReviewState;
  /** A follow-up or review request the office has yet to answer, and by which day. */
  attention: { kind: AttentionKind; at: number; by: string } | null;
  timeline: Array<{ at: number; type: string; toStatus: string | null; text: string | null }>;
  /** The photos sent with it or added by staff, erased ones left out, by id. */
  photos: PublicPhoto[];
}

export type TrackResult =
  | { ok: true; feedback: PublicFeedbackView; id: number }
  /** Unknown reference or wrong code, indistinguishably; the tries this client has left this hour, and when more come. */
  | { ok: false; reason: 'not_found'; triesLeft: number; resetAfterMs: number }
  | { ok: false; reason: 'too_many_attempts'; retryAfterMs: number };

const feedbackColumns = { f: feedback, noticeSlug: notices.slug, noticeTitle: notices.title, departmentName: departments.name, ...itemPathColumns };

function selectFeedback(db: Db) {
  return db
    .select(feedbackColumns)
    .from(feedback)
    .innerJoin(notices, eq(notices.id, feedback.noticeId))
    .leftJoin(items, eq(items.id, feedback.itemId))
    .leftJoin(departments, eq(departments.id, feedback.departmentId));
}

type Row = NonNullable<Awaited<ReturnType<ReturnType<typeof selectFeedback>['get']>>>;

/**
 * Every attempt is counted before the code is checked, and given back when the
 * code is right, so that parallel guesses cannot slip past the limit and the
 * owner's own look-ups cost nothing. The limits are per reference and client, and
 * per client: a stranger's guesses never lock the owner out.
 */
export async function lookUpFeedback(
  db: Db,
  limiter: Limiter,
  asked: { ref: string; code: string; client: string },
  limits: { perReference: number; perClient: number },
  now: number,
  photoLink: PhotoLinker,
): Promise<TrackResult> {
  const ref = normaliseRef(asked.ref);
  const rules = lookupRules(REF_PATTERN.test(ref) ? ref : 'malformed', asked.client, limits.perReference, limits.perClient);
  const verdict = await limiter.takeCounted(rules, now);
  if (!verdict.ok) return { ok: false, reason: 'too_many_attempts', retryAfterMs: verdict.retryAfterMs };
  const notFound = { ok: false, reason: 'not_found', triesLeft: verdict.remaining, resetAfterMs: verdict.resetAfterMs } as const;
  if (!REF_PATTERN.test(ref)) return notFound;

  const row = await selectFeedback(db).where(eq(feedback.ref, ref)).get();
  const code = normaliseQueryCode(asked.code);
  const valid = row !== undefined && code.length > 0 && constantTimeEqual(await hashQueryCode(ref, code), row.f.queryCodeHash);
  if (!valid) return notFound;
  await limiter.giveBack(rules, now);
  return { ok: true, id: row.f.id, feedback: await publicView(db, row, now, photoLink) };
}

/** The submitter's view of a feedback already found by its code (after a rating, say). */
export async function feedbackViewById(db: Db, id: number, now: number, photoLink: PhotoLinker): Promise<PublicFeedbackView | null> {
  const row = await selectFeedback(db).where(eq(feedback.id, id)).get();
  return row ? publicView(db, row, now, photoLink) : null;
}

async function publicView(db: Db, row: Row, now: number, photoLink: PhotoLinker): Promise<PublicFeedbackView> {
  const f = row.f;
  const [events, photoRows] = await db.batch([
    db
      .select({ at: feedbackEvents.at, type: feedbackEvents.type, toStatus: feedbackEvents.toStatus, text: feedbackEvents.text })
      .from(feedbackEvents)
      .where(and(eq(feedbackEvents.feedbackId, f.id), eq(feedbackEvents.public, true)))
      .orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id)),
    storedPhotosOf(db, f.id),
  ]);
  const photos = await Promise.all(photoRows.map(async (p) => ({ ...p, url: await photoLink(p.id) })));
  const rating = ratingState(f, now);
  return {
    ref: f.ref,
    status: f.status,
    kind: f.kind,
    content: f.content,
    anonymous: f.anonymous,
    notice: { slug: row.noticeSlug, title: row.noticeTitle },
    item: itemOfRow(f.itemId, row),
    department: row.departmentName,
    duplicateOf: f.status === 'duplicate' ? (events.findLast((e) => e.type === 'duplicate')?.text ?? null) : null,
    receivedAt: f.receivedAt,
    acknowledgeBy: f.acknowledgeBy,
    replyBy: f.replyBy,
    replyDaysLeft: daysLeft(f.replyBy, now),
    replyPeriod: replyPeriodOf(f),
    acceptedAt: f.acceptedAt,
    repliedAt: f.repliedAt,
    closedAt: f.closedAt,
    reply: f.reply,
    rating: f.rating,
    ratingComment: f.ratingComment,
    canRate: rating === 'open',
    canChangeRating: rating === 'changeable',
    ratingChangeBy: ratingChangeBy(f),
    canFollowUp: canFollowUp(f, events.filter((e) => e.type === FOLLOW_UP_EVENT).length),
    review: reviewState(f, now),
    attention: f.attention === null || f.attentionAt === null || f.attentionBy === null ? null : { kind: f.attention, at: f.attentionAt, by: f.attentionBy },
    timeline: events,
    photos,
  };
}

/**
 * The API's answer to an unknown reference or a wrong code: the one error shape,
 * with how many tries this client has left for the reference this hour and in how
 * many seconds the count starts again.
 */
export interface TrackNotFoundBody {
  error: { code: 'feedback_not_found'; message: string; triesLeft: number; resetAfter: number };
}
