/**
 * What the submitter may do after a reply, beside rating it: add a follow-up message
 * (补充说明), or ask for a review (请求复查). Either puts the feedback back in front of
 * staff: `attention` says which, `attentionAt` since when, `attentionBy` by which day
 * staff should answer. Staff clear it when they answer (staff/attention.ts).
 *
 * 信访工作条例 第三十五条: "信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求
 * …复查。收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见". Both periods
 * are counted as every deadline here is (deadlines.ts): from the day after, on the
 * Asia/Shanghai calendar, to the end of the last day. So a review may be asked for up
 * to and including shanghaiDate(repliedAt) + 30, and is to be answered by
 * shanghaiDate(asked) + 30. A review is asked for once per feedback.
 *
 * A follow-up has no statutory period. It is answered within ACKNOWLEDGE_DAYS (15 by
 * default): a follow-up is new information on a matter already handled, and 第二十三条's
 * 15 days to tell the submitter what becomes of what they sent is the nearest period
 * the regulation sets. It counts from the follow-up that raised the attention: later
 * follow-ups before staff answer keep the earlier day, as the oldest unanswered message
 * sets the pace. A review request, being the graver of the two, replaces a pending
 * follow-up's flag and deadline; a follow-up never replaces a pending review's.
 *
 * Each write is one batch guarded by the state it was decided on (as rating.ts): the
 * update, then its public event only if the update wrote the row.
 */
import { and, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { insertEventWhere } from '../db/feedback-events';
import { feedback, feedbackEvents } from '../db/schema';
import type { DeadlineConfig } from './deadlines';
import { AFTER_REPLY, attentionDeadline, canFollowUp, FOLLOW_UP_EVENT, replied, REVIEW_REQUEST_EVENT, reviewState, type AfterReplyFacts, type AttentionKind } from './after-reply-rules';

/** What was recorded, for whoever must hear of it (notifications hook in where the routes call `attentionRaised`). */
export interface AttentionRaised {
  kind: AttentionKind;
  feedbackId: number;
  ref: string;
  at: number;
  /** The day staff should answer by: the flag's, which an earlier pending request may have set. */
  attentionBy: string;
}

export type AfterReplyOutcome =
  | { ok: true; raised: AttentionRaised }
  /**
   * not_replied: nothing to follow up or review (no reply, or gone); expired: the 30 days
   * of 第三十五条 have passed; already_requested: a review was asked for before;
   * too_many: FOLLOW_UPS_MAX follow-ups were sent.
   */
  | { ok: false; reason: 'not_replied' | 'expired' | 'already_requested' | 'too_many' };

const ROUNDS = 3;

/** How many follow-ups a feedback has had: its public follow-up events. */
export async function followUpCount(db: Db, id: number): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(feedbackEvents)
    .where(and(eq(feedbackEvents.feedbackId, id), eq(feedbackEvents.type, FOLLOW_UP_EVENT)))
    .get();
  return row?.n ?? 0;
}

interface Current extends AfterReplyFacts {
  ref: string;
  attention: AttentionKind | null;
  attentionAt: number | null;
  attentionBy: string | null;
  updatedAt: number;
}

async function current(db: Db, id: number): Promise<Current | undefined> {
  return db
    .select({
      ref: feedback.ref, status: feedback.status, repliedAt: feedback.repliedAt, reviewRequestedAt: feedback.reviewRequestedAt,
      attention: feedback.attention, attentionAt: feedback.attentionAt, attentionBy: feedback.attentionBy, updatedAt: feedback.updatedAt,
    })
    .from(feedback)
    .where(eq(feedback.id, id))
    .get();
}

/** The row still as read: same version, still replied. */
function asRead(id: number, f: Current): SQL {
  return and(eq(feedback.id, id), eq(feedback.updatedAt, f.updatedAt), inArray(feedback.status, [...AFTER_REPLY]), isNotNull(feedback.repliedAt))!;
}

/** The statement just before wrote exactly this row. */
const written = (id: number) => and(eq(feedback.id, id), sql`changes() = 1`);

/** 补充说明: the text goes on the public timeline, and the feedback is flagged for staff. */
export async function addFollowUp(db: Db, id: number, text: string, now: number, config: Pick<DeadlineConfig, 'acknowledgeDays'>): Promise<AfterReplyOutcome> {
  const message = text.trim();
  for (let round = 0; round < ROUNDS; round++) {
    const f = await current(db, id);
    if (!f || !replied(f)) return { ok: false, reason: 'not_replied' };
    const count = await followUpCount(db, id);
    if (!canFollowUp(f, count)) return { ok: false, reason: 'too_many' };
    // A pending flag (either kind) keeps its kind, time and deadline; otherwise the follow-up raises one.
    const flag = f.attention === null
      ? { attention: 'follow_up' as const, attentionAt: now, attentionBy: attentionDeadline('follow_up', now, config) }
      : { attention: f.attention, attentionAt: f.attentionAt, attentionBy: f.attentionBy };
    const updatedAt = Math.max(now, f.updatedAt + 1);
    const [updated] = await db.batch([
      db
        .update(feedback)
        .set({ ...flag, updatedAt })
        // The count is checked in the statement too, so that parallel follow-ups cannot pass the cap together.
        .where(and(asRead(id, f), sql`(select count(*) from ${feedbackEvents} where ${feedbackEvents.feedbackId} = ${id} and ${feedbackEvents.type} = ${FOLLOW_UP_EVENT}) = ${count}`))
        .returning({ id: feedback.id }),
      insertEventWhere(db, written(id), { at: now, type: FOLLOW_UP_EVENT, public: true, text: message }),
    ]);
    if (updated.length > 0) return { ok: true, raised: { kind: 'follow_up', feedbackId: id, ref: f.ref, at: now, attentionBy: flag.attentionBy! } };
  }
  return { ok: false, reason: 'not_replied' };
}

/** 请求复查, once per feedback and within 30 days of the reply (第三十五条); the reason goes on the public timeline. */
export async function requestReview(db: Db, id: number, reason: string, now: number): Promise<AfterReplyOutcome> {
  const text = reason.trim();
  for (let round = 0; round < ROUNDS; round++) {
    const f = await current(db, id);
    if (!f) return { ok: false, reason: 'not_replied' };
    const state = reviewState(f, now);
    if (state.state === 'requested') return { ok: false, reason: 'already_requested' };
    if (state.state === 'none') return { ok: false, reason: 'not_replied' };
    if (state.state === 'expired') return { ok: false, reason: 'expired' };
    const attentionBy = attentionDeadline('review', now);
    const updatedAt = Math.max(now, f.updatedAt + 1);
    const [updated] = await db.batch([
      db
        .update(feedback)
        .set({ attention: 'review', attentionAt: now, attentionBy, reviewRequestedAt: now, updatedAt })
        .where(and(asRead(id, f), isNull(feedback.reviewRequestedAt)))
        .returning({ id: feedback.id }),
      insertEventWhere(db, written(id), { at: now, type: REVIEW_REQUEST_EVENT, public: true, text }),
    ]);
    if (updated.length > 0) return { ok: true, raised: { kind: 'review', feedbackId: id, ref: f.ref, at: now, attentionBy } };
  }
  return { ok: false, reason: 'not_replied' };
}
