/**
 * The last active admin can be neither demoted nor disabled, by anyone, not
 * even when two admins act on each other at the same moment. An admin counts
 * as active when enabled and signed in with a password of their own: one still
 * waiting to use a setup link may never come.
 *
 * Every test starts with no active admin in this file's database and makes the
 * admins it needs.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { setStaffUserDisabled, updateStaffUser } from '../../worker/db/staff-account-changes';
import { findUserById } from '../../worker/db/staff-users';
import { seedSample } from '../helpers/api';
import { createUser, signedIn, staff } from './helpers';

const LAST_ADMIN = { error: { code: 'last_admin', message: '这是最后一个可用的管理员账号，不能停用，也不能改为其他角色。请先为另一位同事开设管理员账号' } };

beforeEach(async () => {
  await seedSample();
  await env.DB.prepare("update staff_users set disabled = 1 where role = 'admin'").run();
});

async function activeAdmins(): Promise<number> {
  return (await env.DB.prepare("select count(*) as n from staff_users where role = 'admin' and disabled = 0 and must_change_password = 0").first<{ n: number }>())!.n;
}

const demote = (id: number, cookie: string) => staff(`/users/${id}`, { method: 'PATCH', cookie, body: { role: 'handler' } });
const disable = (id: number, cookie: string) => staff(`/users/${id}/disable`, { method: 'POST', cookie });

describe('the last active admin', () => {
  it('cannot demote themselves, and nothing is written', async () => {
    const only = await signedIn('admin');
    const mark = (await env.DB.prepare('select max(id) as id from audit_log').first<{ id: number }>())!.id;
    const res = await demote(only.id, only.cookie);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual(LAST_ADMIN);
    expect(await activeAdmins()).toBe(1);
    expect((await env.DB.prepare('select count(*) as n from audit_log where id > ?').bind(mark).first<{ n: number }>())!.n).toBe(0);
  });

  it('may demote themselves once another admin is active', async () => {
    const a = await signedIn('admin');
    await signedIn('admin');
    expect((await demote(a.id, a.cookie)).status).toBe(200);
    expect(await activeAdmins()).toBe(1);
  });

  it('is not saved by an admin who has not yet set a password, nor by a disabled one', async () => {
    const only = await signedIn('admin');
    await createUser('admin', { oneTime: true });
    const disabled = await createUser('admin');
    await env.DB.prepare('update staff_users set disabled = 1 where id = ?').bind(disabled.id).run();
    expect(await (await demote(only.id, only.cookie)).json()).toEqual(LAST_ADMIN);
  });

  it('stays when two admins demote each other at the same moment', async () => {
    const a = await signedIn('admin');
    const b = await signedIn('admin');
    const answers = await Promise.all([demote(b.id, a.cookie), demote(a.id, b.cookie)]);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    // The other is refused: by the rule, or, if the first change came before its request was read, for no longer being an admin.
    expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([expect.toBeOneOf([409, 403])]);
    expect(await activeAdmins()).toBe(1);
  });

  it('stays when two admins disable each other at the same moment', async () => {
    const a = await signedIn('admin');
    const b = await signedIn('admin');
    const answers = await Promise.all([disable(b.id, a.cookie), disable(a.id, b.cookie)]);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([expect.toBeOneOf([409, 401])]);
    expect(await activeAdmins()).toBe(1);
  });

  it('is kept by the statements themselves, not only by the check before them', async () => {
    // As if the check had passed on a stale read: the guarded write must still refuse.
    const only = await signedIn('admin');
    const db = createDb(env.DB);
    const row = (await findUserById(db, only.id))!;
    expect(await updateStaffUser(db, row, { role: 'viewer', departmentId: null, displayName: row.displayName }, only.id, Date.now())).toBeNull();
    expect(await setStaffUserDisabled(db, row, true, only.id, Date.now())).toBe(false);
    expect(await activeAdmins()).toBe(1);
    expect((await env.DB.prepare("select count(*) as n from audit_log where target_id = ? and action in ('user.update', 'user.disable')").bind(String(only.id)).first<{ n: number }>())!.n).toBe(0);
  });

  it('may be disabled while another active admin remains', async () => {
    const a = await signedIn('admin');
    const b = await signedIn('admin');
    expect((await disable(b.id, a.cookie)).status).toBe(200);
    expect(await (await disable(a.id, a.cookie)).json()).toMatchObject({ error: { code: 'own_account' } });
    expect(await activeAdmins()).toBe(1);
  });
});
