/**
 * Staff sessions and the counts of failed sign-ins behind backoff and lockout.
 */
import { and, eq, inArray, lt, max, ne, or, sql, type SQL } from 'drizzle-orm';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../staff/session';
import type { StaffUser } from '../staff/roles';
import { FAILURE_MEMORY_MS, FIRST_LOCK_MS, MAX_LOCK_MS } from '../staff/throttle';
import type { Db } from './client';
import { loginFailures, staffSessions, staffUsers } from './schema';

export function insertSession(db: Db, userId: number, tokenHash: string, now: number) {
  return db.insert(staffSessions).values({ tokenHash, userId, createdAt: now, lastSeenAt: now, expiresAt: now + ABSOLUTE_TIMEOUT_MS });
}

export interface SessionWithUser {
  id: number;
  lastSeenAt: number;
  expiresAt: number;
  user: StaffUser;
}

export async function findSession(db: Db, tokenHash: string): Promise<SessionWithUser | null> {
  const row = await db
    .select({
      id: staffSessions.id,
      lastSeenAt: staffSessions.lastSeenAt,
      expiresAt: staffSessions.expiresAt,
      user: {
        id: staffUsers.id,
        email: staffUsers.email,
        displayName: staffUsers.displayName,
        role: staffUsers.role,
        departmentId: staffUsers.departmentId,
        mustChangePassword: staffUsers.mustChangePassword,
      },
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(and(eq(staffSessions.tokenHash, tokenHash), eq(staffUsers.disabled, false)))
    .get();
  return row ?? null;
}

export async function touchSession(db: Db, id: number, now: number): Promise<void> {
  await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, id));
}

export function deleteSession(db: Db, id: number) {
  return db.delete(staffSessions).where(eq(staffSessions.id, id));
}

/** Ends every session of the user (a reset, a disabled account, a password set through a setup link). */
export function deleteUserSessions(db: Db, userId: number | SQL) {
  return db.delete(staffSessions).where(eq(staffSessions.userId, userId));
}

/** Ends every session of the user but `keepId` (after a password change). */
export function deleteOtherSessions(db: Db, userId: number, keepId: number) {
  return db.delete(staffSessions).where(and(eq(staffSessions.userId, userId), ne(staffSessions.id, keepId)));
}

/** Removes the user's sessions that have run out, so the table does not grow with every sign-in. */
export function deleteExpiredSessions(db: Db, userId: number, now: number) {
  return db
    .delete(staffSessions)
    .where(and(eq(staffSessions.userId, userId), or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, now - IDLE_TIMEOUT_MS))));
}

/** The latest time until which any of the keys is locked, or null. */
export async function lockedUntil(db: Db, keys: string[], now: number): Promise<number | null> {
  const row = await db.select({ until: max(loginFailures.lockedUntil) }).from(loginFailures).where(inArray(loginFailures.key, keys)).get();
  const until = row?.until ?? null;
  return until !== null && until > now ? until : null;
}

/**
 * Counts one failure against `key` and sets its lock, in one statement so that
 * parallel attempts cannot undercount. Failures a day old are forgotten.
 */
export function recordFailure(db: Db, key: string, freeFailures: number, now: number) {
  const fresh = sql`${loginFailures.lastFailureAt} + ${FAILURE_MEMORY_MS} > ${now}`;
  const failures = sql`(case when ${fresh} then ${loginFailures.failures} + 1 else 1 end)`;
  // lockoutMs() of throttle.ts, in SQL: FIRST_LOCK_MS doubled per failure past the free ones, capped.
  const lock = (n: SQL) =>
    sql`(case when ${n} >= ${freeFailures} then ${now} + min(${MAX_LOCK_MS}, ${FIRST_LOCK_MS} << min(${n} - ${freeFailures}, 10)) else null end)`;
  return db
    .insert(loginFailures)
    .values({ key, failures: 1, lastFailureAt: now, lockedUntil: freeFailures <= 1 ? now + FIRST_LOCK_MS : null })
    .onConflictDoUpdate({
      target: loginFailures.key,
      set: { failures, lastFailureAt: now, lockedUntil: lock(failures) },
    });
}

export function clearFailures(db: Db, key: string) {
  return db.delete(loginFailures).where(eq(loginFailures.key, key));
}
