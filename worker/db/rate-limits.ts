/**
 * Fixed-window counters kept in the database, so that every isolate of the
 * worker sees the same count.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { rateLimits } from './schema';

/** The number of hits recorded in the current window for `key`. */
export async function countHits(db: Db, key: string, windowMs: number, now: number): Promise<number> {
  const row = await db.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
  if (!row || row.windowStart + windowMs <= now) return 0;
  return row.count;
}

/** Records one hit and returns the count in the current window, the hit included. */
export async function recordHit(db: Db, key: string, windowMs: number, now: number): Promise<number> {
  const row = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} + ${windowMs} <= ${now} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} + ${windowMs} <= ${now} then ${now} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count })
    .get();
  return row?.count ?? 1;
}
