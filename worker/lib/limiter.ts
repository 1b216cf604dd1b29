/**
 * The rate limiter as the routes see it. The SQL counter (worker/db/rate-limits.ts)
 * implements it on D1 and on SQLite alike; a host with another store (the Workers
 * Rate Limiting binding, Redis) can implement the same two calls.
 */

/** At most `limit` hits per `windowMs` under `key`. */
export interface LimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

export type LimitVerdict = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * A verdict that also says what is left: after an allowed hit, how many more the
 * fullest rule still allows in its window, and when that window ends. The count is
 * the one the hit itself saw, so it is as exact as the limit (parallel hits each
 * see their own).
 */
export type CountedVerdict = { ok: true; remaining: number; resetAfterMs: number } | { ok: false; retryAfterMs: number };

export interface Limiter {
  /**
   * Counts one hit against every rule and allows it only if each rule still had
   * room. Atomic: of any number of parallel takes of one rule, at most `limit`
   * are allowed in a window. Refused hits count too, so a flood stays refused.
   */
  take(rules: readonly LimitRule[], now: number): Promise<LimitVerdict>;
  /** The same hit as `take`, reporting what is left (for "还可以再试 N 次"). */
  takeCounted(rules: readonly LimitRule[], now: number): Promise<CountedVerdict>;
  /** Takes one hit back: an attempt that succeeded, or one that stored nothing. */
  giveBack(rules: readonly LimitRule[], now: number): Promise<void>;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
