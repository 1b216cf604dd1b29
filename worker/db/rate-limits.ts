/**
 * Fixed-window counters kept in the database, so that every isolate of the
 * worker (and every process of a Node host) sees the same count. Each rule is
 * counted by one upsert that returns the new count: SQLite runs it as one
 * statement, so parallel requests each see a different count and no more than
 * the limit are allowed.
 */
import { and, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { CountedVerdict, LimitRule, Limiter } from '../lib/limiter';
import type { Db } from './client';
import { rateLimits } from './schema';

/**
 * A hit on a counter already there: 1 again once its window has passed, else one more. `windowMs`
 * is the window's length as SQL: a number, or, for a statement counting several rules, an
 * expression that picks the counter's own by its key.
 */
function nextHit(windowMs: SQL | number, now: number) {
  const expired = sql`${rateLimits.windowStart} + ${windowMs} <= ${now}`;
  return {
    target: rateLimits.key,
    set: {
      count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
      windowStart: sql`case when ${expired} then ${now} else ${rateLimits.windowStart} end`,
    },
  };
}

function countHit(db: Db, rule: LimitRule, now: number) {
  return db
    .insert(rateLimits)
    .values({ key: rule.key, windowStart: now, count: 1 })
    .onConflictDoUpdate(nextHit(rule.windowMs, now))
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
}

/**
 * One hit on each of `rules` (at least one) as one statement of a larger batch, counted only where
 * `when` holds (an SQL condition evaluated in the batch's own transaction); each counter's key,
 * count and window as the hit left them. One multi-row upsert rather than one per rule: a
 * submission's batch is sent to a database that runs each statement with a cost of its own.
 * (The SELECT's WHERE is what lets SQLite tell the upsert's ON CONFLICT from a join.)
 */
export function countHitsWhen(db: Db, rules: readonly LimitRule[], now: number, when: SQL) {
  const keys = sql.join(rules.map((r) => sql`(${r.key})`), sql`, `);
  const windowMs = rules.length === 1 ? sql`${rules[0]!.windowMs}` : sql`(case ${rateLimits.key} ${sql.join(rules.map((r) => sql`when ${r.key} then ${r.windowMs}`), sql` `)} end)`;
  return db
    .insert(rateLimits)
    .select(sql`select column1, ${now}, 1 from (values ${keys}) where ${when}`)
    .onConflictDoUpdate(nextHit(windowMs, now))
    .returning({ key: rateLimits.key, count: rateLimits.count, windowStart: rateLimits.windowStart });
}

/** True while every rule's count, as stored now, is within its limit. */
export function withinLimits(rules: readonly LimitRule[]): SQL {
  return and(...rules.map((r) => sql`coalesce((select ${rateLimits.count} from ${rateLimits} where ${rateLimits.key} = ${r.key}), 0) <= ${r.limit}`)) ?? sql`1`;
}

/** The verdict on one hit from each rule's count as the hit saw it. */
export function verdictOf(counted: ReadonlyArray<{ rule: LimitRule; count: number; endsAt: number }>, now: number): CountedVerdict {
  const over = counted.filter((c) => c.count > c.rule.limit);
  if (over.length > 0) return { ok: false, retryAfterMs: Math.max(...over.map((c) => c.endsAt - now)) };
  // The rule with the least room decides what is left, and when more comes.
  const tightest = counted.reduce((a, b) => (b.rule.limit - b.count < a.rule.limit - a.count ? b : a));
  return { ok: true, remaining: tightest.rule.limit - tightest.count, resetAfterMs: tightest.endsAt - now };
}

function uncountHit(db: Db, rule: LimitRule, now: number) {
  return db
    .update(rateLimits)
    .set({ count: sql`max(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.key, rule.key), gt(sql`${rateLimits.windowStart} + ${rule.windowMs}`, now)));
}

/** The limiter over the `rate_limits` table. */
export function sqlLimiter(db: Db): Limiter {
  /** Counts one hit against each rule; each rule's count and window as the hit saw them. */
  async function hit(rules: readonly LimitRule[], now: number) {
    const [first, ...rest] = rules.map((r) => countHit(db, r, now));
    const results = await db.batch([first!, ...rest]);
    return results.map(([row], i) => ({ rule: rules[i]!, count: row?.count ?? 0, endsAt: (row?.windowStart ?? now) + rules[i]!.windowMs }));
  }

  async function takeCounted(rules: readonly LimitRule[], now: number): Promise<CountedVerdict> {
    if (rules.length === 0) return { ok: true, remaining: Number.POSITIVE_INFINITY, resetAfterMs: 0 };
    return verdictOf(await hit(rules, now), now);
  }

  return {
    async take(rules, now) {
      const verdict = await takeCounted(rules, now);
      return verdict.ok ? { ok: true } : verdict;
    },
    takeCounted,
    async giveBack(rules, now) {
      if (rules.length === 0) return;
      const [first, ...rest] = rules.map((r) => uncountHit(db, r, now));
      await db.batch([first!, ...rest]);
    },
  };
}
