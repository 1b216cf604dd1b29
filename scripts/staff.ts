/**
 * `npm run staff -- add --email E --role admin|handler|viewer [--name N] [--department D] --local|--remote|--node [--persist-to DIR]`
 * `npm run staff -- reset|disable|enable --email E --local|--remote|--node [--persist-to DIR]`
 *
 * Creates a staff account and prints its one-time password on a line of its own,
 * `password: …`; the user must change it at first sign-in. --local writes to the
 * local D1 (as `npm start` uses it); --remote runs the SQL through
 * `wrangler d1 execute DB --remote`; --node writes to the Node host's SQLite file
 * (DATA_DIR or DATABASE_FILE, as the server reads them). A named department is created if missing.
 * Nothing personal is printed besides what was typed.
 *
 * `reset` gives an account a new one-time password (its sessions end and its
 * lockout lifts); `disable` locks an account out at once and `enable` lets it back.
 * These run the same SQL through `wrangler d1 execute` locally or remotely, or on the SQLite file.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createDepartment, departmentByName } from '../worker/db/departments';
import { createStaffUserSql, resetPasswordSql, setDisabledSql, sqlText } from '../worker/db/staff-users-sql';
import { createStaffUser } from '../worker/db/staff-users';
import { charCount, hasUnprintable } from '../worker/feedback/rules';
import { accountFailures, displayNameOf } from '../worker/staff/account-rules';
import { accountMessage, DEPARTMENT_NAME_MAX } from '../worker/staff/messages';
import { hashPassword, newOneTimePassword } from '../worker/staff/password';
import type { StaffRole } from '../worker/staff/roles';
import type { Db } from '../worker/db/client';
import { accountKey } from '../worker/staff/throttle';
import { withLocalDb } from './local-env';
import { withNodeDb } from './node-env';
import { openDatabase } from '../server/db';
import { serverOptions } from '../server/options';

const USAGE = [
  'usage: npm run staff -- add --email E --role admin|handler|viewer [--name N] [--department D] --local|--remote|--node [--persist-to DIR]',
  '       npm run staff -- reset|disable|enable --email E --local|--remote|--node [--persist-to DIR]',
].join('\n');

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
    node: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
  },
});

const command = positionals[0];
if (!values.email || [values.local, values.remote, values.node].filter(Boolean).length !== 1) fail(USAGE);
if (command === 'reset' || command === 'disable' || command === 'enable') {
  await recover(command, values.email);
  process.exit(0);
}
if (command !== 'add' || !values.role) fail(USAGE);
const email = values.email.trim().toLowerCase();
const department = values.department?.trim() || null;
const problems = accountFailures({ email, displayName: values.name, role: values.role, departmentId: department === null ? null : 0 });
if (department !== null && (hasUnprintable(department) || charCount(department) > DEPARTMENT_NAME_MAX)) fail(`--department: 1 to ${DEPARTMENT_NAME_MAX} printable characters`);
const FLAGS: Record<string, string> = { email: 'email', displayName: 'name', role: 'role', departmentId: 'department' };
if (problems.length > 0) fail(problems.map(([field, rule]) => `--${FLAGS[field]}: ${accountMessage(rule)}`).join('\n'));
const user = { email, displayName: displayNameOf({ email, displayName: values.name }), role: values.role as StaffRole };
const now = Date.now();

if (values.local || values.node) {
  const withDb = values.node ? withNodeDb : <T>(fn: (db: Db) => Promise<T>) => withLocalDb(values['persist-to'], fn);
  const password = await withDb(async (db) => {
    let departmentId: number | null = null;
    if (department !== null) departmentId = (await departmentByName(db, department))?.id ?? (await createDepartment(db, department, null, now))!.id;
    const created = await createStaffUser(db, { ...user, departmentId }, null, now);
    if (!created) fail('An account with this e-mail already exists.');
    return created.password;
  });
  console.log(`Created a staff account (role: ${user.role}) in the ${values.node ? 'SQLite file' : 'local D1'}. Sign in at /staff and change this one-time password:`);
  console.log(`password: ${password}`);
} else {
  const password = newOneTimePassword();
  const sql = createStaffUserSql({ ...user, departmentName: department }, await hashPassword(password), now);
  const run = spawnSync('npx', ['wrangler', 'd1', 'execute', 'DB', '--remote', '--command', sql], { stdio: ['inherit', 'ignore', 'inherit'] });
  if (run.status !== 0) fail('wrangler d1 execute failed; no account was created (an existing e-mail also fails here).');
  console.log(`Created a staff account (role: ${user.role}) in the remote database. Sign in at /staff and change this one-time password:`);
  console.log(`password: ${password}`);
}

/** Runs SQL on the local or remote D1, or on the SQLite file, and returns the rows of its first statement. */
async function execute(sql: string): Promise<Array<Record<string, unknown>>> {
  if (values.node) {
    const database = await openDatabase(serverOptions(process.env).databaseFile);
    try {
      // A single statement answers with its rows; several run as one transaction.
      if (!sql.trim().replace(/;\s*$/, '').includes(';')) return (await database.client.execute(sql)).rows as unknown as Array<Record<string, unknown>>;
      await database.client.executeMultiple(`BEGIN;\n${sql}\nCOMMIT;`);
      return [];
    } catch (err) {
      fail(`the SQLite file refused the change; nothing was changed (${(err as Error).message}).`);
    } finally {
      database.close();
    }
  }
  const where = values.remote ? ['--remote'] : ['--local', ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])];
  const run = spawnSync('npx', ['wrangler', 'd1', 'execute', 'DB', ...where, '--json', '--command', sql], { encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] });
  if (run.status !== 0) fail('wrangler d1 execute failed; nothing was changed.');
  try {
    return (JSON.parse(run.stdout) as Array<{ results?: Array<Record<string, unknown>> }>)[0]?.results ?? [];
  } catch {
    return [];
  }
}

async function recover(command: 'reset' | 'disable' | 'enable', emailInput: string): Promise<void> {
  const email = emailInput.trim().toLowerCase();
  const now = Date.now();
  // wrangler reports no change counts for local runs, so ask first whether the account exists.
  if ((await execute(`SELECT id FROM staff_users WHERE email = ${sqlText(email)}`)).length === 0) fail('No account has this e-mail.');
  if (command === 'reset') {
    const password = newOneTimePassword();
    await execute(resetPasswordSql(email, await hashPassword(password), await accountKey(email), now));
    console.log('Reset the password; every session of this account has ended. Give the user this one-time password, to be changed at sign-in:');
    console.log(`password: ${password}`);
    return;
  }
  await execute(setDisabledSql(email, command === 'disable', now));
  console.log(command === 'disable' ? 'Disabled the account; its sessions have ended.' : 'Enabled the account.');
}
