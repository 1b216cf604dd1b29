/**
 * Sign-in, the session cookie, expiry, sign-out and changing one's password.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../worker/lib/crypto';
import { seedSample } from '../helpers/api';
import { createUser, json, login, PASSWORD, sessionCookie, signedIn, staff } from './helpers';

beforeAll(async () => {
  await seedSample();
});

async function sessionRow(cookie: string) {
  const token = cookie.split('=')[1]!;
  return env.DB.prepare('select * from staff_sessions where token_hash = ?').bind(await sha256Hex(`staff-session:${token}`)).first<{ id: number; created_at: number; last_seen_at: number; expires_at: number }>();
}

describe('POST /api/staff/session', () => {
  it('sets a __Host- cookie that is HttpOnly, Secure, SameSite=Strict, on path / and without a domain', async () => {
    const u = await createUser('handler');
    const res = await login(u.email, u.password);
    expect(res.status).toBe(200);
    const [header, ...others] = res.headers.getSetCookie();
    expect(others).toEqual([]);
    const [pair, ...attributes] = header!.split('; ');
    expect(pair).toMatch(/^__Host-rw_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=43200', 'Path=/', 'SameSite=Strict', 'Secure']);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ user: { id: u.id, email: u.email, role: 'handler', mustChangePassword: false } });
  });

  it('stores only the SHA-256 of the token', async () => {
    const u = await createUser('viewer');
    const cookie = sessionCookie(await login(u.email, u.password));
    const token = cookie.split('=')[1]!;
    const row = await sessionRow(cookie);
    expect(row).not.toBeNull();
    const all = JSON.stringify((await env.DB.prepare('select * from staff_sessions').all()).results);
    expect(all).not.toContain(token);
  });

  it('accepts the e-mail in any case and with spaces around it', async () => {
    const u = await createUser('viewer');
    expect((await login(`  ${u.email.toUpperCase()} `, u.password)).status).toBe(200);
  });

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    const u = await createUser('viewer');
    const wrong = await login(u.email, 'not the password');
    const unknown = await login('nobody@example.gov.cn', PASSWORD);
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const expected = { error: { code: 'login_failed', message: '邮箱或密码不正确' } };
    expect(await wrong.json()).toEqual(expected);
    expect(await unknown.json()).toEqual(expected);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('refuses a body without an e-mail or a password with 422, one message per field', async () => {
    const res = await staff('/session', { method: 'POST', body: {} });
    expect(res.status).toBe(422);
    expect((await json<{ error: { fields: unknown } }>(res)).error.fields).toEqual({
      email: '请填写正确的电子邮箱，如 name@example.gov.cn',
      password: '请填写密码',
    });
  });
});

describe('the session', () => {
  it('answers GET /api/staff/session with the user and what they may do', async () => {
    const u = await signedIn('viewer');
    const res = await staff('/session', { cookie: u.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { id: u.id, role: 'viewer', permissions: ['feedback.read'] }, idleTimeoutSeconds: 1800, maxExtensionDays: 30 });
  });

  it('ends after 30 minutes without a request', async () => {
    const u = await signedIn('handler');
    const row = await sessionRow(u.cookie);
    await env.DB.prepare('update staff_sessions set last_seen_at = ? where id = ?').bind(Date.now() - 30 * 60_000 - 1, row!.id).run();
    const res = await staff('/session', { cookie: u.cookie });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录整改监督工作台' } });
    expect(await sessionRow(u.cookie)).toBeNull();
  });

  it('stays alive while used: a request after 29 minutes moves the idle limit on', async () => {
    const u = await signedIn('handler');
    const row = await sessionRow(u.cookie);
    await env.DB.prepare('update staff_sessions set last_seen_at = ? where id = ?').bind(Date.now() - 29 * 60_000, row!.id).run();
    expect((await staff('/session', { cookie: u.cookie })).status).toBe(200);
    expect((await sessionRow(u.cookie))!.last_seen_at).toBeGreaterThan(Date.now() - 60_000);
  });

  it('ends 12 hours after sign-in however active it is', async () => {
    const u = await signedIn('handler');
    const row = await sessionRow(u.cookie);
    expect(row!.expires_at - row!.created_at).toBe(12 * 3_600_000);
    await env.DB.prepare('update staff_sessions set expires_at = ? where id = ?').bind(Date.now() - 1, row!.id).run();
    expect((await staff('/session', { cookie: u.cookie })).status).toBe(401);
  });

  it('is deleted on sign-out, and the cookie cleared', async () => {
    const u = await signedIn('admin');
    const res = await staff('/session', { method: 'DELETE', cookie: u.cookie });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()[0]).toMatch(/^__Host-rw_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(await sessionRow(u.cookie)).toBeNull();
    expect((await staff('/session', { cookie: u.cookie })).status).toBe(401);
  });

  it('is refused for a disabled account', async () => {
    const u = await signedIn('handler');
    await env.DB.prepare('update staff_users set disabled = 1 where id = ?').bind(u.id).run();
    expect((await staff('/session', { cookie: u.cookie })).status).toBe(401);
  });

  it('does not exist for a made-up token', async () => {
    expect((await staff('/feedback', { cookie: '__Host-rw_session=made-up' })).status).toBe(401);
  });
});

describe('the one-time password', () => {
  it('must be changed before anything but the session routes answers', async () => {
    const u = await createUser('handler', { oneTime: true });
    const cookie = sessionCookie(await login(u.email, u.password));
    const res = await staff('/feedback', { cookie });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'password_change_required', message: '首次登录请先修改密码，然后才能继续操作' } });
    expect(await json(await staff('/session', { cookie }))).toMatchObject({ user: { mustChangePassword: true } });

    const changed = await staff('/session/password', { method: 'POST', cookie, body: { currentPassword: u.password, newPassword: 'a new passphrase' } });
    expect(changed.status).toBe(200);
    expect((await staff('/feedback', { cookie })).status).toBe(200);
    expect((await login(u.email, 'a new passphrase')).status).toBe(200);
  });

  it('is the password the new account signs in with', async () => {
    const u = await createUser('viewer', { oneTime: true });
    const res = await login(u.email, u.password);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { mustChangePassword: true } });
  });
});

describe('POST /api/staff/session/password', () => {
  it.each([
    [{ currentPassword: 'wrong password!', newPassword: 'a new passphrase' }, { currentPassword: '当前密码不正确，请重新填写' }],
    [{ currentPassword: PASSWORD, newPassword: '太短的密码' }, { newPassword: '新密码至少需要 12 个字符' }],
    [{ currentPassword: PASSWORD, newPassword: 'x'.repeat(129) }, { newPassword: '新密码不能超过 128 个字符' }],
    [{ currentPassword: PASSWORD, newPassword: PASSWORD }, { newPassword: '新密码不能与当前密码相同' }],
  ])('refuses %j with %j', async (body, fields) => {
    const u = await signedIn('handler');
    const res = await staff('/session/password', { method: 'POST', cookie: u.cookie, body });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
  });

  it('signs out every other session of the user, keeps this one, and audits without the passwords', async () => {
    const u = await signedIn('handler');
    const other = sessionCookie(await login(u.email, u.password));
    const res = await staff('/session/password', { method: 'POST', cookie: u.cookie, body: { currentPassword: PASSWORD, newPassword: '另一个足够长的新的登录密码' } });
    expect(res.status).toBe(200);
    expect((await staff('/session', { cookie: other })).status).toBe(401);
    expect((await staff('/session', { cookie: u.cookie })).status).toBe(200);
    const audit = await env.DB.prepare("select before, after from audit_log where action = 'session.password' and actor_id = ?").bind(u.id).all();
    expect(audit.results).toEqual([{ before: null, after: null }]);
  });
});
