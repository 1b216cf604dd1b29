/**
 * Staff accounts managed in the console: role, department and name; disabling
 * and enabling; a reset, which ends the account's sessions, lifts its lockout,
 * stops the old password and gives a new setup link. Each is audited with what
 * it changed, and nothing secret. The last-admin rule is in last-admin.test.ts.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountKey } from '../../worker/staff/throttle';
import { seedSample } from '../helpers/api';
import { checkLink, inviteThroughApi, setPassword, tokenOf } from './account-helpers';
import { createDepartment, createUser, json, login, PASSWORD, signedIn, staff, type TestUser } from './helpers';

let admin: TestUser;
let departmentA: number;
let departmentB: number;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  departmentA = await createDepartment();
  departmentB = await createDepartment();
});

interface AuditRow {
  action: string;
  actor_id: number;
  before: string | null;
  after: string | null;
}

async function entriesFor(userId: number): Promise<Array<{ action: string; actorId: number; before: unknown; after: unknown }>> {
  const { results } = await env.DB.prepare("select action, actor_id, before, after from audit_log where target_type = 'staff_user' and target_id = ? and action like 'user.%' order by id")
    .bind(String(userId))
    .all<AuditRow>();
  return results.map((r) => ({ action: r.action, actorId: r.actor_id, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) }));
}

const patch = (id: number, body: unknown, cookie = admin.cookie) => staff(`/users/${id}`, { method: 'PATCH', cookie, body });
const post = (id: number, action: string, cookie = admin.cookie) => staff(`/users/${id}/${action}`, { method: 'POST', cookie });
const fieldsOf = async (res: Response) => ((await res.json()) as { error: { fields?: unknown } }).error.fields;

describe('PATCH /api/staff/users/:id', () => {
  it('changes role, department and name, and audits only what changed, before and after', async () => {
    const u = await createUser('viewer', { departmentId: departmentA });
    const res = await patch(u.id, { role: 'handler', departmentId: departmentB, displayName: '  王五 ' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: expect.objectContaining({ id: u.id, role: 'handler', departmentId: departmentB, displayName: '王五' }) });
    expect(await entriesFor(u.id)).toEqual([
      { action: 'user.create', actorId: null, before: null, after: expect.any(Object) },
      { action: 'user.update', actorId: admin.id, before: { role: 'viewer', departmentId: departmentA, displayName: '测试viewer' }, after: { role: 'handler', departmentId: departmentB, displayName: '王五' } },
    ]);
  });

  it('changes one field at a time, leaving the others', async () => {
    const u = await createUser('handler', { departmentId: departmentA });
    expect(await (await patch(u.id, { departmentId: null })).json()).toMatchObject({ user: { role: 'handler', departmentId: null, displayName: '测试handler' } });
    expect((await entriesFor(u.id)).at(-1)).toMatchObject({ before: { departmentId: departmentA }, after: { departmentId: null } });
  });

  it("takes effect on the member's next request", async () => {
    const u = await signedIn('handler');
    expect((await staff('/users', { cookie: u.cookie })).status).toBe(403);
    await patch(u.id, { role: 'admin' });
    expect((await staff('/users', { cookie: u.cookie })).status).toBe(200);
  });

  it('takes a new admin out of their department, and puts the name back to the e-mail when it is emptied', async () => {
    const u = await createUser('handler', { departmentId: departmentA });
    const body = await json<{ user: Record<string, unknown> }>(await patch(u.id, { role: 'admin', displayName: '' }));
    expect(body.user).toMatchObject({ role: 'admin', departmentId: null, displayName: u.email.split('@')[0] });
  });

  it('writes nothing when nothing changes', async () => {
    const u = await createUser('viewer');
    const before = await entriesFor(u.id);
    expect((await patch(u.id, { role: 'viewer', displayName: '测试viewer' })).status).toBe(200);
    expect((await patch(u.id, {})).status).toBe(200);
    expect(await entriesFor(u.id)).toEqual(before);
  });

  it.each([
    [{ role: 'root' }, { role: '请选择角色：管理员（admin）、承办人（handler）或查看人（viewer）' }],
    [{ role: 'admin', departmentId: 1 }, { departmentId: '管理员不属于某个部门，请不要选择部门' }],
    [{ departmentId: 999_999 }, { departmentId: '找不到这个部门，请重新选择' }],
    [{ departmentId: 'A 科' }, { departmentId: '找不到这个部门，请重新选择' }],
    [{ displayName: '名'.repeat(51) }, { displayName: '姓名不能超过 50 个字' }],
    [{ displayName: '王\u0000五' }, { displayName: '姓名含有无法识别的字符，请重新填写' }],
  ])('refuses %j with 422 and changes nothing', async (body, fields) => {
    const u = await createUser('viewer');
    const before = await entriesFor(u.id);
    const res = await patch(u.id, body);
    expect(res.status).toBe(422);
    expect(await fieldsOf(res)).toEqual(fields);
    expect(await entriesFor(u.id)).toEqual(before);
  });

  it('refuses a department for an admin who stays admin', async () => {
    const u = await createUser('admin');
    const res = await patch(u.id, { departmentId: departmentA });
    expect(await fieldsOf(res)).toEqual({ departmentId: '管理员不属于某个部门，请不要选择部门' });
  });

  it('answers 404 for an account that does not exist', async () => {
    const res = await patch(999_999, { role: 'viewer' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'user_not_found', message: '找不到这个账号' } });
  });
});

describe('disabling and enabling', () => {
  it('locks a member out at once, ends their sessions, and lets them back with the same password', async () => {
    const u = await signedIn('handler');
    const res = await post(u.id, 'disable');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { id: u.id, disabled: true } });
    expect((await staff('/session', { cookie: u.cookie })).status).toBe(401);
    expect((await env.DB.prepare('select count(*) as n from staff_sessions where user_id = ?').bind(u.id).first<{ n: number }>())!.n).toBe(0);
    expect((await login(u.email, PASSWORD)).status).toBe(401);

    const enabled = await post(u.id, 'enable');
    expect(await enabled.json()).toMatchObject({ user: { disabled: false } });
    expect((await login(u.email, PASSWORD)).status).toBe(200);
    expect((await entriesFor(u.id)).slice(-2)).toEqual([
      { action: 'user.disable', actorId: admin.id, before: { disabled: false }, after: { disabled: true } },
      { action: 'user.enable', actorId: admin.id, before: { disabled: true }, after: { disabled: false } },
    ]);
  });

  it('does nothing, and writes nothing, when the account is already so', async () => {
    const u = await createUser('viewer');
    await post(u.id, 'disable');
    const before = await entriesFor(u.id);
    expect((await post(u.id, 'disable')).status).toBe(200);
    await post(u.id, 'enable');
    expect((await post(u.id, 'enable')).status).toBe(200);
    expect((await entriesFor(u.id)).map((e) => e.action).slice(before.length)).toEqual(['user.enable']);
  });

  it('refuses to let an admin disable their own account', async () => {
    await signedIn('admin');
    const res = await post(admin.id, 'disable');
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'own_account', message: '不能停用自己正在使用的账号。如需停用，请由另一位管理员操作' } });
    expect((await staff('/session', { cookie: admin.cookie })).status).toBe(200);
  });

  it('answers 404 for an account that does not exist', async () => {
    expect((await post(999_999, 'disable')).status).toBe(404);
    expect((await post(999_999, 'enable')).status).toBe(404);
  });
});

describe('a reset', () => {
  it('stops the old password, ends every session, lifts the lockout, and answers a new setup link', async () => {
    const u = await signedIn('handler');
    const key = await accountKey(u.email);
    await env.DB.prepare('insert into login_failures (key, failures, last_failure_at, locked_until) values (?, 9, ?, ?)').bind(key, Date.now(), Date.now() + 3_600_000).run();

    const res = await post(u.id, 'reset');
    expect(res.status).toBe(200);
    const body = await json<{ user: Record<string, unknown>; setupLink: string; expiresAt: number }>(res);
    expect(body.user).toMatchObject({ id: u.id, mustChangePassword: true });
    expect(body.setupLink).toMatch(/^http:\/\/localhost\/staff\/#\/setup\/[A-Za-z0-9_-]{43}$/);

    expect((await staff('/session', { cookie: u.cookie })).status).toBe(401);
    expect(await env.DB.prepare('select key from login_failures where key = ?').bind(key).first()).toBeNull();
    expect((await login(u.email, PASSWORD)).status).toBe(401);
    expect((await setPassword(tokenOf(body.setupLink), '重置之后我自己想的一句新密码')).status).toBe(200);
    expect((await login(u.email, '重置之后我自己想的一句新密码')).status).toBe(200);
    expect((await entriesFor(u.id)).at(-2)).toEqual({ action: 'user.reset', actorId: admin.id, before: null, after: { purpose: 'reset', expiresAt: body.expiresAt } });
  });

  it('replaces a link not yet used', async () => {
    const member = await inviteThroughApi(admin.cookie);
    const first = await json<{ setupLink: string }>(await post(member.id, 'reset'));
    const second = await json<{ setupLink: string }>(await post(member.id, 'reset'));
    expect((await checkLink(member.token)).status).toBe(410);
    expect((await checkLink(tokenOf(first.setupLink))).status).toBe(410);
    expect((await checkLink(tokenOf(second.setupLink))).status).toBe(200);
  });

  it("refuses the admin's own account, and a disabled one", async () => {
    const own = await post(admin.id, 'reset');
    expect(own.status).toBe(409);
    expect(await own.json()).toEqual({ error: { code: 'own_account', message: '不能重置自己正在使用的账号。要更换密码，请使用“修改密码”' } });
    const u = await createUser('viewer');
    await post(u.id, 'disable');
    const disabled = await post(u.id, 'reset');
    expect(disabled.status).toBe(409);
    expect(await disabled.json()).toEqual({ error: { code: 'account_disabled', message: '这个账号已停用。请先启用账号，再重置密码' } });
  });
});

describe('the account list', () => {
  it('says which accounts wait for their setup link, and until when', async () => {
    const member = await inviteThroughApi(admin.cookie);
    const { users } = await json<{ users: Array<{ id: number; mustChangePassword: boolean; disabled: boolean; setupLinkExpiresAt: number | null }> }>(
      await staff('/users', { cookie: admin.cookie }),
    );
    expect(users.find((u) => u.id === member.id)).toMatchObject({ mustChangePassword: true, disabled: false, setupLinkExpiresAt: expect.any(Number) });
    expect(users.find((u) => u.id === admin.id)).toMatchObject({ mustChangePassword: false, setupLinkExpiresAt: null });
    await setPassword(member.token, '受邀同事自己想好的一句密码');
    const after = await json<{ users: Array<{ id: number; mustChangePassword: boolean; setupLinkExpiresAt: number | null }> }>(await staff('/users', { cookie: admin.cookie }));
    expect(after.users.find((u) => u.id === member.id)).toMatchObject({ mustChangePassword: false, setupLinkExpiresAt: null });
  });
});
