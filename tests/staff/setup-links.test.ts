/**
 * One-time setup links: a new member (or one whose account was reset) opens the
 * link, chooses a password and is signed in. A link works once, for 24 hours,
 * only until a newer one is made, and never for a disabled account; unknown
 * links are throttled per client; the token is stored only as a hash and never
 * appears anywhere but in the answer that made the link.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../worker/lib/crypto';
import { seedSample } from '../helpers/api';
import { checkLink, inviteThroughApi, setPassword, tokenOf } from './account-helpers';
import { json, login, sessionCookie, signedIn, staff, type TestUser } from './helpers';

const NEW_PASSWORD = '我自己选的一句足够长的密码';
let admin: TestUser;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

/** A client address of its own, so that this test's unknown links do not count against another's. */
const ownClient = () => ({ 'cf-connecting-ip': `203.0.113.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID().slice(0, 4)}` });

const errorOf = (code: string, message: string) => ({ error: { code, message } });
const UNKNOWN = errorOf('setup_link_unknown', '找不到这个设置密码的链接。请检查链接是否完整复制，或请管理员重新生成');
const USED = errorOf('setup_link_used', '这个设置密码的链接已经使用过，不能再次使用。如果不是您本人设置的，请立即联系管理员');
const EXPIRED = errorOf('setup_link_expired', '这个设置密码的链接已失效（超过 24 小时，或管理员已生成新的链接）。请联系管理员重新生成');

describe('a setup link', () => {
  it('tells whose account it sets up, for 24 hours', async () => {
    const member = await inviteThroughApi(admin.cookie, 'handler', { displayName: '李四' });
    const res = await checkLink(member.token);
    expect(res.status).toBe(200);
    const body = await json<{ email: string; displayName: string; purpose: string; expiresAt: number }>(res);
    expect(body).toEqual({ email: member.email, displayName: '李四', purpose: 'invite', expiresAt: expect.any(Number) });
    expect(body.expiresAt - Date.now()).toBeGreaterThan(24 * 3_600_000 - 60_000);
    expect(body.expiresAt - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it('sets the password once, signs the member in, and then refuses to work again', async () => {
    const member = await inviteThroughApi(admin.cookie);
    const res = await setPassword(member.token, NEW_PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { id: member.id, email: member.email, role: 'viewer', mustChangePassword: false, permissions: ['feedback.read'] } });
    const cookie = sessionCookie(res);
    // The session is a full one: no password change is asked for.
    expect((await staff('/feedback', { cookie })).status).toBe(200);
    expect((await login(member.email, NEW_PASSWORD)).status).toBe(200);

    const again = await setPassword(member.token, 'somebody else tries the link');
    expect(again.status).toBe(410);
    expect(await again.json()).toEqual(USED);
    expect((await checkLink(member.token)).status).toBe(410);
    expect((await login(member.email, 'somebody else tries the link')).status).toBe(401);
    const row = await env.DB.prepare('select used_at from staff_setup_tokens where user_id = ?').bind(member.id).first<{ used_at: number | null }>();
    expect(row!.used_at).toEqual(expect.any(Number));
  });

  it('works for one of two requests sent at once', async () => {
    const member = await inviteThroughApi(admin.cookie);
    const answers = await Promise.all([setPassword(member.token, NEW_PASSWORD), setPassword(member.token, `${NEW_PASSWORD}，第二个`)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 410]);
    const winner = answers.findIndex((r) => r.status === 200);
    expect((await login(member.email, winner === 0 ? NEW_PASSWORD : `${NEW_PASSWORD}，第二个`)).status).toBe(200);
  });

  it('expires after 24 hours', async () => {
    const member = await inviteThroughApi(admin.cookie);
    await env.DB.prepare('update staff_setup_tokens set expires_at = ? where user_id = ?').bind(Date.now() - 1, member.id).run();
    const check = await checkLink(member.token);
    expect(check.status).toBe(410);
    expect(await check.json()).toEqual(EXPIRED);
    expect((await setPassword(member.token, NEW_PASSWORD)).status).toBe(410);
    expect((await env.DB.prepare('select must_change_password as m from staff_users where id = ?').bind(member.id).first<{ m: number }>())!.m).toBe(1);
  });

  it('is refused, unknown, when no link has that token or the token is not one we make', async () => {
    const headers = ownClient();
    for (const token of [tokenOf(`#/setup/${'A'.repeat(43)}`), 'abc', `${'a'.repeat(43)}!`]) {
      const res = await checkLink(token, headers);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(UNKNOWN);
    }
    expect((await setPassword('B'.repeat(43), NEW_PASSWORD, headers)).status).toBe(404);
  });

  it.each([
    [{}, { token: '链接不完整，请从管理员发来的链接重新打开' }],
    [{ token: '' }, { token: '链接不完整，请从管理员发来的链接重新打开' }],
    [{ token: 42 }, { token: '链接不完整，请从管理员发来的链接重新打开' }],
  ])('refuses a check without a token, %j, with 422', async (body, fields) => {
    const res = await staff('/setup', { method: 'POST', body });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
  });

  it.each([
    ['too short', 'short', '新密码至少需要 12 个字符'],
    ['too long', 'x'.repeat(129), '新密码不能超过 128 个字符'],
    ['missing', undefined, '新密码至少需要 12 个字符'],
  ])('refuses a password that is %s with 422, and the link still works', async (_what, newPassword, message) => {
    const member = await inviteThroughApi(admin.cookie);
    const res = await staff('/setup/password', { method: 'POST', body: { token: member.token, newPassword } });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields: { newPassword: message } } });
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await setPassword(member.token, NEW_PASSWORD)).status).toBe(200);
  });

  it('stops working when a newer link is made for the account', async () => {
    const member = await inviteThroughApi(admin.cookie);
    const reset = await json<{ setupLink: string }>(await staff(`/users/${member.id}/reset`, { method: 'POST', cookie: admin.cookie }));
    const old = await setPassword(member.token, NEW_PASSWORD);
    expect(old.status).toBe(410);
    expect(await old.json()).toEqual(EXPIRED);
    const check = await json<{ purpose: string }>(await checkLink(tokenOf(reset.setupLink)));
    expect(check.purpose).toBe('reset');
    expect((await setPassword(tokenOf(reset.setupLink), NEW_PASSWORD)).status).toBe(200);
  });

  it('stops working when the account is disabled, and does not come back when it is enabled', async () => {
    const member = await inviteThroughApi(admin.cookie);
    expect((await staff(`/users/${member.id}/disable`, { method: 'POST', cookie: admin.cookie })).status).toBe(200);
    expect(await (await checkLink(member.token)).json()).toEqual(EXPIRED);
    expect((await staff(`/users/${member.id}/enable`, { method: 'POST', cookie: admin.cookie })).status).toBe(200);
    expect((await setPassword(member.token, NEW_PASSWORD)).status).toBe(410);
  });

  it('is kept only as the SHA-256 of its token', async () => {
    const member = await inviteThroughApi(admin.cookie);
    const row = await env.DB.prepare('select token_hash, purpose, created_by, expires_at - created_at as ttl from staff_setup_tokens where user_id = ?')
      .bind(member.id)
      .first<Record<string, unknown>>();
    expect(row).toEqual({ token_hash: await sha256Hex(`staff-setup:${member.token}`), purpose: 'invite', created_by: admin.id, ttl: 24 * 3_600_000 });
    expect(await everyStoredText()).not.toContain(member.token);
  });

  it('appears in no answer but the one that made it, and in no audit entry', async () => {
    const member = await inviteThroughApi(admin.cookie);
    const reset = await json<{ setupLink: string }>(await staff(`/users/${member.id}/reset`, { method: 'POST', cookie: admin.cookie }));
    const tokens = [member.token, tokenOf(reset.setupLink)];
    const set = await setPassword(tokens[1]!, NEW_PASSWORD);
    const answers = [
      await set.text(),
      await (await checkLink(tokens[1]!)).text(),
      await (await staff('/users', { cookie: admin.cookie })).text(),
      await (await staff(`/audit?targetType=staff_user&targetId=${member.id}`, { cookie: admin.cookie })).text(),
    ];
    for (const token of tokens) for (const answer of answers) expect(answer).not.toContain(token);
    expect(answers.join('\n')).not.toContain(NEW_PASSWORD);
    expect(await everyStoredText()).not.toContain(NEW_PASSWORD);
    for (const token of tokens) expect(await everyStoredText()).not.toContain(token);
  });
});

/** Every text value of every table, to search for what must never be stored. */
async function everyStoredText(): Promise<string> {
  const { results: tables } = await env.DB.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%'").all<{ name: string }>();
  const out: string[] = [];
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`select * from "${name}"`).all<Record<string, unknown>>();
    for (const r of results) for (const v of Object.values(r)) if (typeof v === 'string') out.push(v);
  }
  return out.join('\n');
}

describe('setting a password through a link', () => {
  it('ends every other session of the account and lifts its sign-in lockout', async () => {
    const member = await signedIn('handler');
    const reset = await json<{ setupLink: string }>(await staff(`/users/${member.id}/reset`, { method: 'POST', cookie: admin.cookie }));
    // A session made after the reset (say, by whoever else knew the old state) and a lockout.
    await env.DB.prepare("insert into staff_sessions (token_hash, user_id, created_at, last_seen_at, expires_at) values ('stray', ?, ?, ?, ?)")
      .bind(member.id, Date.now(), Date.now(), Date.now() + 3_600_000)
      .run();
    const res = await setPassword(tokenOf(reset.setupLink), NEW_PASSWORD);
    expect(res.status).toBe(200);
    const { results } = await env.DB.prepare('select token_hash from staff_sessions where user_id = ?').bind(member.id).all<{ token_hash: string }>();
    expect(results.map((s) => s.token_hash)).not.toContain('stray');
    expect(results).toHaveLength(1);
  });

  it('is audited as user.setup by the member, with the purpose and nothing secret', async () => {
    const member = await inviteThroughApi(admin.cookie);
    await setPassword(member.token, NEW_PASSWORD);
    const { results } = await env.DB.prepare("select actor_id, target_id, before, after from audit_log where action = 'user.setup' and target_id = ?").bind(String(member.id)).all();
    expect(results).toEqual([{ actor_id: member.id, target_id: String(member.id), before: null, after: '{"purpose":"invite"}' }]);
  });
});

describe('guessing setup links', () => {
  it('locks a client out after 10 unknown links, even from a real link, while other clients go on', async () => {
    const headers = ownClient();
    for (let i = 0; i < 10; i++) expect((await checkLink(crypto.randomUUID().replace(/-/g, '').padEnd(43, 'x'), headers)).status).toBe(404);
    const member = await inviteThroughApi(admin.cookie);
    const locked = await checkLink(member.token, headers);
    expect(locked.status).toBe(429);
    expect(await locked.json()).toEqual(errorOf('too_many_attempts', '尝试次数过多，请 1 分钟后再试'));
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await setPassword(member.token, NEW_PASSWORD, headers)).status).toBe(429);
    // Another client, and sign-in from this one, are not affected.
    expect((await checkLink(member.token, ownClient())).status).toBe(200);
    expect((await login(admin.email, admin.password, headers)).status).toBe(200);
  });

  it('does not count used or expired links, which a person may well open twice', async () => {
    const headers = ownClient();
    const member = await inviteThroughApi(admin.cookie);
    await setPassword(member.token, NEW_PASSWORD);
    for (let i = 0; i < 12; i++) expect((await checkLink(member.token, headers)).status).toBe(410);
  });
});

describe('the setup routes', () => {
  it('are under the CSRF guard like every staff POST', async () => {
    const member = await inviteThroughApi(admin.cookie);
    const noOrigin = await staff('/setup/password', { method: 'POST', body: { token: member.token, newPassword: NEW_PASSWORD }, headers: { origin: '' } });
    expect(noOrigin.status).toBe(403);
    const otherSite = await staff('/setup', { method: 'POST', body: { token: member.token }, headers: { origin: 'https://evil.example' } });
    expect(otherSite.status).toBe(403);
    const form = await staff('/setup/password', { method: 'POST', body: `token=${member.token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect((await checkLink(member.token)).status).toBe(200);
  });

  it('answer GET with 405', async () => {
    expect((await staff('/setup')).status).toBe(405);
    expect((await staff('/setup/password')).status).toBe(405);
  });
});
