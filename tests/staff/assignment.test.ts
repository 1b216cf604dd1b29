/**
 * Assignment of feedback to a department (POST /api/staff/feedback/:id/assignment):
 * the department is really stored, read back from the API and from the row; which
 * statuses may change it; what is refused and leaves the row as it was; and the
 * audit entry and internal timeline event each assignment writes.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSample } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

let admin: TestUser;
let first: { id: number; name: string };
let second: { id: number; name: string };

async function department(prefix: string) {
  const name = `${prefix}-${crypto.randomUUID().slice(0, 6)}`;
  return { id: await createDepartment(name), name };
}

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  first = await department('城市管理科');
  second = await department('社区事务科');
});

/** Fresh feedback put straight into `status`, with `departmentId` (or none). */
async function feedbackIn(status: string, departmentId: number | null): Promise<number> {
  const f = await submitPublic();
  await setFeedback(f.id, { status, department_id: departmentId, accepted_at: status === 'new' ? null : Date.now() });
  return f.id;
}

function assign(id: number, departmentId: unknown, cookie = admin.cookie) {
  return staff(`/feedback/${id}/assignment`, { method: 'POST', cookie, body: { departmentId } });
}

async function row(id: number) {
  return (await env.DB.prepare('select status, department_id, updated_at from feedback where id = ?').bind(id).first<{ status: string; department_id: number | null; updated_at: number }>())!;
}

async function detail(id: number) {
  return json<{ status: string; department: { id: number; name: string } | null; timeline: Array<Record<string, unknown>> }>(
    await staff(`/feedback/${id}`, { cookie: admin.cookie }),
  );
}

async function assignAudit(id: number) {
  return (
    await env.DB.prepare("select actor_id, target_type, target_id, before, after from audit_log where action = 'feedback.assign' and target_id = ? order by id")
      .bind(String(id))
      .all<{ actor_id: number; target_type: string; target_id: string; before: string | null; after: string | null }>()
  ).results;
}

async function assignedEvents(id: number) {
  return (
    await env.DB.prepare("select public, from_status, to_status, text, actor_id from feedback_events where feedback_id = ? and type = 'assigned' order by id").bind(id).all()
  ).results;
}

const VALIDATION = '提交的信息有误，请按提示修改';

describe('assigning a department', () => {
  it.each([
    ['new', null],
    ['accepted', null],
    ['new', 'first'],
    ['accepted', 'first'],
    ['in_progress', 'first'],
  ] as const)('sets the department of %s feedback (was %s), as both the API and the row show, and keeps its status', async (status, was) => {
    const id = await feedbackIn(status, was === null ? null : first.id);
    const res = await assign(id, second.id);
    expect(res.status).toBe(200);
    expect((await json<{ department: unknown }>(res)).department).toEqual({ id: second.id, name: second.name });
    expect((await detail(id)).department).toEqual({ id: second.id, name: second.name });
    expect(await row(id)).toMatchObject({ status, department_id: second.id });
  });

  it('reassigns feedback from one department to another and back', async () => {
    const id = await feedbackIn('accepted', null);
    expect((await assign(id, first.id)).status).toBe(200);
    expect((await row(id)).department_id).toBe(first.id);
    expect((await assign(id, second.id)).status).toBe(200);
    expect((await row(id)).department_id).toBe(second.id);
    expect((await detail(id)).department).toEqual({ id: second.id, name: second.name });
    expect((await assign(id, first.id)).status).toBe(200);
    expect((await row(id)).department_id).toBe(first.id);
    expect((await assignAudit(id)).map((e) => [JSON.parse(e.before!).departmentId, JSON.parse(e.after!).departmentId])).toEqual([
      [null, first.id],
      [first.id, second.id],
      [second.id, first.id],
    ]);
  });

  it.each(['new', 'accepted'])('unassigns %s feedback when departmentId is null', async (status) => {
    const id = await feedbackIn(status, first.id);
    const res = await assign(id, null);
    expect(res.status).toBe(200);
    expect((await json<{ department: unknown }>(res)).department).toBeNull();
    expect((await detail(id)).department).toBeNull();
    expect(await row(id)).toMatchObject({ status, department_id: null });
  });
});

describe('refusals, which leave the department as it was', () => {
  /** The row, its assignment events and its assignment audit entries, to compare before and after a refusal. */
  async function traces(id: number) {
    return { row: await row(id), events: await assignedEvents(id), audit: await assignAudit(id) };
  }

  // Written out rather than derived from ASSIGNABLE_STATUSES, so that widening that list fails here.
  it.each(['replied', 'closed', 'declined', 'duplicate', 'spam'])('refuses to change the department of %s feedback with 409 not_assignable', async (status) => {
    const id = await feedbackIn(status, first.id);
    const before = await traces(id);
    for (const departmentId of [second.id, null]) {
      const res = await assign(id, departmentId);
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ error: { code: 'not_assignable', message: '已答复、已办结或已结束处理的反馈不能更改承办部门' } });
    }
    expect(await traces(id)).toEqual(before);
    expect(before.row.department_id).toBe(first.id);
  });

  it('asks for a department when none is given', async () => {
    const id = await feedbackIn('accepted', first.id);
    const before = await traces(id);
    const res = await staff(`/feedback/${id}/assignment`, { method: 'POST', cookie: admin.cookie, body: {} });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: VALIDATION, fields: { departmentId: '请选择承办部门' } } });
    expect(await traces(id)).toEqual(before);
  });

  it('refuses to take the department away from feedback in progress', async () => {
    const id = await feedbackIn('in_progress', first.id);
    const before = await traces(id);
    const res = await assign(id, null);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: VALIDATION, fields: { departmentId: '请选择承办部门' } } });
    expect(await traces(id)).toEqual(before);
    expect((await detail(id)).department).toEqual({ id: first.id, name: first.name });
  });

  it.each([
    ['an unknown department', 999_999],
    ['zero', 0],
    ['a negative id', -1],
    ['a fraction', 1.5],
    ['a string', 'first'],
  ])('refuses %s with 422 and the field message', async (_name, departmentId) => {
    const id = await feedbackIn('accepted', first.id);
    const before = await traces(id);
    const res = await assign(id, departmentId === 'first' ? String(first.id) : departmentId);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: VALIDATION, fields: { departmentId: '找不到这个部门，请重新选择' } } });
    expect(await traces(id)).toEqual(before);
  });
});

describe('what an assignment records', () => {
  it('writes one feedback.assign audit entry: the actor, the feedback, and departmentId before and after', async () => {
    const id = await feedbackIn('accepted', first.id);
    await assign(id, second.id);
    expect(await assignAudit(id)).toEqual([{ actor_id: admin.id, target_type: 'feedback', target_id: String(id), before: expect.any(String), after: expect.any(String) }]);
    const [entry] = await assignAudit(id);
    expect(JSON.parse(entry!.before!)).toEqual({ status: 'accepted', departmentId: first.id });
    expect(JSON.parse(entry!.after!)).toEqual({ departmentId: second.id });
  });

  it('records an unassignment with departmentId null after', async () => {
    const id = await feedbackIn('new', first.id);
    await assign(id, null);
    const [entry] = await assignAudit(id);
    expect(JSON.parse(entry!.before!)).toEqual({ status: 'new', departmentId: first.id });
    expect(JSON.parse(entry!.after!)).toEqual({ departmentId: null });
  });

  it('adds a non-public assigned event to the timeline, with the department name as its text', async () => {
    const id = await feedbackIn('new', null);
    await assign(id, first.id);
    expect((await detail(id)).timeline.at(-1)).toMatchObject({
      type: 'assigned', public: false, fromStatus: null, toStatus: null, text: first.name, actor: { id: admin.id, displayName: '测试admin' },
    });
    expect(await assignedEvents(id)).toEqual([{ public: 0, from_status: null, to_status: null, text: first.name, actor_id: admin.id }]);
  });

  it('gives an unassignment event no department name', async () => {
    const id = await feedbackIn('accepted', first.id);
    await assign(id, null);
    expect(await assignedEvents(id)).toEqual([{ public: 0, from_status: null, to_status: null, text: null, actor_id: admin.id }]);
  });

  it('advances the row\'s updated_at, the version that concurrent changes are checked against', async () => {
    const id = await feedbackIn('accepted', null);
    const was = (await row(id)).updated_at;
    await assign(id, first.id);
    expect((await row(id)).updated_at).toBeGreaterThan(was);
  });
});
