/**
 * Daily housekeeping: state that has stopped mattering is removed, so that tables
 * of counters and sessions do not grow without bound. Every cut-off is later than
 * the point at which the row stopped having any effect.
 */
import { and, isNull, lt, or } from 'drizzle-orm';
import { FAILURE_MEMORY_MS } from '../staff/throttle';
import { IDLE_TIMEOUT_MS } from '../staff/session';
import type { Db } from './client';
import { idempotencyKeys, loginFailures, rateLimits, staffSessions } from './schema';
import { DAY_MS } from '../lib/limiter';
import { deleteExpiredProofs } from './used-proofs';

/** The longest window any rate limit uses (submissions count per day). */
const LONGEST_RATE_WINDOW_MS = DAY_MS;

/**
 * How long a public submission's idempotency record is kept: the time within which its retry
 * gets the same receipt. A phone's outbox retries until the server answers, so a retry comes
 * within days; one later than this is answered as a new submission would be, and its proof of
 * work, long expired, is refused. Not kept for ever: each record holds a sealed query code and
 * a hash of what was sent.
 */
export const IDEMPOTENCY_KEEP_DAYS = 90;

export interface Purged {
  loginFailures: number;
  rateLimits: number;
  sessions: number;
  usedProofs: number;
  idempotencyKeys: number;
}

export async function purgeStaleState(db: Db, now: number): Promise<Purged> {
  const [failures, limits, sessions, proofs, keys] = await db.batch([
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
    db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_KEEP_DAYS * DAY_MS)).returning({ key: idempotencyKeys.keyHash }),
  ]);
  return { loginFailures: failures.length, rateLimits: limits.length, sessions: sessions.length, usedProofs: proofs.length, idempotencyKeys: keys.length };
}
