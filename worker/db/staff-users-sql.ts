/**
 * The SQL that changes staff accounts outside the worker, for
 * `wrangler d1 execute DB --local|--remote --command …` (`npm run staff`).
 * Creating an account writes the same rows as createStaffUser(): the account,
 * its department if named and missing, and the audit entry. A reset and a
 * disable run the very statements the console runs (staff-account-changes.ts),
 * written out as text. Values are SQL string literals with quotes doubled;
 * there is no other way to bind parameters through `--command`.
 */
import { eq, sql } from 'drizzle-orm';
import type { PasswordHash } from '../staff/password';
import type { StaffRole } from '../staff/roles';
import { createDb } from './d1';
import { staffUsers } from './schema';
import { accountDisabledStatements, accountResetStatements } from './staff-account-changes';

/** Drizzle writes a statement's SQL without a database, and the CLI has none to give it. */
const builder = createDb({} as D1Database);

export function sqlText(value: string): string {
  if (value.includes('\u0000')) throw new Error('NUL character in an SQL value');
  return `'${value.replace(/'/g, "''")}'`;
}

function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error('not an integer');
  return String(value);
}

/** A drizzle statement as one line of SQL, its parameters written in as literals. */
export function inlineSql(statement: { toSQL(): { sql: string; params: unknown[] } }): string {
  const { sql: text, params } = statement.toSQL();
  const parts = text.split('?');
  if (parts.length !== params.length + 1) throw new Error('a statement with a literal question mark cannot be written out');
  return parts.reduce((out, part, i) => {
    if (i === 0) return part;
    const value = params[i - 1];
    const literal = value === null ? 'NULL' : typeof value === 'number' ? sqlInteger(value) : typeof value === 'string' ? sqlText(value) : null;
    if (literal === null) throw new Error(`cannot write a ${typeof value} into SQL`);
    return out + literal + part;
  }, '');
}

/** The account of an e-mail, as SQL selecting its id. */
function accountOf(email: string) {
  return sql`(select ${staffUsers.id} from ${staffUsers} where ${eq(staffUsers.email, email)})`;
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
 * A new one-time password for an account: what a reset does in the console
 * (accountResetStatements: sessions end, the lockout lifts, unused setup links
 * stop working), with the password given here, and the CLI's audit entry.
 * `accountLockKey` is the login_failures key of the e-mail (throttle.ts accountKey).
 */
export function resetPasswordSql(emailInput: string, hash: PasswordHash, accountLockKey: string, now: number): string {
  const email = emailInput.trim().toLowerCase();
  return [
    ...accountResetStatements(builder, accountOf(email), hash, accountLockKey, now).map(inlineSql),
    `INSERT INTO audit_log (at, actor_id, action, target_type, target_id, before, after) ` +
      `SELECT ${sqlInteger(now)}, NULL, 'user.password_reset', 'staff_user', CAST(id AS TEXT), NULL, ${sqlText(JSON.stringify({ via: 'cli' }))} FROM staff_users WHERE email = ${sqlText(email)}`,
  ].join(';\n') + ';';
}

/** Disables an account (its sessions end at once) or enables it again, as the console does, with the CLI's audit entry. */
export function setDisabledSql(emailInput: string, disabled: boolean, now: number): string {
  const email = emailInput.trim().toLowerCase();
  return [
    `INSERT INTO audit_log (at, actor_id, action, target_type, target_id, before, after) ` +
      `SELECT ${sqlInteger(now)}, NULL, ${sqlText(disabled ? 'user.disable' : 'user.enable')}, 'staff_user', CAST(id AS TEXT), ` +
      `json_object('disabled', disabled), ${sqlText(JSON.stringify({ disabled, via: 'cli' }))} FROM staff_users WHERE email = ${sqlText(email)}`,
    ...accountDisabledStatements(builder, accountOf(email), disabled, now).map(inlineSql),
  ].join(';\n') + ';';
}
