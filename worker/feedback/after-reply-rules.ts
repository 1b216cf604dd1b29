/**
 * The rules of a follow-up (补充说明) and a review request (请求复查), as plain values and
 * functions: the periods, the text's bounds, and what the submitter may do now. The
 * writes are in after-reply.ts; this module is shared with the pages (no database here).
 */
import { addDays, DEFAULT_DEADLINES, shanghaiDate, type DeadlineConfig } from './deadlines';
import { charCount, CONTENT_MAX, CONTENT_MIN, hasUnprintable, isBlank, visibleCount } from './rules';

/** 第三十五条: the submitter's period to ask for a review, and the office's to answer it. */
export const REVIEW_REQUEST_DAYS = 30;
export const REVIEW_ANSWER_DAYS = 30;
/** The same bounds as a feedback's content: a follow-up is more of it. */
export const AFTER_REPLY_TEXT_MIN = CONTENT_MIN;
export const AFTER_REPLY_TEXT_MAX = CONTENT_MAX;
/**
 * Follow-ups per feedback. Each one flags the feedback for staff again; past this many a
 * new matter belongs in a new feedback (which the form's limits then govern), not in an
 * endless thread on an answered one.
 */
export const FOLLOW_UPS_MAX = 10;

export type AttentionKind = 'follow_up' | 'review';
/** The timeline's event types for what the submitter sent (public: the submitter sees them in 办理记录). */
export const FOLLOW_UP_EVENT = 'follow_up';
export const REVIEW_REQUEST_EVENT = 'review_request';

export const AFTER_REPLY = ['replied', 'closed'] as const;

export interface AfterReplyFacts {
  status: string;
  repliedAt: number | null;
  reviewRequestedAt: number | null;
}

/**
 * The review's state for the tracking page: `none` before a reply; `open` until its
 * last day; `expired` after it; `requested` once asked for.
 */
export type ReviewState =
  | { state: 'none' }
  | { state: 'open'; lastDay: string }
  | { state: 'expired'; lastDay: string }
  | { state: 'requested'; at: number };

/** The last day a review may be asked for: the reply's day (Asia/Shanghai) + 30. */
export function reviewLastDay(repliedAt: number): string {
  return addDays(shanghaiDate(repliedAt), REVIEW_REQUEST_DAYS);
}

export function reviewState(f: AfterReplyFacts, now: number): ReviewState {
  if (f.reviewRequestedAt !== null) return { state: 'requested', at: f.reviewRequestedAt };
  if (!replied(f)) return { state: 'none' };
  const lastDay = reviewLastDay(f.repliedAt!);
  return shanghaiDate(now) <= lastDay ? { state: 'open', lastDay } : { state: 'expired', lastDay };
}

export function replied(f: Pick<AfterReplyFacts, 'status' | 'repliedAt'>): boolean {
  return (AFTER_REPLY as readonly string[]).includes(f.status) && f.repliedAt !== null;
}

/** Whether a follow-up may be added now: after a reply, while fewer than FOLLOW_UPS_MAX were sent. */
export function canFollowUp(f: Pick<AfterReplyFacts, 'status' | 'repliedAt'>, followUps: number): boolean {
  return replied(f) && followUps < FOLLOW_UPS_MAX;
}

/** By which day staff should answer: a review per 第三十五条, a follow-up within ACKNOWLEDGE_DAYS (see above). */
export function attentionDeadline(kind: AttentionKind, now: number, config?: Pick<DeadlineConfig, 'acknowledgeDays'>): string {
  return addDays(shanghaiDate(now), kind === 'review' ? REVIEW_ANSWER_DAYS : (config?.acknowledgeDays ?? DEFAULT_DEADLINES.acknowledgeDays));
}

export type AfterReplyTextRule = 'required' | 'tooShort' | 'tooLong' | 'invalidChars';

/** The one rule a follow-up's text or a review's reason breaks, if any (trimmed first; text that shows nothing is not given). */
export function afterReplyTextRule(text: string): AfterReplyTextRule | null {
  const t = text.trim();
  if (isBlank(t)) return 'required';
  if (hasUnprintable(t)) return 'invalidChars';
  if (visibleCount(t) < AFTER_REPLY_TEXT_MIN) return 'tooShort';
  if (charCount(t) > AFTER_REPLY_TEXT_MAX) return 'tooLong';
  return null;
}

