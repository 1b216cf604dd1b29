/**
 * Staff accounts: creating them (with a one-time password), finding them to sign
 * in, listing them, and changing a password.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { hashPassword, newOneTimePassword, type PasswordHash } from '../staff/password';
import type { StaffRole } from '../staff/roles';
import { auditInsertIf } from './audit';
import type { Db } from './client';
import { staffUsers } from './schema';

export interface NewStaffUser {
  email: string;
  displayName: string;
  role: StaffRole;
  departmentId: number | null;
}

export type StaffUserRow = typeof staffUsers.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<StaffUserRow | null> {
  return (await db.select().from(staffUsers).where(eq(staffUsers.email, email.trim().toLowerCase())).get()) ?? null;
}

export async function findUserById(db: Db, id: number): Promise<StaffUserRow | null> {
  return (await db.select().from(staffUsers).where(eq(staffUsers.id, id)).get()) ?? null;
}

/** What may be shown of an account: never its password hash or salt. */
export function publicUser(u: StaffUserRow) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    departmentId: u.departmentId,
    mustChangePassword: u.mustChangePassword,
    disabled: u.disabled,
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
  };
}

export type PublicStaffUser = ReturnType<typeof publicUser>;

export async function listStaffUsers(db: Db): Promise<PublicStaffUser[]> {
  return (await db.select().from(staffUsers).orderBy(asc(staffUsers.id))).map(publicUser);
}

/**
 * Creates an account with a one-time password that must be changed at first
 * sign-in, and its audit entry, in one batch. Returns null, changing nothing,
 * when the e-mail already has an account.
 */
export async function createStaffUser(
  db: Db,
  input: NewStaffUser,
  actorId: number | null,
  now: number,
): Promise<{ user: PublicStaffUser; password: string } | null> {
  const email = input.email.trim().toLowerCase();
  const password = newOneTimePassword();
  const hash: PasswordHash = await hashPassword(password);
  const [inserted] = await db.batch([
    db
      .insert(staffUsers)
      .values({ email, displayName: input.displayName, role: input.role, departmentId: input.departmentId, ...hash, mustChangePassword: true, createdAt: now })
      .onConflictDoNothing({ target: staffUsers.email })
      .returning(),
    auditInsertIf(
      db,
      {
        at: now,
        actorId,
        action: 'user.create',
        targetType: 'staff_user',
        targetId: null,
        after: { email, displayName: input.displayName, role: input.role, departmentId: input.departmentId },
      },
      staffUsers,
      sql`${staffUsers.email} = ${email} and ${staffUsers.createdAt} = ${now}`,
      staffUsers.id,
    ),
  ]);
  const row = inserted[0];
  return row ? { user: publicUser(row), password } : null;
}

export function updatePassword(db: Db, userId: number, hash: PasswordHash) {
  return db.update(staffUsers).set({ ...hash, mustChangePassword: false }).where(eq(staffUsers.id, userId));
}

export function recordLogin(db: Db, userId: number, now: number) {
  return db.update(staffUsers).set({ lastLoginAt: now }).where(eq(staffUsers.id, userId));
}
