/**
 * Daily housekeeping: state that has stopped mattering is removed, so that tables
 * of counters and sessions do not grow without bound. Every cut-off is later than
 * the point at which the row stopped having any effect.
 */
import { and, isNull, lt, or } from 'drizzle-orm';
import { FAILURE_MEMORY_MS } from '../staff/throttle';
import { IDLE_TIMEOUT_MS } from '../staff/session';
import type { Db } from './client';
import { loginFailures, rateLimits, staffSessions } from './schema';

/** The longest window any rate limit uses (tracking look-ups count per hour). */
const LONGEST_RATE_WINDOW_MS = 3_600_000;

export interface Purged {
  loginFailures: number;
  rateLimits: number;
  sessions: number;
}

export async function purgeStaleState(db: Db, now: number): Promise<Purged> {
  const [failures, limits, sessions] = await db.batch([
    db
      .delete(loginFailures)
      .where(and(lt(loginFailures.lastFailureAt, now - FAILURE_MEMORY_MS), or(isNull(loginFailures.lockedUntil), lt(loginFailures.lockedUntil, now))))
      .returning({ key: loginFailures.key }),
    db.delete(rateLimits).where(lt(rateLimits.windowStart, now - LONGEST_RATE_WINDOW_MS)).returning({ key: rateLimits.key }),
    db
      .delete(staffSessions)
      .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, now - IDLE_TIMEOUT_MS)))
      .returning({ id: staffSessions.id }),
  ]);
  return { loginFailures: failures.length, rateLimits: limits.length, sessions: sessions.length };
}
