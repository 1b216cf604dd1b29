/**
 * Staff accounts: creating them (with a one-time password for the CLI, or with a
 * setup link from the console), finding them to sign in, listing them, and
 * changing a password.
 */
import { and, asc, eq, gt, isNull, max, sql } from 'drizzle-orm';
import { hashPassword, newOneTimePassword, type PasswordHash } from '../staff/password';
import type { StaffRole } from '../staff/roles';
import { auditInsertIf } from './audit';
import type { Db } from './client';
import { staffSetupTokens, staffUsers } from './schema';
import { insertSetupTokenFor, type NewSetupToken } from './staff-setup-tokens';

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

/** An account as the console lists it: with when its unused setup link runs out, if it has one. */
export type ListedStaffUser = PublicStaffUser & { setupLinkExpiresAt: number | null };

export async function listStaffUsers(db: Db, now: number): Promise<ListedStaffUser[]> {
  const links = db
    .select({ userId: staffSetupTokens.userId, expiresAt: max(staffSetupTokens.expiresAt).as('expires_at') })
    .from(staffSetupTokens)
    .where(and(isNull(staffSetupTokens.usedAt), gt(staffSetupTokens.expiresAt, now)))
    .groupBy(staffSetupTokens.userId)
    .as('links');
  const rows = await db.select({ u: staffUsers, expiresAt: links.expiresAt }).from(staffUsers).leftJoin(links, eq(links.userId, staffUsers.id)).orderBy(asc(staffUsers.id));
  return rows.map(({ u, expiresAt }) => ({ ...publicUser(u), setupLinkExpiresAt: expiresAt ?? null }));
}

/** The account and its audit entry (`user.create`), as statements; the account is not made when the e-mail has one. */
function insertStaffUser(db: Db, input: NewStaffUser, hash: PasswordHash, actorId: number | null, now: number) {
  const email = input.email.trim().toLowerCase();
  // The row this insert made, if it made one: its password's salt is random, new with this hash.
  // (Its createdAt is no proof: an account made by someone else in the same millisecond has it too.)
  const inserted = sql`${staffUsers.email} = ${email} and ${staffUsers.passwordSalt} = ${hash.passwordSalt}`;
  return {
    inserted,
    statements: [
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
        inserted,
        staffUsers.id,
      ),
    ] as const,
  };
}

/**
 * Creates an account with a one-time password that must be changed at first
 * sign-in, and its audit entry, in one batch (the CLI and the demo admin; the
 * password is printed in a terminal). Returns null, changing nothing, when the
 * e-mail already has an account.
 */
export async function createStaffUser(
  db: Db,
  input: NewStaffUser,
  actorId: number | null,
  now: number,
): Promise<{ user: PublicStaffUser; password: string } | null> {
  const password = newOneTimePassword();
  const [inserted] = await db.batch(insertStaffUser(db, input, await hashPassword(password), actorId, now).statements);
  const row = inserted[0];
  return row ? { user: publicUser(row), password } : null;
}

/**
 * Creates an account whose password nobody knows (`unknowable`, never shown) and
 * a setup link for it, with the audit entry, in one batch (the console: no
 * password is ever on screen). Returns null, changing nothing, when the e-mail
 * already has an account.
 */
export async function inviteStaffUser(
  db: Db,
  input: NewStaffUser,
  unknowable: PasswordHash,
  link: NewSetupToken,
  actorId: number,
): Promise<PublicStaffUser | null> {
  const { inserted, statements } = insertStaffUser(db, input, unknowable, actorId, link.now);
  const [created] = await db.batch([...statements, insertSetupTokenFor(db, inserted, link)]);
  const row = created[0];
  return row ? publicUser(row) : null;
}

export function updatePassword(db: Db, userId: number, hash: PasswordHash) {
  return db.update(staffUsers).set({ ...hash, mustChangePassword: false }).where(eq(staffUsers.id, userId));
}

export function recordLogin(db: Db, userId: number, now: number) {
  return db.update(staffUsers).set({ lastLoginAt: now }).where(eq(staffUsers.id, userId));
}
