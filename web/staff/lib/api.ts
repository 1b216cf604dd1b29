/**
 * The console's one way to reach the API: same-origin fetch with the session
 * cookie, JSON both ways, and one result shape for every call. The browser adds
 * Origin to every non-GET request itself; the staff API also wants JSON on every
 * one of them, DELETE included, so a body is always sent (photo uploads, which are
 * multipart, are the one exception).
 *
 * The session listens here: a 401 means the session has ended, a 403
 * `password_change_required` that the password must be changed first, and any
 * answer that the session is alive (the idle timer restarts).
 */
import type { ErrorBody } from '../../../worker/http/errors';
import { consoleMessages } from './messages';

export type ApiError = ErrorBody['error'];
export type Result<T> = { ok: true; status: number; value: T } | { ok: false; status: number; error: ApiError };
export type ApiEvent = 'answered' | 'unauthenticated' | 'password_change_required';

const listeners = new Set<(event: ApiEvent, path: string) => void>();

export function onApiEvent(listener: (event: ApiEvent, path: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const emit = (event: ApiEvent, path: string) => listeners.forEach((l) => l(event, path));

async function request<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
  let res: Response;
  // A photo upload is multipart: the browser writes its content type, with the boundary.
  const multipart = body instanceof FormData;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: method === 'GET' || multipart ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : multipart ? body : JSON.stringify(body ?? {}),
    });
  } catch {
    return { ok: false, status: 0, error: { code: 'network', message: consoleMessages.network } };
  }
  if (res.status === 401) emit('unauthenticated', path);
  else emit('answered', path);
  if (res.status === 204) return { ok: true, status: 204, value: undefined as T };
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return { ok: false, status: res.status, error: { code: 'internal', message: consoleMessages.serverFault } };
  }
  if (res.ok) return { ok: true, status: res.status, value: json as T };
  const error = (json as Partial<ErrorBody>).error ?? { code: 'internal', message: consoleMessages.serverFault };
  if (error.code === 'password_change_required') emit('password_change_required', path);
  return { ok: false, status: res.status, error };
}

export const api = {
  get: <T>(path: string, query?: Record<string, string | undefined>) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** POST of a multipart form (photos): the one call that is not JSON. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};

/** `path?k=v…` without the empty values. */
export function withQuery(path: string, query?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A result with nothing in it, for a resource that has nothing to load yet (no notice chosen). */
export function nothing(): Promise<Result<null>> {
  return Promise.resolve({ ok: true, status: 200, value: null });
}
