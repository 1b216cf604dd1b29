/**
 * A bench's own staff admin in a local server's D1, made as bench:export makes
 * one (the CLI's SQL through `wrangler d1 execute --local`, its first-sign-in
 * password change waived), and signed in: the benches read the staff view too.
 */
import { execFileSync } from 'node:child_process';
import { createStaffUserSql, sqlText } from '../../worker/db/staff-users-sql';
import { hashPassword } from '../../worker/staff/password';
import { bin, type LocalServer } from '../local-server';
import { requestOnce } from './http';

const EMAIL = 'bench-admin@example.gov.cn';
const PASSWORD = 'bench flood passphrase 2026';

/** Creates the admin and returns a session cookie for it. */
export async function benchAdminCookie(server: Pick<LocalServer, 'baseUrl' | 'persistTo' | 'appDir'>): Promise<string> {
  const now = Date.now();
  const sql = `${createStaffUserSql({ email: EMAIL, displayName: '基准测试', role: 'admin', departmentName: null }, await hashPassword(PASSWORD), now)}
    UPDATE staff_users SET must_change_password = 0 WHERE email = ${sqlText(EMAIL)};`;
  execFileSync(bin('wrangler'), ['d1', 'execute', 'DB', '--local', '--persist-to', server.persistTo, '--command', sql], {
    cwd: server.appDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const res = await requestOnce(
    server.baseUrl,
    'POST',
    '/api/staff/session',
    { origin: server.baseUrl, 'content-type': 'application/json' },
    JSON.stringify({ email: EMAIL, password: PASSWORD }),
  );
  const setCookie = res.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : []).find((c) => c.startsWith('__Host-rw_session='));
  if (res.status !== 200 || !cookie) throw new Error(`the bench admin's sign-in answered ${res.status}: ${res.body}`);
  return cookie.split(';')[0]!;
}
