/**
 * What the submitter sees when they look up their feedback with its reference and
 * query code. A wrong code looks exactly like an unknown reference, and failed
 * attempts are counted per reference (known or not) so codes cannot be guessed.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { feedback, feedbackEvents, items, notices } from '../db/schema';
import { constantTimeEqual } from '../lib/crypto';
import type { Limiter } from '../lib/limiter';
import { hashQueryCode, normaliseQueryCode, normaliseRef, REF_PATTERN } from './codes';
import { daysLeft } from './deadlines';
import { lookupRules } from './limits';
import { itemOfRow, itemPathColumns } from '../db/item-label';

export interface PublicFeedbackView {
  ref: string;
  status: (typeof feedback.$inferSelect)['status'];
  kind: (typeof feedback.$inferSelect)['kind'];
  content: string;
  anonymous: boolean;
  notice: { slug: string; title: string };
  item: { id: number; fullLabel: string; title: string } | null;
  receivedAt: number;
  acknowledgeBy: string;
  replyBy: string;
  replyDaysLeft: number;
  acceptedAt: number | null;
  repliedAt: number | null;
  closedAt: number | null;
  reply: string | null;
  rating: number | null;
  canRate: boolean;
  timeline: Array<{ at: number; type: string; toStatus: string | null; text: string | null }>;
}

export type TrackResult =
  | { ok: true; feedback: PublicFeedbackView; id: number }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'too_many_attempts'; retryAfterMs: number };

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
): Promise<TrackResult> {
  const ref = normaliseRef(asked.ref);
  const rules = lookupRules(REF_PATTERN.test(ref) ? ref : 'malformed', asked.client, limits.perReference, limits.perClient);
  const verdict = await limiter.take(rules, now);
  if (!verdict.ok) return { ok: false, reason: 'too_many_attempts', retryAfterMs: verdict.retryAfterMs };
  if (!REF_PATTERN.test(ref)) return { ok: false, reason: 'not_found' };

  const row = await db
    .select({ f: feedback, noticeSlug: notices.slug, noticeTitle: notices.title, ...itemPathColumns })
    .from(feedback)
    .innerJoin(notices, eq(notices.id, feedback.noticeId))
    .leftJoin(items, eq(items.id, feedback.itemId))
    .where(eq(feedback.ref, ref))
    .get();
  const code = normaliseQueryCode(asked.code);
  const valid = row !== undefined && code.length > 0 && constantTimeEqual(await hashQueryCode(ref, code), row.f.queryCodeHash);
  if (!valid) return { ok: false, reason: 'not_found' };
  await limiter.giveBack(rules, now);

  const f = row.f;
  const events = await db
    .select({ at: feedbackEvents.at, type: feedbackEvents.type, toStatus: feedbackEvents.toStatus, text: feedbackEvents.text })
    .from(feedbackEvents)
    .where(and(eq(feedbackEvents.feedbackId, f.id), eq(feedbackEvents.public, true)))
    .orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id));

  return {
    ok: true,
    id: f.id,
    feedback: {
      ref: f.ref,
      status: f.status,
      kind: f.kind,
      content: f.content,
      anonymous: f.anonymous,
      notice: { slug: row.noticeSlug, title: row.noticeTitle },
      item: itemOfRow(f.itemId, row),
      receivedAt: f.receivedAt,
      acknowledgeBy: f.acknowledgeBy,
      replyBy: f.replyBy,
      replyDaysLeft: daysLeft(f.replyBy, now),
      acceptedAt: f.acceptedAt,
      repliedAt: f.repliedAt,
      closedAt: f.closedAt,
      reply: f.reply,
      rating: f.rating,
      canRate: (f.status === 'replied' || f.status === 'closed') && f.rating === null,
      timeline: events,
    },
  };
}
