/**
 * The audit log: append-only in the database itself, written by every staff
 * write, free of secrets, and readable by admins page by page.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditJson } from '../../worker/db/audit';
import { seedSample } from '../helpers/api';
import { json, signedIn, staff, submitPublic, type TestUser } from './helpers';

let admin: TestUser;
beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

describe('audit_log in the database', () => {
  it('refuses UPDATE', async () => {
    const row = await env.DB.prepare("insert into audit_log (at, action, target_type) values (1, 'test', 'test') returning id").first<{ id: number }>();
    await expect(env.DB.prepare("update audit_log set action = 'changed' where id = ?").bind(row!.id).run()).rejects.toThrow(/audit_log is append-only/);
    expect(await env.DB.prepare('select action from audit_log where id = ?').bind(row!.id).first()).toEqual({ action: 'test' });
  });

  it('refuses DELETE', async () => {
    const row = await env.DB.prepare("insert into audit_log (at, action, target_type) values (1, 'test', 'test') returning id").first<{ id: number }>();
    await expect(env.DB.prepare('delete from audit_log where id = ?').bind(row!.id).run()).rejects.toThrow(/audit_log is append-only/);
    await expect(env.DB.prepare('delete from audit_log').run()).rejects.toThrow(/audit_log is append-only/);
    expect(await env.DB.prepare('select count(*) as n from audit_log where id = ?').bind(row!.id).first()).toEqual({ n: 1 });
  });
});

describe('entries', () => {
  it('drop anything that looks like a password, hash, salt or token', () => {
    const text = auditJson({ email: 'a@example.gov.cn', password: 'x', passwordHash: 'h', nested: { passwordSalt: 's', tokenHash: 't', queryCode: 'q' } });
    expect(JSON.parse(text!)).toEqual({ email: 'a@example.gov.cn', nested: {} });
  });

  it('record a new account without its one-time password', async () => {
    const res = await staff('/users', { method: 'POST', cookie: admin.cookie, body: { email: `audited-${crypto.randomUUID().slice(0, 6)}@example.gov.cn`, role: 'viewer' } });
    const { user, password } = await json<{ user: { id: number }; password: string }>(res);
    const entry = await env.DB.prepare("select actor_id, target_id, before, after from audit_log where action = 'user.create' and target_id = ?").bind(String(user.id)).first<Record<string, unknown>>();
    expect(entry).toMatchObject({ actor_id: admin.id, target_id: String(user.id), before: null });
    expect(String(entry!.after)).not.toContain(password);
    const all = JSON.stringify((await env.DB.prepare('select * from audit_log').all()).results);
    expect(all).not.toContain(password);
    expect(all).not.toMatch(/pbkdf2|password_hash|"passwordHash"/i);
  });

  it('record sign-in and sign-out', async () => {
    const u = await signedIn('viewer');
    await staff('/session', { method: 'DELETE', cookie: u.cookie });
    const actions = await env.DB.prepare('select action from audit_log where actor_id = ? order by id').bind(u.id).all();
    expect(actions.results).toEqual([{ action: 'session.login' }, { action: 'session.logout' }]);
  });
});

describe('GET /api/staff/audit', () => {
  it('pages newest first by id, and filters by target', async () => {
    for (let i = 0; i < 3; i++) {
      await staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name: `审计科-${i}-${crypto.randomUUID().slice(0, 4)}` } });
    }
    const first = await json<{ entries: Array<{ id: number; action: string; actor: unknown }>; next: number | null }>(await staff('/audit?limit=2', { cookie: admin.cookie }));
    expect(first.entries.map((e) => e.action)).toEqual(['department.create', 'department.create']);
    expect(first.entries[0]!.actor).toEqual({ id: admin.id, displayName: '测试admin' });
    expect(first.entries[0]!.id).toBeGreaterThan(first.entries[1]!.id);
    const second = await json<{ entries: Array<{ id: number }> }>(await staff(`/audit?limit=2&before=${first.next}`, { cookie: admin.cookie }));
    expect(second.entries[0]!.id).toBeLessThan(first.entries[1]!.id);
    const onlyDepartments = await json<{ entries: Array<{ targetType: string }> }>(await staff('/audit?targetType=department', { cookie: admin.cookie }));
    expect(new Set(onlyDepartments.entries.map((e) => e.targetType))).toEqual(new Set(['department']));
  });

  it("names a feedback target by its reference, as staff know it (null for other targets)", async () => {
    const f = await submitPublic();
    const accepted = await staff(`/feedback/${f.id}/transition`, { method: 'POST', cookie: admin.cookie, body: { to: 'accepted' } });
    expect(accepted.status).toBe(200);
    type Entries = { entries: Array<{ action: string; targetId: string; targetRef: string | null }> };
    const own = await json<Entries>(await staff(`/audit?targetType=feedback&targetId=${f.id}`, { cookie: admin.cookie }));
    expect(own.entries.map((e) => [e.action, e.targetId, e.targetRef])).toContainEqual(['feedback.transition', String(f.id), f.ref]);
    const departments = await json<Entries>(await staff('/audit?targetType=department&limit=1', { cookie: admin.cookie }));
    expect(departments.entries[0]!.targetRef).toBeNull();
  });
});
