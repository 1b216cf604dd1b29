/**
 * Calls to the public API. Failures are sorted into what the page must do:
 * show the person's errors, or keep the submission and try again later. Every page loads this
 * (the outbox sends from any page); the tracking page's calls are in track-api.ts, and the
 * challenge's in proof.ts, so that no other page's first view carries them.
 */
import type { ErrorBody } from '../../../worker/http/errors';
import type { Receipt } from '../../../worker/feedback/submit';

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

/** `proof` is the X-Proof header (lib/proof.ts): a header, so a resend with a fresh proof is the same request. */
export function postFeedback(body: FeedbackBody, idempotencyKey: string, proof: string) {
  return request<Receipt>('/api/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, 'x-proof': proof },
    body: JSON.stringify(body),
  });
}
