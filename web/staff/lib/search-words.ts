/**
 * Search words travel in no URL (worker/staff/search-token.ts): the console trades them once for
 * a token, POST /api/staff/search with the words in its body, and asks the inbox and the export
 * with `qs=<token>` instead of `q=<words>`. Tokens are kept in this page's memory until shortly
 * before they expire; one the server no longer opens (another member of staff signed in here,
 * a new deployment secret) is traded again once.
 */
import { api, type Result } from './api';

type Filters = Record<string, string>;
interface Token {
  token: string;
  expiresAt: number;
}

/** Tokens by the words they seal. */
const tokens = new Map<string, Token>();
const TOKENS_MAX = 50;
/** A token this close to its end is traded again: a page read with it must not be refused. */
const MARGIN_MS = 10 * 60_000;

/** The filters as sent, the search words sealed, when a token for them is at hand; else null. */
export function sealedNow(filters: Filters): Filters | null {
  const q = filters.q;
  if (!q) return filters;
  const held = tokens.get(q);
  if (!held || held.expiresAt - MARGIN_MS <= Date.now()) return null;
  const { q: _words, ...rest } = filters;
  return { ...rest, qs: held.token };
}

/** The filters as sent, the search words sealed, trading them for a token if none is at hand. */
export async function sealed(filters: Filters): Promise<Result<Filters>> {
  const ready = sealedNow(filters);
  if (ready) return { ok: true, status: 200, value: ready };
  const r = await api.post<Token>('/api/staff/search', { q: filters.q });
  if (!r.ok) return r;
  if (tokens.size >= TOKENS_MAX) tokens.clear();
  tokens.set(filters.q!, r.value);
  return { ok: true, status: 200, value: sealedNow(filters)! };
}

/** Runs `ask` with the filters sealed; a token refused is forgotten and the words traded again, once. */
export async function withSealedSearch<T>(filters: Filters, ask: (sent: Filters) => Promise<Result<T>>): Promise<Result<T>> {
  for (let attempt = 0; ; attempt++) {
    const s = await sealed(filters);
    if (!s.ok) return s;
    const r = await ask(s.value);
    if (r.ok || attempt > 0 || !filters.q || r.status !== 422 || !r.error.fields?.qs) return r;
    tokens.delete(filters.q);
  }
}
