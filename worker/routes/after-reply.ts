/**
 * A follow-up (补充说明) or a review request (请求复查) as both doors take it: the API
 * (POST /api/feedback/:ref/follow-up and /review, the code in X-Query-Code) and the
 * tracking page's forms without scripts (POST /track/follow-up and /track/review, the
 * code in the body). The text's rule and its message, the domain's write, the refusal's
 * words, and `attentionRaised`: the one place that hears of every follow-up and review
 * request recorded, whichever door it came through.
 */
import type { Context } from 'hono';
import { afterReplyMessages as m } from '../after-reply-messages';
import type { AppEnv } from '../env';
import { deadlineConfig } from '../feedback/deadlines';
import { addFollowUp, requestReview, type AfterReplyOutcome, type AttentionRaised } from '../feedback/after-reply';
import { afterReplyTextRule, reviewLastDay, type AttentionKind } from '../feedback/after-reply-rules';
import { configuredOrigin } from '../http/origin';
import { notifyAttention } from '../notify/enqueue';
import { deliverInBackground } from './notify-background';

/** The field each kind's text is sent in. */
export const TEXT_FIELD: Record<AttentionKind, 'text' | 'reason'> = { follow_up: 'text', review: 'reason' };

/** The per-field message for a text that breaks a rule, or null when it is fine. */
export function textProblem(kind: AttentionKind, text: string): string | null {
  const rule = afterReplyTextRule(text);
  if (rule === null) return null;
  return (kind === 'review' ? m.reviewReason : m.followUpText)[rule];
}

/**
 * Called once for each follow-up or review request recorded, after it is stored. Staff
 * learn of it from the inbox's flag, and the department's and the office's notification
 * targets are told (notify/enqueue.ts), delivered in the background. The message's link is
 * at PUBLIC_ORIGIN only, else none (as the daily job's): a member of the public sent this
 * request, and on the Node host its Host header is theirs to write, so that a link built
 * from it would put their address into the office's chat groups.
 */
export async function attentionRaised(c: Context<AppEnv>, raised: AttentionRaised): Promise<void> {
  const written = await notifyAttention(c.var.db, raised.feedbackId, raised.kind, raised.at, raised.attentionBy, configuredOrigin(c.env.PUBLIC_ORIGIN));
  if (written > 0) deliverInBackground(c);
}

/** Records it for feedback `id` (already found by its code), and tells `attentionRaised`. */
export async function recordAfterReply(c: Context<AppEnv>, kind: AttentionKind, id: number, text: string, now: number): Promise<AfterReplyOutcome> {
  const outcome = kind === 'review' ? await requestReview(c.var.db, id, text, now) : await addFollowUp(c.var.db, id, text, now, deadlineConfig(c.env));
  if (outcome.ok) await attentionRaised(c, outcome.raised);
  return outcome;
}

/** The code and words of a refusal (409). */
export function refusal(outcome: Extract<AfterReplyOutcome, { ok: false }>, repliedAt: number | null): { code: string; message: string } {
  switch (outcome.reason) {
    case 'already_requested':
      return { code: 'review_already_requested', message: m.alreadyRequested };
    case 'expired':
      return { code: 'review_expired', message: m.expired(reviewLastDay(repliedAt ?? 0)) };
    case 'too_many':
      return { code: 'too_many_follow_ups', message: m.tooManyFollowUps };
    case 'not_replied':
      return { code: 'not_replied', message: m.notReplied };
  }
}
