/**
 * The SQL that creates a staff account outside the worker, for
 * `wrangler d1 execute DB --remote --command …` (`npm run staff -- add --remote`).
 * The same rows as createStaffUser(): the account, its department if named and
 * missing, and the audit entry. Values are SQL string literals with quotes
 * doubled; there is no other way to bind parameters through `--command`.
 */
import type { PasswordHash } from '../staff/password';
import type { StaffRole } from '../staff/roles';

export function sqlText(value: string): string {
  if (value.includes('\u0000')) throw new Error('NUL character in an SQL value');
  return `'${value.replace(/'/g, "''")}'`;
}

function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error('not an integer');
  return String(value);
}

export interface RemoteStaffUser {
  email: string;
  displayName: string;
  role: StaffRole;
  departmentName: string | null;
}

export function createStaffUserSql(u: RemoteStaffUser, hash: PasswordHash, now: number): string {
  const email = sqlText(u.email.trim().toLowerCase());
  const department = u.departmentName === null ? null : sqlText(u.departmentName);
  const after = JSON.stringify({ email: u.email.trim().toLowerCase(), displayName: u.displayName, role: u.role, departmentName: u.departmentName, via: 'cli' });
  const statements = [
    ...(department === null
      ? []
      : [`INSERT INTO departments (name, created_at) VALUES (${department}, ${sqlInteger(now)}) ON CONFLICT (name) DO NOTHING`]),
    `INSERT INTO staff_users (email, display_name, role, department_id, password_hash, password_salt, password_iterations, must_change_password, created_at) ` +
      `VALUES (${email}, ${sqlText(u.displayName)}, ${sqlText(u.role)}, ` +
      `${department === null ? 'NULL' : `(SELECT id FROM departments WHERE name = ${department})`}, ` +
      `${sqlText(hash.passwordHash)}, ${sqlText(hash.passwordSalt)}, ${sqlInteger(hash.passwordIterations)}, 1, ${sqlInteger(now)})`,
    `INSERT INTO audit_log (at, actor_id, action, target_type, target_id, before, after) ` +
      `SELECT ${sqlInteger(now)}, NULL, 'user.create', 'staff_user', CAST(id AS TEXT), NULL, ${sqlText(after)} FROM staff_users WHERE email = ${email}`,
  ];
  return statements.join(';\n') + ';';
}

/**
 * A new one-time password for an account: the user must change it at next
 * sign-in, every session of theirs ends, and the account's lockout is lifted.
 * `accountLockKey` is the login_failures key of the e-mail (throttle.ts accountKey).
 */
export function resetPasswordSql(emailInput: string, hash: PasswordHash, accountLockKey: string, now: number): string {
  const email = sqlText(emailInput.trim().toLowerCase());
  return [
    `UPDATE staff_users SET password_hash = ${sqlText(hash.passwordHash)}, password_salt = ${sqlText(hash.passwordSalt)}, ` +
      `password_iterations = ${sqlInteger(hash.passwordIterations)}, must_change_password = 1 WHERE email = ${email}`,
    `DELETE FROM staff_sessions WHERE user_id = (SELECT id FROM staff_users WHERE email = ${email})`,
    `DELETE FROM login_failures WHERE key = ${sqlText(accountLockKey)}`,
    `INSERT INTO audit_log (at, actor_id, action, target_type, target_id, before, after) ` +
      `SELECT ${sqlInteger(now)}, NULL, 'user.password_reset', 'staff_user', CAST(id AS TEXT), NULL, ${sqlText(JSON.stringify({ via: 'cli' }))} FROM staff_users WHERE email = ${email}`,
  ].join(';\n') + ';';
}

/** Disables an account (its sessions end at once) or enables it again. */
export function setDisabledSql(emailInput: string, disabled: boolean, now: number): string {
  const email = sqlText(emailInput.trim().toLowerCase());
  return [
    `INSERT INTO audit_log (at, actor_id, action, target_type, target_id, before, after) ` +
      `SELECT ${sqlInteger(now)}, NULL, ${sqlText(disabled ? 'user.disable' : 'user.enable')}, 'staff_user', CAST(id AS TEXT), ` +
      `json_object('disabled', disabled), ${sqlText(JSON.stringify({ disabled, via: 'cli' }))} FROM staff_users WHERE email = ${email}`,
    `UPDATE staff_users SET disabled = ${disabled ? 1 : 0} WHERE email = ${email}`,
    ...(disabled ? [`DELETE FROM staff_sessions WHERE user_id = (SELECT id FROM staff_users WHERE email = ${email})`] : []),
  ].join(';\n') + ';';
}
