/**
 * Staff accounts on the server: what an admin does to them in the console
 * (invite, change, disable, enable, reset), the rules that decide whether it may
 * be done, and the demo admin that a local start creates. The rules for the
 * fields of an account are in account-rules.ts; the SQL in db/.
 *
 * An admin may not disable or reset the account they are signed in with:
 * disabling it would end their own session halfway through what they were
 * doing and lock them out with nobody told, and a reset would sign them out to
 * hand them a link to a password they can simply change (修改密码). Either is
 * for another admin to do. Demoting oneself is allowed while another active
 * admin remains (handing over the role); the last active admin can be neither
 * demoted nor disabled, by anyone.
 */
import type { Db } from '../db/client';
import { findDepartment } from '../db/departments';
import { anotherActiveAdmin, resetStaffUser, setStaffUserDisabled, updateStaffUser, type AccountDetails } from '../db/staff-account-changes';
import type { NewSetupToken, SetupPurpose } from '../db/staff-setup-tokens';
import { createStaffUser, findUserByEmail, findUserById, inviteStaffUser, type NewStaffUser, type PublicStaffUser, type StaffUserRow } from '../db/staff-users';
import { hashPassword, type PasswordHash } from './password';
import { hashSetupToken, newSetupToken, SETUP_LINK_TTL_MS } from './setup-links';
import { accountKey } from './throttle';

export const DEMO_ADMIN_EMAIL = 'admin@example.gov.cn';

export async function departmentExists(db: Db, id: number): Promise<boolean> {
  return (await findDepartment(db, id)) !== null;
}

/** A setup link just made: the token to put in the link (shown once), and when it runs out. */
export interface IssuedLink {
  token: string;
  expiresAt: number;
}

async function issueLink(purpose: SetupPurpose, actorId: number, now: number): Promise<{ issued: IssuedLink; record: NewSetupToken }> {
  const token = newSetupToken();
  const expiresAt = now + SETUP_LINK_TTL_MS;
  return { issued: { token, expiresAt }, record: { tokenHash: await hashSetupToken(token), purpose, createdBy: actorId, now, expiresAt } };
}

/** A password for an account that has none yet (or just lost its own): random, hashed at once, never shown or kept. */
function unknowablePassword(): Promise<PasswordHash> {
  return hashPassword(newSetupToken());
}

/** A new member of staff with a setup link; null when the e-mail already has an account. */
export async function inviteMember(db: Db, input: NewStaffUser, actorId: number, now: number): Promise<{ user: PublicStaffUser; link: IssuedLink } | null> {
  const { issued, record } = await issueLink('invite', actorId, now);
  const user = await inviteStaffUser(db, input, await unknowablePassword(), record, actorId);
  return user ? { user, link: issued } : null;
}

export type ResetOutcome = { is: 'reset'; link: IssuedLink } | { is: 'self' } | { is: 'disabled' };

/** A reset from the console: the old password stops working, sessions end, the lockout lifts, and a new setup link replaces any older one. */
export async function resetMember(db: Db, user: StaffUserRow, actorId: number, now: number): Promise<ResetOutcome> {
  if (user.id === actorId) return { is: 'self' };
  if (user.disabled) return { is: 'disabled' };
  const { issued, record } = await issueLink('reset', actorId, now);
  await resetStaffUser(db, user, await unknowablePassword(), await accountKey(user.email), record, actorId);
  return { is: 'reset', link: issued };
}

export type ChangeOutcome = { is: 'changed'; user: StaffUserRow } | { is: 'lastAdmin' | 'stale' };

/** Role, department and display name; an active admin who would stop being one needs another active admin to remain. */
export async function changeMember(db: Db, before: StaffUserRow, after: AccountDetails, actorId: number, now: number): Promise<ChangeOutcome> {
  const losesAdmin = before.role === 'admin' && after.role !== 'admin' && !before.disabled;
  if (losesAdmin && !(await anotherActiveAdmin(db, before.id))) return { is: 'lastAdmin' };
  const user = await updateStaffUser(db, before, after, actorId, now);
  if (user) return { is: 'changed', user };
  // Refused by the statement: the last admin went meanwhile, or someone changed the account.
  return losesAdmin && !(await anotherActiveAdmin(db, before.id)) ? { is: 'lastAdmin' } : { is: 'stale' };
}

export type DisableOutcome = { is: 'done'; user: StaffUserRow } | { is: 'self' | 'lastAdmin' | 'stale' };

/** Disables (its sessions end at once) or enables an account; doing what is already so changes nothing and writes no entry. */
export async function setMemberDisabled(db: Db, before: StaffUserRow, disabled: boolean, actorId: number, now: number): Promise<DisableOutcome> {
  if (disabled && before.id === actorId) return { is: 'self' };
  if (before.disabled === disabled) return { is: 'done', user: before };
  const losesAdmin = disabled && before.role === 'admin';
  if (losesAdmin && !(await anotherActiveAdmin(db, before.id))) return { is: 'lastAdmin' };
  const applied = await setStaffUserDisabled(db, before, disabled, actorId, now);
  const user = await findUserById(db, before.id);
  if (applied || user?.disabled === disabled) return { is: 'done', user: user ?? before };
  return losesAdmin ? { is: 'lastAdmin' } : { is: 'stale' };
}

/**
 * For `npm start`: creates the demo admin if there is none and returns its
 * one-time password (to be changed at first sign-in); null when it exists.
 */
export async function ensureDemoAdmin(db: Db, email = DEMO_ADMIN_EMAIL): Promise<string | null> {
  if (await findUserByEmail(db, email)) return null;
  const created = await createStaffUser(db, { email, displayName: '演示管理员', role: 'admin', departmentId: null }, null, Date.now());
  return created?.password ?? null;
}
