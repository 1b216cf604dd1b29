/**
 * Bulk triage: POST /api/staff/feedback/bulk accepts, marks as spam or assigns
 * several feedback in one step, each exactly as its single action would: one
 * audit entry and one timeline event per feedback changed, the same permission
 * and scope. What may not be done to one feedback is reported in its result and
 * leaves it as it was; the rest go ahead. The ids are checked with a message for
 * each way they can be wrong; the request needs our Origin and JSON.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { BULK_MAX, type BulkAnswer } from '../../worker/staff/bulk';
import { staffErrors, staffFieldMessages } from '../../worker/staff/messages';
import { seedSample } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

const m = staffFieldMessages;
let departmentA: number;
let departmentB: number;
let departmentBName: string;
let admin: TestUser;
let clerk: TestUser;
let handlerA: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  await seedSample();
  departmentBName = `部门乙-${crypto.randomUUID().slice(0, 6)}`;
  [departmentA, departmentB] = [await createDepartment(), await createDepartment(departmentBName)];
  admin = await signedIn('admin');
  clerk = await signedIn('handler');
  handlerA = await signedIn('handler', { departmentId: departmentA });
  viewer = await signedIn('viewer');
});

/** `n` feedback with contact details, in a status and department. */
async function feedbackIn(n: number, columns: Record<string, string | number | null> = {}): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = await submitPublic({ anonymous: false, name: '赵六', phone: '13812345678', consent: true });
    if (Object.keys(columns).length > 0) await setFeedback(f.id, columns);
    out.push(f.id);
  }
  return out;
}

function bulk(body: unknown, user: TestUser = admin, headers: Record<string, string> = {}) {
  return staff('/feedback/bulk', { method: 'POST', cookie: user.cookie, body, headers });
}

const list = (ids: number[]) => ids.join(',');

async function rows(ids: number[]) {
  return (await env.DB.prepare(`select * from feedback where id in (${list(ids)}) order by id`).all<Record<string, unknown>>()).results;
}

async function lastAuditId(): Promise<number> {
  return (await env.DB.prepare('select coalesce(max(id), 0) as id from audit_log').first<{ id: number }>())!.id;
}

async function auditSince(id: number) {
  return (await env.DB.prepare('select * from audit_log where id > ? order by id').bind(id).all<Record<string, unknown>>()).results;
}

async function eventsOf(ids: number[]) {
  return (
    await env.DB.prepare(`select feedback_id, type, public, from_status, to_status, text, actor_id from feedback_events where feedback_id in (${list(ids)}) and type <> 'submitted' order by feedback_id, id`).all()
  ).results;
}

const notFound = { code: 'feedback_not_found', message: staffErrors.feedbackNotFound };

describe('accept', () => {
  it('accepts each feedback as the single action does: its status, deadline, event and own audit entry', async () => {
    const ids = await feedbackIn(3, { department_id: departmentA });
    const mark = await lastAuditId();
    const res = await bulk({ action: 'accept', ids });
    expect(res.status).toBe(200);
    expect(await json<BulkAnswer>(res)).toEqual({ action: 'accept', done: 3, results: ids.map((id) => ({ id, ok: true })) });

    const after = await rows(ids);
    expect(after.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(after.every((r) => typeof r.accepted_at === 'number')).toBe(true);
    expect(await eventsOf(ids)).toEqual(ids.map((id) => ({ feedback_id: id, type: 'accepted', public: 1, from_status: 'new', to_status: 'accepted', text: null, actor_id: admin.id })));

    const entries = await auditSince(mark);
    expect(entries.map((e) => [e.action, e.target_type, Number(e.target_id), e.actor_id])).toEqual(ids.map((id) => ['feedback.transition', 'feedback', id, admin.id]));
    for (const [i, e] of entries.entries()) {
      const before = JSON.parse(String(e.before)) as Record<string, unknown>;
      expect(before).toEqual({ status: 'new', acceptedAt: null, replyBy: expect.any(String), replyByLegal: before.replyByLegal });
      expect(before).toHaveProperty('replyByLegal');
      expect(JSON.parse(String(e.after))).toEqual({ status: 'accepted', acceptedAt: after[i]!.accepted_at, replyBy: after[i]!.reply_by, replyByLegal: after[i]!.reply_by_legal });
      // No contact detail in the audit log.
      expect(`${e.before}${e.after}`).not.toMatch(/赵六|13812345678/);
    }
  });

  it('reports a feedback in a status that is not accepted from, and goes on with the rest', async () => {
    const [fresh] = await feedbackIn(1);
    const [accepted] = await feedbackIn(1, { status: 'accepted', accepted_at: Date.now() });
    const [replied] = await feedbackIn(1, { status: 'replied' });
    const before = await rows([accepted!, replied!]);
    const mark = await lastAuditId();
    const res = await bulk({ action: 'accept', ids: [accepted, fresh, replied] });
    expect(res.status).toBe(200);
    expect(await json<BulkAnswer>(res)).toEqual({
      action: 'accept',
      done: 1,
      results: [
        // Already accepted: nothing to do, said as such rather than as a wrong step.
        { id: accepted, ok: false, error: { code: 'illegal_transition', message: '已是“已受理”，无需再受理' } },
        { id: fresh, ok: true },
        // An admin's "accept" of replied feedback would be a reopening: never in bulk.
        { id: replied, ok: false, error: { code: 'illegal_transition', message: '不能把“已答复”的反馈改为“已受理”' } },
      ],
    });
    expect(await rows([accepted!, replied!])).toEqual(before);
    expect((await auditSince(mark)).map((e) => Number(e.target_id))).toEqual([fresh]);
  });
});

describe('spam', () => {
  it('marks new feedback as spam with its event and audit entry each, and leaves accepted feedback as it was', async () => {
    const fresh = await feedbackIn(2);
    const [accepted] = await feedbackIn(1, { status: 'accepted', accepted_at: Date.now() });
    const mark = await lastAuditId();
    const res = await bulk({ action: 'spam', ids: [...fresh, accepted] }, clerk);
    expect(await json<BulkAnswer>(res)).toEqual({
      action: 'spam',
      done: 2,
      results: [...fresh.map((id) => ({ id, ok: true })), { id: accepted, ok: false, error: { code: 'illegal_transition', message: '不能把“已受理”的反馈改为“无效”' } }],
    });
    expect((await rows([...fresh, accepted!])).map((r) => r.status)).toEqual(['spam', 'spam', 'accepted']);
    expect(await eventsOf([...fresh, accepted!])).toEqual(fresh.map((id) => ({ feedback_id: id, type: 'spam', public: 1, from_status: 'new', to_status: 'spam', text: null, actor_id: clerk.id })));
    const entries = await auditSince(mark);
    expect(entries.map((e) => [e.action, Number(e.target_id)])).toEqual(fresh.map((id) => ['feedback.transition', id]));
    expect(entries.map((e) => JSON.parse(String(e.after)))).toEqual([{ status: 'spam' }, { status: 'spam' }]);
  });

  it('says of feedback already marked as spam that there is nothing to do, and writes nothing', async () => {
    const [spam] = await feedbackIn(1, { status: 'spam' });
    const mark = await lastAuditId();
    const res = await bulk({ action: 'spam', ids: [spam] }, clerk);
    expect(await json<BulkAnswer>(res)).toEqual({
      action: 'spam',
      done: 0,
      results: [{ id: spam, ok: false, error: { code: 'illegal_transition', message: '已是“无效”，无需再标为无效' } }],
    });
    expect(await auditSince(mark)).toEqual([]);
  });
});

describe('assign', () => {
  it('gives each feedback to the department, with an internal event and an audit entry each; returned feedback is no longer returned, and is new work for its department', async () => {
    const [fresh] = await feedbackIn(1);
    const [returned] = await feedbackIn(1, { status: 'accepted', accepted_at: Date.now(), returned_at: Date.now(), return_reason: '不属于本部门' });
    const [seen] = await feedbackIn(1, { status: 'in_progress', department_id: departmentA, department_seen_at: Date.now() });
    const [replied] = await feedbackIn(1, { status: 'replied', department_id: departmentA });
    const ids = [fresh!, returned!, seen!, replied!];
    const mark = await lastAuditId();
    const res = await bulk({ action: 'assign', ids, departmentId: departmentB });
    expect(res.status).toBe(200);
    expect(await json<BulkAnswer>(res)).toEqual({
      action: 'assign',
      done: 3,
      results: [
        { id: fresh, ok: true },
        { id: returned, ok: true },
        { id: seen, ok: true },
        { id: replied, ok: false, error: { code: 'not_assignable', message: staffErrors.notAssignable } },
      ],
    });
    const after = await rows(ids);
    expect(after.map((r) => [r.department_id, r.returned_at, r.return_reason, r.department_seen_at])).toEqual([
      [departmentB, null, null, null],
      [departmentB, null, null, null],
      [departmentB, null, null, null],
      [departmentA, null, null, null],
    ]);
    expect(after.map((r) => r.status)).toEqual(['new', 'accepted', 'in_progress', 'replied']);
    expect(await eventsOf(ids)).toEqual(ids.slice(0, 3).map((id) => ({ feedback_id: id, type: 'assigned', public: 0, from_status: null, to_status: null, text: departmentBName, actor_id: admin.id })));
    const entries = await auditSince(mark);
    expect(entries.map((e) => [e.action, Number(e.target_id)])).toEqual(ids.slice(0, 3).map((id) => ['feedback.assign', id]));
    expect(JSON.parse(String(entries[1]!.before))).toEqual({ status: 'accepted', departmentId: null, returnedAt: expect.any(Number), returnReason: '不属于本部门' });
    expect(JSON.parse(String(entries[1]!.after))).toEqual({ departmentId: departmentB, returnedAt: null, returnReason: null });
    expect(JSON.parse(String(entries[2]!.after))).toEqual({ departmentId: departmentB, departmentSeenAt: null });
  });

  it('asks for a department that exists', async () => {
    const ids = await feedbackIn(1);
    for (const [body, fields] of [
      [{ action: 'assign', ids }, { departmentId: m.departmentId.required }],
      [{ action: 'assign', ids, departmentId: null }, { departmentId: m.departmentId.required }],
      [{ action: 'assign', ids, departmentId: 99_999_999 }, { departmentId: m.departmentId.unknown }],
      [{ action: 'assign', ids, departmentId: 'B' }, { departmentId: m.departmentId.unknown }],
    ] as const) {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(await json(res)).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
    }
    expect((await rows(ids))[0]!.department_id).toBeNull();
  });
});

describe('permission and scope, as the single actions', () => {
  it("reports feedback outside a department's handler's scope exactly as an unknown one, and writes nothing to it", async () => {
    const [mineA] = await feedbackIn(1, { department_id: departmentA });
    const [ofB] = await feedbackIn(1, { department_id: departmentB });
    const [unassigned] = await feedbackIn(1);
    const before = await rows([ofB!, unassigned!]);
    const mark = await lastAuditId();
    const res = await bulk({ action: 'accept', ids: [ofB, mineA, 99_999_999, unassigned] }, handlerA);
    expect(res.status).toBe(200);
    expect(await json<BulkAnswer>(res)).toEqual({
      action: 'accept',
      done: 1,
      results: [{ id: ofB, ok: false, error: notFound }, { id: mineA, ok: true }, { id: 99_999_999, ok: false, error: notFound }, { id: unassigned, ok: false, error: notFound }],
    });
    expect(await rows([ofB!, unassigned!])).toEqual(before);
    expect((await auditSince(mark)).map((e) => Number(e.target_id))).toEqual([mineA]);
  });

  it("refuses assigning to a department's handler and anything to a viewer, and writes nothing", async () => {
    const ids = await feedbackIn(2, { department_id: departmentA });
    const before = await rows(ids);
    const mark = await lastAuditId();
    for (const [body, user] of [
      [{ action: 'assign', ids, departmentId: departmentB }, handlerA],
      [{ action: 'accept', ids }, viewer],
      [{ action: 'spam', ids }, viewer],
    ] as const) {
      const res = await bulk(body, user);
      expect(res.status).toBe(403);
      expect(await json(res)).toEqual({ error: { code: 'forbidden', message: staffErrors.forbidden } });
    }
    expect((await staff('/feedback/bulk', { method: 'POST', body: { action: 'accept', ids } })).status).toBe(401);
    expect(await rows(ids)).toEqual(before);
    expect(await auditSince(mark)).toEqual([]);
  });

  it('leaves alone, as stale, feedback changed after the list was read', async () => {
    const ids = await feedbackIn(2);
    const readAt = Date.now();
    await setFeedback(ids[1]!, { updated_at: readAt + 5 });
    const res = await bulk({ action: 'spam', ids, readAt });
    expect((await json<BulkAnswer>(res)).results).toEqual([{ id: ids[0], ok: true }, { id: ids[1], ok: false, error: { code: 'stale', message: staffErrors.stale } }]);
    expect((await rows(ids)).map((r) => r.status)).toEqual(['spam', 'new']);
  });
});

describe('the request', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  it.each([
    ['no ids', { action: 'accept' }, { ids: m.bulk.ids.required }],
    ['an empty list', { action: 'accept', ids: [] }, { ids: m.bulk.ids.required }],
    ['not a list', { action: 'accept', ids: 7 }, { ids: m.bulk.ids.required }],
    [`${BULK_MAX + 1} ids`, { action: 'accept', ids: many(BULK_MAX + 1) }, { ids: m.bulk.ids.tooMany(BULK_MAX) }],
    ['a fraction', { action: 'accept', ids: [1, 2.5] }, { ids: m.bulk.ids.invalid }],
    ['a string', { action: 'accept', ids: ['3'] }, { ids: m.bulk.ids.invalid }],
    ['zero and negatives', { action: 'accept', ids: [0, -4] }, { ids: m.bulk.ids.invalid }],
    ['a huge number', { action: 'accept', ids: [2 ** 60] }, { ids: m.bulk.ids.invalid }],
    ['null in the list', { action: 'accept', ids: [1, null] }, { ids: m.bulk.ids.invalid }],
    ['the same id twice', { action: 'accept', ids: [5, 5] }, { ids: m.bulk.ids.repeated }],
    ['an unknown action', { action: 'delete', ids: [1] }, { action: m.bulk.action }],
    ['no action, no ids', {}, { action: m.bulk.action, ids: m.bulk.ids.required }],
    ['a bad readAt', { action: 'accept', ids: [1], readAt: -1 }, { readAt: m.readAt.invalid }],
  ])('refuses %s with a message for the field', async (_what, body, fields) => {
    const mark = await lastAuditId();
    const res = await bulk(body);
    expect(res.status).toBe(422);
    expect(await json(res)).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
    expect(await auditSince(mark)).toEqual([]);
  });

  it(`takes ${BULK_MAX} ids at once`, async () => {
    const ids = [...(await feedbackIn(2)), ...many(BULK_MAX - 2).map((n) => 90_000_000 + n)];
    const answer = await json<BulkAnswer>(await bulk({ action: 'spam', ids }));
    expect(answer.results).toHaveLength(BULK_MAX);
    expect(answer.done).toBe(2);
  });

  it('needs our Origin and JSON, as every staff write does, and writes nothing otherwise', async () => {
    const ids = await feedbackIn(1);
    const body = JSON.stringify({ action: 'accept', ids });
    const send = (headers: Record<string, string>) => staff('/feedback/bulk', { method: 'POST', cookie: admin.cookie, body, headers });
    const noOrigin = await staff('/feedback/bulk', { method: 'POST', cookie: admin.cookie, body, headers: { origin: '' } });
    expect(noOrigin.status).toBe(403);
    const other = await send({ origin: 'https://evil.example' });
    expect(other.status).toBe(403);
    expect(await json(other)).toEqual({ error: { code: 'bad_origin', message: staffErrors.badOrigin } });
    expect((await send({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send({ 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await rows(ids))[0]!.status).toBe('new');
    expect((await bulk({ action: 'accept', ids })).status).toBe(200);
  });

  it('answers 405 to other methods', async () => {
    expect((await staff('/feedback/bulk', { cookie: admin.cookie })).status).toBe(405);
  });
});
