/**
 * Staff accounts and departments through the API, the SQL the CLI runs
 * remotely, and the demo admin of a local start.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { createStaffUser } from '../../worker/db/staff-users';
import { createStaffUserSql } from '../../worker/db/staff-users-sql';
import { ensureDemoAdmin } from '../../worker/staff/accounts';
import { hashPassword } from '../../worker/staff/password';
import { seedSample } from '../helpers/api';
import { createDepartment, json, login, signedIn, staff, type TestUser } from './helpers';

let admin: TestUser;
beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

describe('POST /api/staff/users', () => {
  it('creates an account with a one-time setup link, never a password, whose owner can sign in only through the link', async () => {
    const email = `New.User-${crypto.randomUUID().slice(0, 6)}@Example.gov.cn`;
    const department = await createDepartment();
    const res = await staff('/users', { method: 'POST', cookie: admin.cookie, body: { email, displayName: '新同事', role: 'handler', departmentId: department } });
    expect(res.status).toBe(201);
    const body = await json<{ user: Record<string, unknown>; setupLink: string; expiresAt: number }>(res);
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'setupLink', 'user']);
    expect(body.user).toMatchObject({ email: email.toLowerCase(), displayName: '新同事', role: 'handler', departmentId: department, mustChangePassword: true });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.setupLink).toMatch(/^http:\/\/localhost\/staff\/#\/setup\/[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt - Date.now()).toBeGreaterThan(24 * 3_600_000 - 60_000);
    const token = body.setupLink.split('/').pop()!;
    const set = await staff('/setup/password', { method: 'POST', body: { token, newPassword: '一句只有新同事才知道的那句话' } });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ user: { email: email.toLowerCase(), mustChangePassword: false } });
    expect((await login(email, '一句只有新同事才知道的那句话')).status).toBe(200);
  });

  it('lists accounts without their password hashes', async () => {
    const text = await (await staff('/users', { cookie: admin.cookie })).text();
    expect(text).toContain(admin.email);
    expect(text).not.toMatch(/password(Hash|Salt)|pbkdf2/i);
  });

  it.each([
    [{ email: 'not-an-email', role: 'viewer' }, { email: '请填写正确的电子邮箱，如 name@example.gov.cn' }],
    [{ email: 'a@example.gov.cn', role: 'root' }, { role: '请选择角色：管理员（admin）、承办人（handler）或查看人（viewer）' }],
    [{ email: 'b@example.gov.cn', role: 'admin', departmentId: 1 }, { departmentId: '管理员不属于某个部门，请不要选择部门' }],
    [{ email: 'c@example.gov.cn', role: 'handler', departmentId: 999_999 }, { departmentId: '找不到这个部门，请重新选择' }],
    [{ email: 'd@example.gov.cn', role: 'viewer', displayName: '名'.repeat(51) }, { displayName: '姓名不能超过 50 个字' }],
  ])('refuses %j with %j', async (body, fields) => {
    const res = await staff('/users', { method: 'POST', cookie: admin.cookie, body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: unknown } }).error.fields).toEqual(fields);
  });

  it('refuses a second account for one e-mail with 409', async () => {
    const res = await staff('/users', { method: 'POST', cookie: admin.cookie, body: { email: admin.email.toUpperCase(), role: 'viewer' } });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'user_exists', message: '这个邮箱已经有工作台账号' } });
  });
});

describe('departments', () => {
  it('are created by admins, listed for everyone, and unique by name', async () => {
    const name = `综合治理办-${crypto.randomUUID().slice(0, 4)}`;
    const created = await staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name: ` ${name} ` } });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: expect.any(Number), name });
    const list = await json<{ departments: Array<{ name: string }> }>(await staff('/departments', { cookie: admin.cookie }));
    expect(list.departments.map((d) => d.name)).toContain(name);
    const again = await staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name } });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: { code: 'department_exists', message: '已有同名的部门，请换一个名称' } });
  });

  it.each([
    [{ name: '' }, { name: '请填写部门名称' }],
    [{ name: '部'.repeat(51) }, { name: '部门名称不能超过 50 个字' }],
    [{}, { name: '请填写部门名称' }],
  ])('refuses %j', async (body, fields) => {
    const res = await staff('/departments', { method: 'POST', cookie: admin.cookie, body });
    expect(((await res.json()) as { error: { fields: unknown } }).error.fields).toEqual(fields);
  });
});

describe('creating an account', () => {
  it('audits nothing when the e-mail has an account, even one made in the same millisecond', async () => {
    const db = createDb(env.DB);
    const now = Date.now();
    const email = `same-ms-${crypto.randomUUID().slice(0, 6)}@example.gov.cn`;
    const hash = await hashPassword('a long enough passphrase');
    await env.DB.prepare('insert into staff_users (email, display_name, role, password_hash, password_salt, password_iterations, created_at) values (?, ?, ?, ?, ?, ?, ?)')
      .bind(email, '先来的', 'viewer', hash.passwordHash, hash.passwordSalt, hash.passwordIterations, now)
      .run();
    const mark = (await env.DB.prepare('select coalesce(max(id), 0) as id from audit_log').first<{ id: number }>())!.id;
    expect(await createStaffUser(db, { email, displayName: '后来的', role: 'admin', departmentId: null }, null, now)).toBeNull();
    expect((await env.DB.prepare('select action from audit_log where id > ?').bind(mark).all()).results).toEqual([]);
    expect(await env.DB.prepare('select display_name, role from staff_users where email = ?').bind(email).first()).toEqual({ display_name: '先来的', role: 'viewer' });
  });
});

describe('the CLI', () => {
  it('generates SQL for --remote that creates the account, quoting every value', async () => {
    const email = `o'brien-${crypto.randomUUID().slice(0, 4)}@example.gov.cn`;
    const sql = createStaffUserSql({ email, displayName: "O'Brien'); DROP TABLE staff_users; --", role: 'handler', departmentName: "信访'办" }, await hashPassword('a long enough passphrase'), Date.now());
    await env.DB.exec(sql.replace(/\n/g, ' '));
    const row = await env.DB.prepare('select u.display_name, u.role, u.must_change_password, d.name from staff_users u join departments d on d.id = u.department_id where u.email = ?')
      .bind(email)
      .first();
    expect(row).toEqual({ display_name: "O'Brien'); DROP TABLE staff_users; --", role: 'handler', must_change_password: 1, name: "信访'办" });
    expect((await login(email, 'a long enough passphrase')).status).toBe(200);
  });

  it('creates the demo admin once, returning its one-time password only the first time', async () => {
    const db = createDb(env.DB);
    const password = await ensureDemoAdmin(db);
    expect(password).toMatch(/^[2-9a-z]{4}(-[2-9a-z]{4}){4}$/);
    expect(await ensureDemoAdmin(db)).toBeNull();
    const res = await login('admin@example.gov.cn', password!);
    expect(await res.json()).toMatchObject({ user: { role: 'admin', mustChangePassword: true } });
  });
});
