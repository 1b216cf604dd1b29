/**
 * Changes an admin makes to staff accounts: in the console (routes/staff/users.ts)
 * and with the CLI (`npm run staff -- reset|disable|enable`).
 *
 * What a reset and a disable do is written once, as statements
 * (accountResetStatements, accountDisabledStatements): the console batches them
 * with its audit entry on D1, and the CLI turns the same statements into SQL
 * text for `wrangler d1 execute` (staff-users-sql.ts). An account is named by
 * its id, or by SQL that selects the id (the CLI knows only the e-mail).
 *
 * The console's changes are compare-and-set: each writes, with its audit entry,
 * only if the account is still as the admin read it and, where an admin loses
 * the role or the account, another active admin remains (activeAdminRemains).
 * The statement checks that itself, so two admins demoting each other at once
 * cannot leave none.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { PasswordHash } from '../staff/password';
import type { StaffRole } from '../staff/roles';
import { auditInsert, auditInsertIf } from './audit';
import type { Db } from './client';
import { auditLog, staffSessions, staffSetupTokens, staffUsers } from './schema';
import { expireUnusedSetupTokens, insertSetupTokenFor, type NewSetupToken } from './staff-setup-tokens';
import { clearFailures, deleteUserSessions } from './staff-sessions';
import type { StaffUserRow } from './staff-users';

export type AccountRef = number | SQL;

/**
 * A reset: the password is replaced (and must be changed at the next sign-in),
 * every session ends, the sign-in lockout lifts and unused setup links stop working.
 * `accountLockKey` is the login_failures key of the account's e-mail (throttle.ts accountKey).
 */
export function accountResetStatements(db: Db, account: AccountRef, hash: PasswordHash, accountLockKey: string, now: number) {
  return [
    db.update(staffUsers).set({ ...hash, mustChangePassword: true }).where(eq(staffUsers.id, account)),
    deleteUserSessions(db, account),
    clearFailures(db, accountLockKey),
    expireUnusedSetupTokens(db, account, now),
  ] as const;
}

/**
 * Disables an account or enables it. Disabled, it is locked out at once: its
 * sessions end and its unused setup links stop working. `guard` narrows the
 * update; the statements after it act only if the account is then disabled.
 */
export function accountDisabledStatements(db: Db, account: AccountRef, disabled: boolean, now: number, guard?: SQL) {
  const update = db.update(staffUsers).set({ disabled }).where(and(eq(staffUsers.id, account), guard));
  const isDisabled = sql`exists (select 1 from staff_users where staff_users.id = ${account} and staff_users.disabled = 1)`;
  return disabled
    ? ([
        update,
        db.delete(staffSessions).where(and(eq(staffSessions.userId, account), isDisabled)),
        db.update(staffSetupTokens).set({ expiresAt: now }).where(and(eq(staffSetupTokens.userId, account), isNull(staffSetupTokens.usedAt), sql`${staffSetupTokens.expiresAt} > ${now}`, isDisabled)),
      ] as const)
    : ([update] as const);
}

/**
 * Whether an admin other than `userId` can still act: enabled, and with a
 * password of their own (an admin still waiting to use a setup link, or holding
 * a one-time password, may never sign in).
 */
export function activeAdminRemains(userId: number): SQL {
  return sql`exists (select 1 from staff_users as other where other.role = 'admin' and other.disabled = 0 and other.must_change_password = 0 and other.id <> ${userId})`;
}

export async function anotherActiveAdmin(db: Db, userId: number): Promise<boolean> {
  const row = await db.get<{ yes: number }>(sql`select ${activeAdminRemains(userId)} as yes`);
  return row?.yes === 1;
}

/** What an admin may change of an account. */
export interface AccountDetails {
  role: StaffRole;
  departmentId: number | null;
  displayName: string;
}

const DETAILS: Array<keyof AccountDetails> = ['role', 'departmentId', 'displayName'];

/**
 * Changes role, department and display name of the account `before` (as read).
 * The audit entry holds the fields that changed, before and after. Returns the
 * account as changed, or null, writing nothing, when it changed meanwhile or
 * when it would take away the last active admin.
 */
export async function updateStaffUser(db: Db, before: StaffUserRow, after: AccountDetails, actorId: number, now: number): Promise<StaffUserRow | null> {
  const changed = DETAILS.filter((k) => after[k] !== before[k]);
  if (changed.length === 0) return before;
  const pick = (o: AccountDetails) => Object.fromEntries(changed.map((k) => [k, o[k]])) as Partial<AccountDetails>;
  const losesAdmin = before.role === 'admin' && after.role !== 'admin' && !before.disabled;
  const guard = and(
    eq(staffUsers.id, before.id),
    eq(staffUsers.role, before.role),
    before.departmentId === null ? isNull(staffUsers.departmentId) : eq(staffUsers.departmentId, before.departmentId),
    eq(staffUsers.displayName, before.displayName),
    eq(staffUsers.disabled, before.disabled),
    losesAdmin ? activeAdminRemains(before.id) : undefined,
  )!;
  const [, updated] = await db.batch([
    auditInsertIf(db, { at: now, actorId, action: 'user.update', targetType: 'staff_user', targetId: before.id, before: pick(before), after: pick(after) }, staffUsers, guard),
    db.update(staffUsers).set(pick(after)).where(guard).returning(),
  ]);
  return updated[0] ?? null;
}

/**
 * Disables or enables the account `before` (as read), with its audit entry.
 * Disabling an admin requires another active admin to remain. False, writing
 * nothing, when the account is already so or the rule refuses it.
 */
export async function setStaffUserDisabled(db: Db, before: StaffUserRow, disabled: boolean, actorId: number, now: number): Promise<boolean> {
  const guard = and(eq(staffUsers.disabled, !disabled), disabled && before.role === 'admin' ? activeAdminRemains(before.id) : undefined)!;
  const [entry] = await db.batch([
    auditInsertIf(
      db,
      { at: now, actorId, action: disabled ? 'user.disable' : 'user.enable', targetType: 'staff_user', targetId: before.id, before: { disabled: !disabled }, after: { disabled } },
      staffUsers,
      and(eq(staffUsers.id, before.id), guard)!,
    ).returning({ id: auditLog.id }),
    ...accountDisabledStatements(db, before.id, disabled, now, guard),
  ]);
  return entry.length === 1;
}

/**
 * A reset from the console: accountResetStatements with a password nobody knows
 * (`unknowable`), and a new setup link in place of any older one.
 */
export async function resetStaffUser(
  db: Db,
  user: StaffUserRow,
  unknowable: PasswordHash,
  accountLockKey: string,
  link: NewSetupToken,
  actorId: number,
): Promise<void> {
  await db.batch([
    auditInsert(db, { at: link.now, actorId, action: 'user.reset', targetType: 'staff_user', targetId: user.id, after: { purpose: link.purpose, expiresAt: link.expiresAt } }),
    ...accountResetStatements(db, user.id, unknowable, accountLockKey, link.now),
    insertSetupTokenFor(db, eq(staffUsers.id, user.id), link),
  ]);
}
