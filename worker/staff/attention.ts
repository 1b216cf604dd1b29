/**
 * Staff answering what the submitter sent after the reply: a follow-up (补充说明) or a
 * review request (请求复查, 信访工作条例 第三十五条: 复查意见 within 30 days, 书面答复). The
 * flag (attention, attentionAt, attentionBy) is cleared in one of two ways:
 *
 * - 已处理 (planAttentionAnswer): with an answer, which the submitter reads in 办理记录 (a
 *   public 'answered' event; for a review, the 复查意见), or without one (an internal
 *   'attention_cleared' event, e.g. a follow-up that only said thanks). Audited.
 * - a new reply (a transition to replied, after an admin reopened the feedback): the reply
 *   answers it (`attentionCleared`, added to the transition's changes and its audit entry).
 *
 * The timeline keeps every request and answer; the flag says only what is still unanswered.
 */
import type { FeedbackRow } from '../db/staff-feedback';
import { charCount, hasUnprintable, isBlank } from '../feedback/rules';
import { REPLY_MAX, type FeedbackChanges, type TimelineEvent } from './workflow';

export const ANSWERED_EVENT = 'answered';
export const ATTENTION_CLEARED_EVENT = 'attention_cleared';

export type AttentionFacts = Pick<FeedbackRow, 'attention' | 'attentionAt' | 'attentionBy'>;

/** The changes that clear the flag; none when there is nothing to clear. */
export function attentionCleared(f: AttentionFacts): FeedbackChanges {
  return f.attention === null ? {} : { attention: null, attentionAt: null, attentionBy: null };
}

export type AttentionPlan =
  | { ok: true; changes: FeedbackChanges; event: TimelineEvent }
  | { ok: false; refusal: 'nothingToAnswer' | 'tooLong' | 'invalidChars' };

export function planAttentionAnswer(f: AttentionFacts, text: string | null | undefined): AttentionPlan {
  if (f.attention === null) return { ok: false, refusal: 'nothingToAnswer' };
  // An answer that shows nothing (whitespace, invisible characters) is none: 已处理 without one.
  const answer = isBlank(text) ? null : text!.trim();
  if (answer !== null && hasUnprintable(answer)) return { ok: false, refusal: 'invalidChars' };
  if (answer !== null && charCount(answer) > REPLY_MAX) return { ok: false, refusal: 'tooLong' };
  return {
    ok: true,
    changes: attentionCleared(f),
    event: answer === null
      ? { type: ATTENTION_CLEARED_EVENT, public: false, fromStatus: null, toStatus: null, text: null }
      : { type: ANSWERED_EVENT, public: true, fromStatus: null, toStatus: null, text: answer },
  };
}
