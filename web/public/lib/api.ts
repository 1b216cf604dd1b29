/**
 * Calls to the public API. Failures are sorted into what the page must do:
 * show the person's errors, or keep the submission and try again later.
 */
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
}

export type Outcome<T> =
  | { ok: true; value: T }
  /** The server answered no: the person must change something. */
  | { ok: false; retry: false; status: number; error: ErrorBody['error'] }
  /** No answer, or a passing fault: keep it and try again. */
  | { ok: false; retry: true };

async function request<T>(path: string, init: RequestInit): Promise<Outcome<T>> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    return { ok: false, retry: true };
  }
  if (res.ok) return { ok: true, value: (await res.json()) as T };
  if (res.status >= 500 || res.status === 408) return { ok: false, retry: true };
  try {
    return { ok: false, retry: false, status: res.status, error: ((await res.json()) as ErrorBody).error };
  } catch {
    return { ok: false, retry: true };
  }
}

export function postFeedback(body: FeedbackBody, idempotencyKey: string) {
  return request<Receipt>('/api/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
}

export function getFeedback(ref: string, code: string) {
  return request<PublicFeedbackView>(`/api/feedback/${encodeURIComponent(ref)}`, { headers: { 'x-query-code': code } });
}

export function postRating(ref: string, code: string, rating: number) {
  return request<{ rating: number }>(`/api/feedback/${encodeURIComponent(ref)}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-query-code': code },
    body: JSON.stringify({ rating }),
  });
}
