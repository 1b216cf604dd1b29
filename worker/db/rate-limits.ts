/**
 * Fixed-window counters kept in the database, so that every isolate of the
 * worker (and every process of a Node host) sees the same count. Each rule is
 * counted by one upsert that returns the new count: SQLite runs it as one
 * statement, so parallel requests each see a different count and no more than
 * the limit are allowed.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { LimitRule, Limiter } from '../lib/limiter';
import type { Db } from './client';
import { rateLimits } from './schema';

function countHit(db: Db, rule: LimitRule, now: number) {
  const expired = sql`${rateLimits.windowStart} + ${rule.windowMs} <= ${now}`;
  return db
    .insert(rateLimits)
    .values({ key: rule.key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${now} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
}

function uncountHit(db: Db, rule: LimitRule, now: number) {
  return db
    .update(rateLimits)
    .set({ count: sql`max(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.key, rule.key), gt(sql`${rateLimits.windowStart} + ${rule.windowMs}`, now)));
}

/** The limiter over the `rate_limits` table. */
export function sqlLimiter(db: Db): Limiter {
  return {
    async take(rules, now) {
      if (rules.length === 0) return { ok: true };
      const [first, ...rest] = rules.map((r) => countHit(db, r, now));
      const results = await db.batch([first!, ...rest]);
      let retryAfterMs = 0;
      results.forEach(([row], i) => {
        const rule = rules[i]!;
        if (row && row.count > rule.limit) retryAfterMs = Math.max(retryAfterMs, row.windowStart + rule.windowMs - now);
      });
      return retryAfterMs > 0 ? { ok: false, retryAfterMs } : { ok: true };
    },
    async giveBack(rules, now) {
      if (rules.length === 0) return;
      const [first, ...rest] = rules.map((r) => uncountHit(db, r, now));
      await db.batch([first!, ...rest]);
    },
  };
}
