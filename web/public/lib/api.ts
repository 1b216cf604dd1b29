/**
 * Calls to the public API. Failures are sorted into what the page must do:
 * show the person's errors, or keep the submission and try again later.
 */
import type { Challenge } from 'altcha-lib/v1/types';
import type { ErrorBody } from '../../../worker/http/errors';
import type { Receipt } from '../../../worker/feedback/submit';
import type { PublicFeedbackView } from '../../../worker/feedback/track';

export interface FeedbackBody {
  noticeSlug: string;
  itemId: number | null;
  kind: string;
  content: string;
  anonymous: boolean;
  name: string | null;
  phone: string | null;
  email: string | null;
  consent: boolean;
  /** The honeypot: people never see it, so anything in it was put there by a program. */
  website: string;
}

export type Outcome<T> =
  | { ok: true; value: T }
  /** The server answered no (with, on a 429, how many seconds to wait). */
  | { ok: false; retry: false; status: number; error: ErrorBody['error']; retryAfter?: number }
  /** No answer (`status` absent: the request may never have left the phone), or a passing fault: keep it and try again. */
  | { ok: false; retry: true; status?: number };

/**
 * `timeoutMs`: give up waiting after that long, as on a network that takes a request and never
 * answers; the outcome is then the same as no answer (`retry`). A timer and an AbortController
 * rather than AbortSignal.timeout, which older phone browsers lack.
 */
export async function request<T>(path: string, init: RequestInit, timeoutMs?: number): Promise<Outcome<T>> {
  let res: Response;
  const abort = timeoutMs === undefined ? null : new AbortController();
  const timer = abort && setTimeout(() => abort.abort(), timeoutMs);
  try {
    res = await fetch(path, abort ? { ...init, signal: abort.signal } : init);
  } catch {
    return { ok: false, retry: true };
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
  if (res.ok) return { ok: true, value: (await res.json()) as T };
  if (res.status >= 500 || res.status === 408) return { ok: false, retry: true, status: res.status };
  // Retry-After in seconds, as the API sends it (RFC 9110 also allows a date, which the API never sends).
  const retryAfter = Number(res.headers.get('retry-after')) || undefined;
  try {
    return { ok: false, retry: false, status: res.status, error: ((await res.json()) as ErrorBody).error, retryAfter };
  } catch {
    return { ok: false, retry: true, status: res.status };
  }
}

export function getChallenge() {
  return request<Challenge>('/api/feedback/challenge', { cache: 'no-store' });
}

/** `proof` is the X-Proof header (lib/proof.ts): a header, so a resend with a fresh proof is the same request. */
export function postFeedback(body: FeedbackBody, idempotencyKey: string, proof: string) {
  return request<Receipt>('/api/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, 'x-proof': proof },
    body: JSON.stringify(body),
  });
}

/** A 404 also says how many tries are left (TrackNotFoundBody): read `error.triesLeft` when `status` is 404. */
/** How long a look-up may go unanswered before the page says the network failed. */
export const LOOK_UP_TIMEOUT_MS = 20_000;

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
