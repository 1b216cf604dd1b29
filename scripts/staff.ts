/**
 * `npm run staff -- add --email E --role admin|handler|viewer [--name N] [--department D] --local|--remote [--persist-to DIR]`
 *
 * Creates a staff account and prints its one-time password on a line of its own,
 * `password: …`; the user must change it at first sign-in. --local writes to the
 * local D1 (as `npm start` uses it); --remote runs the SQL through
 * `wrangler d1 execute DB --remote`. A named department is created if missing.
 * Nothing personal is printed besides what was typed.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createDepartment, departmentByName } from '../worker/db/departments';
import { createStaffUserSql } from '../worker/db/staff-users-sql';
import { createStaffUser } from '../worker/db/staff-users';
import { charCount, hasUnprintable } from '../worker/feedback/rules';
import { accountFailures, displayNameOf } from '../worker/staff/account-rules';
import { accountMessage, DEPARTMENT_NAME_MAX } from '../worker/staff/messages';
import { hashPassword, newOneTimePassword } from '../worker/staff/password';
import type { StaffRole } from '../worker/staff/roles';
import { withLocalDb } from './local-env';

const USAGE = 'usage: npm run staff -- add --email E --role admin|handler|viewer [--name N] [--department D] --local|--remote [--persist-to DIR]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    department: { type: 'string' },
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
});

if (positionals[0] !== 'add' || !values.email || !values.role || values.local === values.remote) fail(USAGE);
const email = values.email.trim().toLowerCase();
const department = values.department?.trim() || null;
const problems = accountFailures({ email, displayName: values.name, role: values.role, departmentId: department === null ? null : 0 });
if (department !== null && (hasUnprintable(department) || charCount(department) > DEPARTMENT_NAME_MAX)) fail(`--department: 1 to ${DEPARTMENT_NAME_MAX} printable characters`);
const FLAGS: Record<string, string> = { email: 'email', displayName: 'name', role: 'role', departmentId: 'department' };
if (problems.length > 0) fail(problems.map(([field, rule]) => `--${FLAGS[field]}: ${accountMessage(rule)}`).join('\n'));
const user = { email, displayName: displayNameOf({ email, displayName: values.name }), role: values.role as StaffRole };
const now = Date.now();

if (values.local) {
  const password = await withLocalDb(values['persist-to'], async (db) => {
    let departmentId: number | null = null;
    if (department !== null) departmentId = (await departmentByName(db, department))?.id ?? (await createDepartment(db, department, null, now))!.id;
    const created = await createStaffUser(db, { ...user, departmentId }, null, now);
    if (!created) fail('An account with this e-mail already exists.');
    return created.password;
  });
  console.log(`Created a staff account (role: ${user.role}) in the local database. Sign in at /staff and change this one-time password:`);
  console.log(`password: ${password}`);
} else {
  const password = newOneTimePassword();
  const sql = createStaffUserSql({ ...user, departmentName: department }, await hashPassword(password), now);
  const run = spawnSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--remote', '--command', sql], { stdio: ['inherit', 'ignore', 'inherit'] });
  if (run.status !== 0) fail('wrangler d1 execute failed; no account was created (an existing e-mail also fails here).');
  console.log(`Created a staff account (role: ${user.role}) in the remote database. Sign in at /staff and change this one-time password:`);
  console.log(`password: ${password}`);
}
