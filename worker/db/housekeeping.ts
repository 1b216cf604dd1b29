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
import { DAY_MS } from '../lib/limiter';
import { deleteExpiredProofs } from './used-proofs';

/** The longest window any rate limit uses (submissions count per day). */
const LONGEST_RATE_WINDOW_MS = DAY_MS;

export interface Purged {
  loginFailures: number;
  rateLimits: number;
  sessions: number;
  usedProofs: number;
}

export async function purgeStaleState(db: Db, now: number): Promise<Purged> {
  const [failures, limits, sessions, proofs] = await db.batch([
    db
      .delete(loginFailures)
      .where(and(lt(loginFailures.lastFailureAt, now - FAILURE_MEMORY_MS), or(isNull(loginFailures.lockedUntil), lt(loginFailures.lockedUntil, now))))
      .returning({ key: loginFailures.key }),
    db.delete(rateLimits).where(lt(rateLimits.windowStart, now - LONGEST_RATE_WINDOW_MS)).returning({ key: rateLimits.key }),
    db
      .delete(staffSessions)
      .where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, now - IDLE_TIMEOUT_MS)))
      .returning({ id: staffSessions.id }),
    deleteExpiredProofs(db, now),
  ]);
  return { loginFailures: failures.length, rateLimits: limits.length, sessions: sessions.length, usedProofs: proofs.length };
}
