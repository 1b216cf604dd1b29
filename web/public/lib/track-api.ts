/**
 * The tracking page's calls to the public API: a look-up and a rating. Apart from api.ts, which
 * every page loads, so that the other pages' first view does not carry them.
 */
import type { PublicFeedbackView } from '../../../worker/feedback/track';
import { request } from './api';

/** How long a look-up may go unanswered before the page says the network failed. */
export const LOOK_UP_TIMEOUT_MS = 20_000;

/** A 404 also says how many tries are left (TrackNotFoundBody): read `error.triesLeft` when `status` is 404. */
export function getFeedback(ref: string, code: string) {
  return request<PublicFeedbackView>(`/api/feedback/${encodeURIComponent(ref)}`, { headers: { 'x-query-code': code } }, LOOK_UP_TIMEOUT_MS);
}

/** Rates the reply, or changes the rating within a day; answers the feedback as it now is. */
export function postRating(ref: string, code: string, rating: number, comment: string | null) {
  return request<PublicFeedbackView>(`/api/feedback/${encodeURIComponent(ref)}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-query-code': code },
    body: JSON.stringify({ rating, comment }),
  });
}
