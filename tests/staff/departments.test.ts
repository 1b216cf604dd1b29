/**
 * Departments in the console: renaming, and merging one into another, which
 * moves its feedback, items and staff and deletes it, all or nothing; and the
 * sample seed's seven offices.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { dongxiaoDepartments } from '../../seed/dongxiao';
import { createDb } from '../../worker/db/d1';
import { createDepartment as createDepartmentWithAudit, ensureDepartments, mergeDepartment } from '../../worker/db/departments';
import { seedSample, SLUG } from '../helpers/api';
import { createDepartment, createItem, createUser, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

let admin: TestUser;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

const uniqueName = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 6)}`;

async function auditOf(action: string, targetId: number) {
  const { results } = await env.DB.prepare('select actor_id, before, after from audit_log where action = ? and target_type = ? and target_id = ? order by id')
    .bind(action, 'department', String(targetId))
    .all<{ actor_id: number; before: string | null; after: string | null }>();
  return results.map((r) => ({ actorId: r.actor_id, before: r.before && JSON.parse(r.before), after: r.after && JSON.parse(r.after) }));
}

async function departmentName(id: number): Promise<string | null> {
  return (await env.DB.prepare('select name from departments where id = ?').bind(id).first<{ name: string }>())?.name ?? null;
}

const rename = (id: number | string, body: unknown) => staff(`/departments/${id}`, { method: 'PATCH', cookie: admin.cookie, body });
const merge = (id: number | string, body: unknown) => staff(`/departments/${id}/merge`, { method: 'POST', cookie: admin.cookie, body });

describe('PATCH /api/staff/departments/:id', () => {
  it('renames a department, trimmed, and audits the name before and after', async () => {
    const old = uniqueName('城管科');
    const id = await createDepartment(old);
    const name = uniqueName('城市管理科');
    const res = await rename(id, { name: `  ${name} ` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, name });
    expect(await departmentName(id)).toBe(name);
    expect(await auditOf('department.rename', id)).toEqual([{ actorId: admin.id, before: { name: old }, after: { name } }]);
  });

  it('answers a rename to the same name without writing anything', async () => {
    const name = uniqueName('信访办');
    const id = await createDepartment(name);
    const res = await rename(id, { name });
    expect(res.status).toBe(200);
    expect(await auditOf('department.rename', id)).toEqual([]);
  });

  it('refuses a name another department has with 409, and changes nothing', async () => {
    const taken = uniqueName('重名科');
    await createDepartment(taken);
    const name = uniqueName('原名科');
    const id = await createDepartment(name);
    const res = await rename(id, { name: taken });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'department_exists', message: '已有同名的部门，请换一个名称' } });
    expect(await departmentName(id)).toBe(name);
    expect(await auditOf('department.rename', id)).toEqual([]);
  });

  it.each([
    [{ name: '' }, '请填写部门名称'],
    [{ name: '   ' }, '请填写部门名称'],
    [{}, '请填写部门名称'],
    [{ name: 42 }, '请填写部门名称'],
    [{ name: '部'.repeat(51) }, '部门名称不能超过 50 个字'],
    [{ name: '城管\u0000科' }, '部门名称含有无法识别的字符，请重新填写'],
    [{ name: '城管\u0007科' }, '部门名称含有无法识别的字符，请重新填写'],
  ])('refuses %j with 422: %s', async (body, message) => {
    const id = await createDepartment();
    const res = await rename(id, body);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields: { name: message } } });
  });

  it('answers 404 for a department that does not exist', async () => {
    const res = await rename(999_999, { name: '新名称' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'department_not_found', message: '找不到这个部门' } });
  });
});

/** A department with two feedback, one item and one member of staff. */
async function populated() {
  const id = await createDepartment(uniqueName('被合并科'));
  const feedback = [await submitPublic(), await submitPublic()];
  for (const f of feedback) await setFeedback(f.id, { department_id: id, status: 'in_progress' });
  const item = await createItem(SLUG, id);
  const user = await createUser('handler', { departmentId: id });
  return { id, feedback: feedback.map((f) => f.id), item, user: user.id };
}

async function departmentsOf(p: Awaited<ReturnType<typeof populated>>) {
  const [feedback, items, users] = await env.DB.batch([
    env.DB.prepare(`select department_id as d from feedback where id in (${p.feedback.join(',')}) order by id`),
    env.DB.prepare('select department_id as d from items where id = ?').bind(p.item),
    env.DB.prepare('select department_id as d from staff_users where id = ?').bind(p.user),
  ]);
  return { feedback: feedback!.results.map((r) => (r as { d: number }).d), items: items!.results.map((r) => (r as { d: number }).d), users: users!.results.map((r) => (r as { d: number }).d) };
}

describe('creating a department', () => {
  it('audits nothing when the name is taken, even by a department made in the same millisecond', async () => {
    const db = createDb(env.DB);
    const now = Date.now();
    const name = `同时科-${crypto.randomUUID().slice(0, 6)}`;
    await env.DB.prepare('insert into departments (name, created_at) values (?, ?)').bind(name, now).run();
    const mark = (await env.DB.prepare('select coalesce(max(id), 0) as id from audit_log').first<{ id: number }>())!.id;
    expect(await createDepartmentWithAudit(db, name, null, now)).toBeNull();
    expect((await env.DB.prepare('select action from audit_log where id > ?').bind(mark).all()).results).toEqual([]);
    // A name free to take is made and audited once.
    const free = `${name}-2`;
    expect(await createDepartmentWithAudit(db, free, null, now)).toMatchObject({ name: free });
    expect((await env.DB.prepare('select action, after from audit_log where id > ?').bind(mark).all()).results).toEqual([{ action: 'department.create', after: JSON.stringify({ name: free }) }]);
  });
});

describe('GET /api/staff/departments/:id', () => {
  it('says what a merge would move', async () => {
    const p = await populated();
    const res = await staff(`/departments/${p.id}`, { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: p.id, name: expect.any(String), counts: { feedback: 2, items: 1, staffUsers: 1 } });
  });
});

describe('POST /api/staff/departments/:id/merge', () => {
  it('moves every feedback, item and member of staff into the other department, deletes the department, and answers and audits the counts', async () => {
    const p = await populated();
    const name = (await departmentName(p.id))!;
    const intoName = uniqueName('承接科');
    const into = await createDepartment(intoName);
    const res = await merge(p.id, { into });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ into: { id: into, name: intoName }, moved: { feedback: 2, items: 1, staffUsers: 1 } });
    expect(await departmentsOf(p)).toEqual({ feedback: [into, into], items: [into], users: [into] });
    expect(await departmentName(p.id)).toBeNull();
    expect(await auditOf('department.merge', p.id)).toEqual([
      { actorId: admin.id, before: { name }, after: { into, intoName, moved: { feedback: 2, items: 1, staffUsers: 1 } } },
    ]);
  });

  it('lets the member of staff who moved see the moved feedback under the new department', async () => {
    const p = await populated();
    const into = await createDepartment();
    await merge(p.id, { into });
    const body = await json<{ feedback: Array<{ id: number }> }>(await staff(`/feedback?department=${into}`, { cookie: admin.cookie }));
    expect(body.feedback.map((f) => f.id).sort()).toEqual([...p.feedback].sort());
  });

  it('merges an empty department too', async () => {
    const id = await createDepartment();
    const into = await createDepartment();
    const res = await merge(id, { into });
    expect(await res.json()).toMatchObject({ moved: { feedback: 0, items: 0, staffUsers: 0 } });
    expect(await departmentName(id)).toBeNull();
  });

  it('moves nothing when any step fails: the whole merge is one transaction', async () => {
    const p = await populated();
    const into = await createDepartment();
    // The last step, deleting the department, fails; the moves before it must be undone.
    await env.DB.exec(`create trigger refuse_delete_${p.id} before delete on departments when old.id = ${p.id} begin select raise(abort, 'refused for the test'); end`);
    try {
      const db = createDb(env.DB);
      await expect(mergeDepartment(db, { id: p.id, name: '' }, { id: into, name: '' }, admin.id, Date.now())).rejects.toThrow();
    } finally {
      await env.DB.exec(`drop trigger refuse_delete_${p.id}`);
    }
    expect(await departmentsOf(p)).toEqual({ feedback: [p.id, p.id], items: [p.id], users: [p.id] });
    expect(await departmentName(p.id)).not.toBeNull();
    expect(await auditOf('department.merge', p.id)).toEqual([]);
  });

  it.each([
    ['itself', (id: number) => ({ into: id }), '不能把部门并入它自己，请选择另一个部门'],
    ['a department that does not exist', () => ({ into: 999_999 }), '找不到要并入的部门，请重新选择'],
    ['no department', () => ({}), '请选择要并入的部门'],
    ['a name instead of an id', () => ({ into: '城管科' }), '请选择要并入的部门'],
  ])('refuses a merge into %s with 422 and moves nothing', async (_what, body, message) => {
    const p = await populated();
    const res = await merge(p.id, body(p.id));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields: { into: message } } });
    expect(await departmentsOf(p)).toEqual({ feedback: [p.id, p.id], items: [p.id], users: [p.id] });
    expect(await auditOf('department.merge', p.id)).toEqual([]);
  });

  it('answers 404 for a department that does not exist, or no longer does', async () => {
    const into = await createDepartment();
    expect((await merge(999_999, { into })).status).toBe(404);
    const gone = await createDepartment();
    expect((await merge(gone, { into })).status).toBe(200);
    const again = await merge(gone, { into });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ error: { code: 'department_not_found', message: '找不到这个部门' } });
  });
});

describe('the sample seed', () => {
  async function seededNames(): Promise<string[]> {
    const { results } = await env.DB.prepare(`select name from departments where name in (${dongxiaoDepartments.map(() => '?').join(',')}) order by name`)
      .bind(...dongxiaoDepartments)
      .all<{ name: string }>();
    return results.map((r) => r.name);
  }

  it('adds the seven offices the sample notice names, and nothing on a second run', async () => {
    // The notice alone brings no departments (a new installation starts with none).
    expect(await seededNames()).toEqual([]);
    const db = createDb(env.DB);
    expect(await ensureDepartments(db, dongxiaoDepartments, Date.now())).toBe(7);
    expect(await ensureDepartments(db, dongxiaoDepartments, Date.now())).toBe(0);
    expect(await seededNames()).toEqual([...dongxiaoDepartments].sort());
  });
});
