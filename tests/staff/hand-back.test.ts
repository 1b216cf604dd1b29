/**
 * 退回 (POST /api/staff/feedback/:id/return): a handler of the department a
 * feedback was given to hands it back to the clerks as not theirs, with a reason.
 * Only they may; the department is cleared, work in progress goes back to
 * accepted, the feedback is marked returned (returned_at, return_reason) with an
 * internal timeline event and one audit entry; the clerks see it as returned
 * until they give it to a department again, which clears the mark and makes it
 * newly assigned work (签收 reset).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSample } from '../helpers/api';
import { staffErrors, staffFieldMessages } from '../../worker/staff/messages';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

const REASON = '反映的是路灯维修，属于城建办职责，不归本部门办理';

let admin: TestUser;
let clerk: TestUser;
let handler: TestUser;
let otherHandler: TestUser;
let viewer: TestUser;
let departmentA: number;
let departmentB: number;

beforeAll(async () => {
  await seedSample();
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  admin = await signedIn('admin');
  // A clerk: a handler without a department, who triages everything.
  clerk = await signedIn('handler');
  handler = await signedIn('handler', { departmentId: departmentA });
  otherHandler = await signedIn('handler', { departmentId: departmentB });
  viewer = await signedIn('viewer', { departmentId: departmentA });
});

async function feedbackOfA(status: string, extra: Record<string, string | number | null> = {}): Promise<number> {
  const f = await submitPublic();
  await setFeedback(f.id, { status, department_id: departmentA, accepted_at: status === 'new' ? null : Date.now(), ...extra });
  return f.id;
}

async function row(id: number) {
  return (await env.DB.prepare('select status, department_id, returned_at, return_reason, department_seen_at, updated_at from feedback where id = ?').bind(id).first<Record<string, unknown>>())!;
}

async function auditOf(id: number, action: string) {
  return (
    await env.DB.prepare('select actor_id, before, after from audit_log where target_type = ? and target_id = ? and action = ? order by id')
      .bind('feedback', String(id), action)
      .all<{ actor_id: number; before: string; after: string }>()
  ).results.map((e) => ({ actorId: e.actor_id, before: JSON.parse(e.before), after: JSON.parse(e.after) }));
}

function handBack(id: number, who: TestUser, body: Record<string, unknown> = { reason: REASON }) {
  return staff(`/feedback/${id}/return`, { method: 'POST', cookie: who.cookie, body });
}

describe('a handler of the department hands feedback back', () => {
  it('takes work in progress back to accepted, without a department, marked returned, with an internal event and one audit entry', async () => {
    const seenAt = Date.now() - 60_000;
    const id = await feedbackOfA('in_progress', { department_seen_at: seenAt });
    const was = await row(id);

    const res = await handBack(id, handler, { reason: `  ${REASON}\n` });
    expect(res.status).toBe(200);
    const body = await json<{ id: number; status: string; returned: { at: number; reason: string } }>(res);
    expect(body).toMatchObject({ id, status: 'accepted', returned: { reason: REASON } });

    const after = await row(id);
    expect(after).toMatchObject({ status: 'accepted', department_id: null, returned_at: body.returned.at, return_reason: REASON, department_seen_at: null });
    expect(after.updated_at as number).toBeGreaterThan(was.updated_at as number);

    const events = (await env.DB.prepare("select type, public, from_status, to_status, text, actor_id from feedback_events where feedback_id = ? and type = 'returned'").bind(id).all()).results;
    expect(events).toEqual([{ type: 'returned', public: 0, from_status: 'in_progress', to_status: 'accepted', text: REASON, actor_id: handler.id }]);
    expect(await auditOf(id, 'feedback.return')).toEqual([
      {
        actorId: handler.id,
        before: { status: 'in_progress', departmentId: departmentA, returnedAt: null, returnReason: null, departmentSeenAt: seenAt },
        after: { departmentId: null, returnedAt: body.returned.at, returnReason: REASON, status: 'accepted', departmentSeenAt: null },
      },
    ]);
    const all = (await env.DB.prepare("select count(*) as n from audit_log where target_type = 'feedback' and target_id = ?").bind(String(id)).first<{ n: number }>())!.n;
    expect(all).toBe(1);

    // Out of the handler's scope now; the clerks see it as returned, with the reason, and never on the public timeline.
    expect((await staff(`/feedback/${id}`, { cookie: handler.cookie })).status).toBe(404);
    const seenByClerk = await json<{ status: string; department: null; returned: { at: number; reason: string }; timeline: Array<{ type: string; public: boolean }> }>(
      await staff(`/feedback/${id}`, { cookie: clerk.cookie }),
    );
    expect(seenByClerk).toMatchObject({ status: 'accepted', department: null, returned: { at: body.returned.at, reason: REASON } });
    expect(seenByClerk.timeline.find((e) => e.type === 'returned')).toMatchObject({ public: false });
  });

  it('leaves new and accepted feedback in their status', async () => {
    for (const status of ['new', 'accepted']) {
      const id = await feedbackOfA(status);
      expect((await handBack(id, handler)).status).toBe(200);
      expect(await row(id)).toMatchObject({ status, department_id: null, return_reason: REASON });
    }
  });
});

describe('who may hand back, and what', () => {
  it('refuses everyone but a handler of the department, and leaves the feedback as it was', async () => {
    const id = await feedbackOfA('accepted');
    const was = await row(id);
    const cases: Array<[TestUser, number, { code: string; message: string }]> = [
      [admin, 403, { code: 'forbidden', message: '只有承办部门的承办人可以退回反馈。要更换承办部门，请直接修改承办部门' }],
      [clerk, 403, { code: 'forbidden', message: staffErrors.returnOwnDepartmentOnly }],
      [viewer, 403, { code: 'forbidden', message: staffErrors.forbidden }],
      [otherHandler, 404, { code: 'feedback_not_found', message: staffErrors.feedbackNotFound }],
    ];
    for (const [who, status, error] of cases) {
      const res = await handBack(id, who);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error });
    }
    expect(await row(id)).toEqual(was);
    expect(await auditOf(id, 'feedback.return')).toEqual([]);
  });

  it('needs a reason', async () => {
    const id = await feedbackOfA('accepted');
    for (const body of [{}, { reason: '   ' }, { reason: null }]) {
      const res = await handBack(id, handler, body);
      expect(res.status).toBe(422);
      expect(await res.json()).toEqual({
        error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields: { reason: '请填写退回的理由：为什么不属于本部门办理。理由只有工作人员能看到' } },
      });
    }
    const long = await handBack(id, handler, { reason: '理'.repeat(501) });
    expect(long.status).toBe(422);
    expect(await long.json()).toMatchObject({ error: { fields: { reason: staffFieldMessages.reason.tooLong } } });
    expect(await row(id)).toMatchObject({ status: 'accepted', department_id: departmentA, returned_at: null });
  });

  it('refuses feedback already replied to or closed', async () => {
    for (const status of ['replied', 'closed', 'declined']) {
      const id = await feedbackOfA(status);
      const res = await handBack(id, handler);
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ error: { code: 'not_returnable', message: staffErrors.notReturnable } });
      expect(await row(id)).toMatchObject({ status, department_id: departmentA, returned_at: null });
    }
  });

  it('refuses a hand-back made on a stale read', async () => {
    const id = await feedbackOfA('accepted');
    const { updated_at } = await row(id);
    await staff(`/feedback/${id}/notes`, { method: 'POST', cookie: clerk.cookie, body: { text: '先记一笔' } });
    await staff(`/feedback/${id}/extend`, { method: 'POST', cookie: clerk.cookie, body: { days: 5, reason: '需要现场核查' } });
    const res = await handBack(id, handler, { reason: REASON, updatedAt: updated_at });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'stale' } });
    expect(await row(id)).toMatchObject({ department_id: departmentA, returned_at: null });
  });
});

describe('given to a department again', () => {
  it('clears the return mark and makes it newly assigned work for that department', async () => {
    const id = await feedbackOfA('in_progress');
    expect((await handBack(id, handler)).status).toBe(200);

    const res = await staff(`/feedback/${id}/assignment`, { method: 'POST', cookie: clerk.cookie, body: { departmentId: departmentB } });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ department: { id: departmentB }, returned: null, departmentSeenAt: null });
    expect(await row(id)).toMatchObject({ department_id: departmentB, returned_at: null, return_reason: null, department_seen_at: null });
    expect((await auditOf(id, 'feedback.assign')).map((e) => e.after)).toEqual([{ departmentId: departmentB, returnedAt: null, returnReason: null }]);
  });

  it('clears it when the clerk starts work with a department', async () => {
    const id = await feedbackOfA('in_progress');
    expect((await handBack(id, handler)).status).toBe(200);
    const res = await staff(`/feedback/${id}/transition`, { method: 'POST', cookie: clerk.cookie, body: { to: 'in_progress', departmentId: departmentB } });
    expect(res.status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'in_progress', department_id: departmentB, returned_at: null, return_reason: null });
  });
});
