/**
 * 签收 (POST /api/staff/feedback/:id/seen): the console sends it when a handler
 * of the department a feedback was given to opens it. The first time sets
 * department_seen_at, with one feedback.seen audit entry; later ones change
 * nothing. Only a handler of that department signs; reading the feedback (GET)
 * never does; giving it to another department makes it unopened work again.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSample } from '../helpers/api';
import { staffErrors } from '../../worker/staff/messages';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

let admin: TestUser;
let clerk: TestUser;
let handler: TestUser;
let colleague: TestUser;
let otherHandler: TestUser;
let viewer: TestUser;
let departmentA: number;
let departmentB: number;

beforeAll(async () => {
  await seedSample();
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  admin = await signedIn('admin');
  clerk = await signedIn('handler');
  handler = await signedIn('handler', { departmentId: departmentA });
  colleague = await signedIn('handler', { departmentId: departmentA });
  otherHandler = await signedIn('handler', { departmentId: departmentB });
  viewer = await signedIn('viewer', { departmentId: departmentA });
});

async function feedbackOfA(): Promise<number> {
  const f = await submitPublic();
  await setFeedback(f.id, { status: 'accepted', accepted_at: Date.now(), department_id: departmentA });
  return f.id;
}

async function row(id: number) {
  return (await env.DB.prepare('select department_seen_at, updated_at from feedback where id = ?').bind(id).first<{ department_seen_at: number | null; updated_at: number }>())!;
}

async function seenAudit(id: number) {
  return (
    await env.DB.prepare("select actor_id, after from audit_log where action = 'feedback.seen' and target_id = ? order by id").bind(String(id)).all<{ actor_id: number; after: string }>()
  ).results.map((e) => ({ actorId: e.actor_id, after: JSON.parse(e.after) }));
}

const sign = (id: number, who: TestUser) => staff(`/feedback/${id}/seen`, { method: 'POST', cookie: who.cookie });

describe('signing for newly assigned feedback', () => {
  it('is recorded the first time a handler of the department opens it, once, without making anyone else’s read stale', async () => {
    const id = await feedbackOfA();
    const { updated_at } = await row(id);

    // Opening is a GET first: that alone records nothing.
    const read = await json<{ departmentSeenAt: number | null; allowedActions: { seen: boolean } }>(await staff(`/feedback/${id}`, { cookie: handler.cookie }));
    expect(read).toMatchObject({ departmentSeenAt: null, allowedActions: { seen: true } });
    expect(await row(id)).toEqual({ department_seen_at: null, updated_at });

    const before = Date.now();
    const res = await sign(id, handler);
    expect(res.status).toBe(200);
    const detail = await json<{ departmentSeenAt: number; updatedAt: number }>(res);
    expect(detail.departmentSeenAt).toBeGreaterThanOrEqual(before);
    expect(detail.updatedAt).toBe(updated_at);
    expect(await row(id)).toEqual({ department_seen_at: detail.departmentSeenAt, updated_at });
    expect(await seenAudit(id)).toEqual([{ actorId: handler.id, after: { departmentId: departmentA, departmentSeenAt: detail.departmentSeenAt } }]);

    // Again, by the same handler or a colleague, and twice at once: nothing more.
    const again = await Promise.all([sign(id, handler), sign(id, colleague), sign(id, colleague)]);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of again) expect((await json<{ departmentSeenAt: number }>(r)).departmentSeenAt).toBe(detail.departmentSeenAt);
    expect(await seenAudit(id)).toHaveLength(1);
  });

  it('records one of two first openings at the same moment', async () => {
    const id = await feedbackOfA();
    const both = await Promise.all([sign(id, handler), sign(id, colleague)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await seenAudit(id)).toHaveLength(1);
  });

  it('is refused to anyone but a handler of the department, who change nothing', async () => {
    const id = await feedbackOfA();
    const cases: Array<[TestUser, number, string]> = [
      [admin, 403, staffErrors.seenOwnDepartmentOnly],
      [clerk, 403, '只有承办部门的承办人可以签收反馈'],
      [viewer, 403, staffErrors.forbidden],
      [otherHandler, 404, staffErrors.feedbackNotFound],
    ];
    for (const [who, status, message] of cases) {
      const res = await sign(id, who);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message);
      // Opening it themselves records nothing either.
      expect((await staff(`/feedback/${id}`, { cookie: who.cookie })).status).toBe(status === 404 ? 404 : 200);
    }
    expect((await row(id)).department_seen_at).toBeNull();
    expect(await seenAudit(id)).toEqual([]);
  });

  it('starts again when the feedback is given to another department', async () => {
    const id = await feedbackOfA();
    expect((await sign(id, handler)).status).toBe(200);
    expect((await row(id)).department_seen_at).not.toBeNull();
    const moved = await staff(`/feedback/${id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentB } });
    expect(await json(moved)).toMatchObject({ department: { id: departmentB }, departmentSeenAt: null });
    expect((await row(id)).department_seen_at).toBeNull();
    expect((await sign(id, otherHandler)).status).toBe(200);
    expect(await seenAudit(id)).toHaveLength(2);
  });
});
