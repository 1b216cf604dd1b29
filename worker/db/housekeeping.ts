/**
 * Daily housekeeping: state that has stopped mattering is removed, so that tables
 * of counters and sessions do not grow without bound. Every cut-off is later than
 * the point at which the row stopped having any effect.
 */
import { and, isNull, lt, ne, or } from 'drizzle-orm';
import { FAILURE_MEMORY_MS } from '../staff/throttle';
import { IDLE_TIMEOUT_MS } from '../staff/session';
import type { Db } from './client';
import { idempotencyKeys, loginFailures, rateLimits, staffSessions } from './schema';
import { DAY_MS } from '../lib/limiter';
import { deleteExpiredProofs } from './used-proofs';
import { FORGOTTEN_REQUEST } from './submission';

/** The longest window any rate limit uses (submissions count per day). */
const LONGEST_RATE_WINDOW_MS = DAY_MS;

/**
 * How long a public submission's idempotency record keeps the hash of what was sent, with which
 * a retry is told from another submission under the same key (409). A phone's outbox retries
 * until the server answers, so a retry comes within days. After this the hash is forgotten (an
 * empty string) and the record stays: a retry however late still gets its receipt and is never
 * stored twice (the outbox solves a fresh proof of work for each attempt). Records made before
 * 2026-12-01 hold a bare SHA-256 of the request, names and phones included; forgetting it ends that.
 */
export const IDEMPOTENCY_HASH_DAYS = 90;

export interface Purged {
  loginFailures: number;
  rateLimits: number;
  sessions: number;
  usedProofs: number;
  /** Idempotency records whose request hash was forgotten. */
  requestHashes: number;
}

export async function purgeStaleState(db: Db, now: number): Promise<Purged> {
  const [failures, limits, sessions, proofs, hashes] = await db.batch([
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
    db
      .update(idempotencyKeys)
      .set({ requestHash: FORGOTTEN_REQUEST })
      .where(and(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_HASH_DAYS * DAY_MS), ne(idempotencyKeys.requestHash, FORGOTTEN_REQUEST)))
      .returning({ key: idempotencyKeys.keyHash }),
  ]);
  return { loginFailures: failures.length, rateLimits: limits.length, sessions: sessions.length, usedProofs: proofs.length, requestHashes: hashes.length };
}
