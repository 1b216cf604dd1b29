/**
 * What the tracking page shows, as the server hands it over when it answers the
 * form sent without scripts (POST /track, POST /track/rating; worker/routes/track-page.ts)
 * and as the page keeps it once scripts run: one shape, so both render the same.
 */
import type { NoticeContact } from '../../../worker/feedback/contact-help';
import type { Rating } from '../../../worker/feedback/rating';
import type { PublicFeedbackView } from '../../../worker/feedback/track';
import { trackMessages } from '../../../worker/track-messages';
import type { FormError } from '../components/error-summary';

/** A failed look-up: what went wrong, what is left, and whether to say whom to call. */
export interface LookupProblem {
  message: string;
  detail?: string;
  help: boolean;
}

/** The rating's step: choosing, or confirming a choice (with 为什么 after 不满意). */
export type RatingStep = { step: 'choose' } | { step: 'confirm'; rating: Rating; comment: string };

export interface TrackState {
  /** The offices' phone numbers, for 忘记查询码 (worker/feedback/contact-help.ts chooses). */
  contacts: NoticeContact[];
  ref?: string;
  code?: string;
  result?: PublicFeedbackView;
  /** A field left blank, a rating out of range, a comment too long: the error summary. */
  errors?: FormError[];
  problem?: LookupProblem;
  rating?: RatingStep;
  /** What became of a rating just sent: recorded, or refused and why. */
  ratingNotice?: { ok: boolean; message: string };
  /**
   * A follow-up or review request sent without scripts: the text as typed (kept when refused),
   * and what became of it.
   */
  afterReply?: { kind: 'follow_up' | 'review'; text: string; notice?: { ok: boolean; message: string } };
}

/** The words for a reference not found (or a wrong code): the tries left, and whom to call. */
export function notFoundProblem(message: string, triesLeft: number, resetAfterMs: number): LookupProblem {
  return { message, detail: trackMessages.triesLeft(triesLeft, Math.ceil(resetAfterMs / 60_000)), help: true };
}
