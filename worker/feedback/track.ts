/**
 * What the submitter sees when they look up their feedback with its reference and
 * query code. A wrong code looks exactly like an unknown reference, and failed
 * attempts are counted per reference (known or not) so codes cannot be guessed.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { countHits, recordHit } from '../db/rate-limits';
import { feedback, feedbackEvents, items, notices } from '../db/schema';
import { constantTimeEqual } from '../lib/crypto';
import { hashQueryCode, normaliseQueryCode, normaliseRef, REF_PATTERN } from './codes';
import { daysLeft } from './deadlines';

const HOUR = 3_600_000;

export interface PublicFeedbackView {
  ref: string;
  status: (typeof feedback.$inferSelect)['status'];
  kind: (typeof feedback.$inferSelect)['kind'];
  content: string;
  anonymous: boolean;
  notice: { slug: string; title: string };
  item: { id: number; label: string; title: string } | null;
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

export type TrackResult = { ok: true; feedback: PublicFeedbackView; id: number } | { ok: false; reason: 'not_found' | 'too_many_attempts' };

export async function lookUpFeedback(db: Db, refInput: string, codeInput: string, now: number, attemptsPerHour: number): Promise<TrackResult> {
  const ref = normaliseRef(refInput);
  if (!REF_PATTERN.test(ref)) return { ok: false, reason: 'not_found' };
  const limitKey = `track:${ref}`;
  if ((await countHits(db, limitKey, HOUR, now)) >= attemptsPerHour) return { ok: false, reason: 'too_many_attempts' };

  const row = await db
    .select({ f: feedback, noticeSlug: notices.slug, noticeTitle: notices.title, itemLabel: items.label, itemTitle: items.title })
    .from(feedback)
    .innerJoin(notices, eq(notices.id, feedback.noticeId))
    .leftJoin(items, eq(items.id, feedback.itemId))
    .where(eq(feedback.ref, ref))
    .get();
  const code = normaliseQueryCode(codeInput);
  const valid = row !== undefined && code.length > 0 && constantTimeEqual(await hashQueryCode(ref, code), row.f.queryCodeHash);
  if (!valid) {
    await recordHit(db, limitKey, HOUR, now);
    return { ok: false, reason: 'not_found' };
  }

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
      item: f.itemId !== null && row.itemLabel !== null ? { id: f.itemId, label: row.itemLabel, title: row.itemTitle ?? '' } : null,
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
