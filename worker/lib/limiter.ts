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

export interface Limiter {
  /**
   * Counts one hit against every rule and allows it only if each rule still had
   * room. Atomic: of any number of parallel takes of one rule, at most `limit`
   * are allowed in a window. Refused hits count too, so a flood stays refused.
   */
  take(rules: readonly LimitRule[], now: number): Promise<LimitVerdict>;
  /** Takes one hit back: an attempt that succeeded, or one that stored nothing. */
  giveBack(rules: readonly LimitRule[], now: number): Promise<void>;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
