import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { resetPasswordSql, setDisabledSql } from '../../worker/db/staff-users-sql';
import { hashPassword } from '../../worker/staff/password';
import { accountKey } from '../../worker/staff/throttle';
import { createUser, login, PASSWORD, signedIn, staff } from './helpers';

// The CLI runs these through `wrangler d1 execute`; here they run on the test D1 the same way, as text.
async function execute(sql: string) {
  await env.DB.exec(sql);
}

describe('account recovery from the CLI', () => {
  it('resets a password: the old one stops working, the new one must be changed, sessions end, the lockout lifts', async () => {
    const user = await signedIn('handler');
    const key = await accountKey(user.email);
    await env.DB.prepare('insert into login_failures (key, failures, last_failure_at, locked_until) values (?, 9, ?, ?)').bind(key, Date.now(), Date.now() + 3_600_000).run();

    await execute(resetPasswordSql(user.email, await hashPassword('a brand new one-time pass'), key, Date.now()));

    expect((await staff('/session', { cookie: user.cookie })).status).toBe(401);
    expect((await login(user.email, PASSWORD)).status).toBe(401);
    const res = await login(user.email, 'a brand new one-time pass');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
    const audit = await env.DB.prepare("select action from audit_log where target_id = ? and action = 'user.password_reset'").bind(String(user.id)).first();
    expect(audit).toEqual({ action: 'user.password_reset' });
  });

  it('disables an account at once and enables it again', async () => {
    const user = await signedIn('viewer');
    await execute(setDisabledSql(user.email, true, Date.now()));
    expect((await staff('/session', { cookie: user.cookie })).status).toBe(401);
    expect((await login(user.email, PASSWORD)).status).toBe(401);

    await execute(setDisabledSql(user.email, false, Date.now()));
    expect((await login(user.email, PASSWORD)).status).toBe(200);
    const actions = await env.DB.prepare("select action from audit_log where target_id = ? and action like 'user.%able' order by id").bind(String(user.id)).all();
    expect(actions.results).toEqual([{ action: 'user.disable' }, { action: 'user.enable' }]);
  });

  it('keeps quotes in an e-mail from ending the SQL string', async () => {
    const victim = await createUser('admin');
    await execute(setDisabledSql(`x' OR '1'='1`, true, Date.now()));
    expect(await env.DB.prepare('select disabled from staff_users where id = ?').bind(victim.id).first()).toEqual({ disabled: 0 });
  });
});
