/**
 * Hash routing: `#/feedback/7`, `#/inbox?status=open`. The path and the query
 * live in the fragment, so the worker serves one page for the whole console and
 * a filtered inbox can be bookmarked or shared between colleagues.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  path: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const at = raw.indexOf('?');
  const path = (at < 0 ? raw : raw.slice(0, at)) || '/';
  return { path, query: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
}

/** `#/path?k=v…`, leaving out empty values. */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(path: string, query?: Record<string, string | undefined>, { replace = false } = {}): void {
  const next = href(path, query);
  if (next === location.hash) return;
  if (replace) {
    history.replaceState(history.state, '', next);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else location.hash = next;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** The named segments of `pattern` (`/feedback/:id`) in `path`, or null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = decodeURIComponent(got[i]!);
    if (w.startsWith(':')) {
      if (g === '') return null;
      params[w.slice(1)] = g;
    } else if (w !== g) return null;
  }
  return params;
}

/** The query as a plain record, for filters. */
export function queryRecord(query: URLSearchParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = query.get(k);
    if (v) out[k] = v;
  }
  return out;
}
