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

export interface Charge {
  key: string;
  /** Failures the key may have before each further one locks it (throttle.ts). */
  free: number;
}

export type ChargeResult = { ok: true } | { ok: false; until: number };

/**
 * Counts an attempt at a secret (a password, a setup link) as a failure against
 * every key before the secret is checked, unless one of the keys is locked now;
 * a right secret then clears or refunds the count. The check and the count are
 * one statement, so that parallel attempts cannot all pass the check before any
 * of them is counted: of any number of parallel attempts, only the free ones
 * are tried. Failures a day old are forgotten; past the free ones, each failure
 * locks the key for twice as long as the one before (lockoutMs of throttle.ts).
 */
export async function chargeAttempt(db: Db, charges: readonly Charge[], now: number): Promise<ChargeResult> {
  const keys = sql.join(charges.map((c) => sql`${c.key}`), sql`, `);
  const rows = sql.join(charges.map((c) => sql`(${c.key}, ${c.free})`), sql`, `);
  const fresh = sql`login_failures.last_failure_at + ${FAILURE_MEMORY_MS} > ${now}`;
  const failures = sql`(case when ${fresh} then login_failures.failures + 1 else 1 end)`;
  const lock = (n: SQL, free: SQL) =>
    sql`(case when ${n} >= ${free} then ${now} + min(${MAX_LOCK_MS}, ${FIRST_LOCK_MS} << min(${n} - ${free}, 10)) else null end)`;
  // SQLite evaluates the NOT EXISTS before inserting anything (the SELECT reads the table it
  // inserts into, so its rows are gathered first): a lock set by this very statement does not
  // stop its other keys from being counted.
  const charged = await db.all<{ key: string }>(sql`
    insert into login_failures (key, failures, last_failure_at, locked_until, free_failures)
    select v.column1, 1, ${now}, ${lock(sql`1`, sql`v.column2`)}, v.column2 from (values ${rows}) as v
    where not exists (select 1 from login_failures where key in (${keys}) and locked_until > ${now})
    on conflict (key) do update set
      failures = ${failures},
      last_failure_at = ${now},
      locked_until = ${lock(failures, sql`excluded.free_failures`)},
      free_failures = excluded.free_failures
    returning key`);
  if (charged.length > 0) return { ok: true };
  const row = await db.select({ until: max(loginFailures.lockedUntil) }).from(loginFailures).where(inArray(loginFailures.key, charges.map((c) => c.key))).get();
  return { ok: false, until: Math.max(row?.until ?? 0, now + 1000) };
}

/** Takes back one counted attempt whose secret was right (for keys that are not simply cleared). */
export function refundAttempt(db: Db, key: string) {
  return db
    .update(loginFailures)
    .set({
      failures: sql`max(${loginFailures.failures} - 1, 0)`,
      lockedUntil: sql`case when ${loginFailures.failures} - 1 >= ${loginFailures.freeFailures} then ${loginFailures.lockedUntil} else null end`,
    })
    .where(eq(loginFailures.key, key));
}

/** Forgets the failures of `key` and of every key under it (`key:…`, e.g. the account from each client). */
export function clearFailures(db: Db, key: string) {
  const prefix = `${key}:`;
  return db.delete(loginFailures).where(or(eq(loginFailures.key, key), eq(sql`substr(${loginFailures.key}, 1, ${prefix.length})`, prefix)));
}
