/**
 * A follow-up (补充说明) or review request (请求复查) puts the feedback back in front of
 * staff: the inbox shows the flag with its deadline and filters by it, the today bar
 * counts it (待回应) with the inbox's own selection, the detail shows it, and 已处理
 * (POST /api/staff/feedback/:id/attention) or a new reply clears it, audited.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../worker/feedback/deadlines';
import { call, postJson, randomAddress, seedSample } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

let admin: TestUser;
let handlerA: TestUser;
let handlerB: TestUser;
let viewer: TestUser;
let departmentA: number;

beforeAll(async () => {
  await seedSample();
  [departmentA] = [await createDepartment()];
  const departmentB = await createDepartment();
  admin = await signedIn('admin');
  handlerA = await signedIn('handler', { departmentId: departmentA });
  handlerB = await signedIn('handler', { departmentId: departmentB });
  viewer = await signedIn('viewer');
});

interface InboxRow {
  id: number;
  attention: { kind: string; at: number; by: string } | null;
}

/** A replied feedback of department A, and what the submitter then sent through the public API. */
async function flagged(kind: 'follow-up' | 'review' | null): Promise<{ id: number; ref: string; queryCode: string }> {
  const f = await submitPublic({ content: '垃圾清运点的气味仍然很大。' });
  await setFeedback(f.id, { status: 'replied', reply: '已加强清运。', replied_at: Date.now() - 86_400_000, department_id: departmentA });
  if (kind) {
    const body = kind === 'review' ? { reason: '答复说加强了清运，实际没有变化。' } : { text: '晚上八点以后气味最大。' };
    const res = await postJson(`/api/feedback/${f.ref}/${kind}`, body, { 'x-query-code': f.queryCode, 'cf-connecting-ip': randomAddress() });
    expect(res.status).toBe(201);
  }
  return f;
}

async function inbox(query: string, cookie = admin.cookie): Promise<InboxRow[]> {
  const res = await staff(`/feedback?${query}&limit=50`, { cookie });
  expect(res.status).toBe(200);
  return (await json<{ feedback: InboxRow[] }>(res)).feedback;
}

const audits = async (id: number) =>
  (await env.DB.prepare("select actor_id, before, after from audit_log where target_id = ? and action = 'feedback.attention_answer'").bind(String(id)).all<{ actor_id: number; before: string; after: string }>()).results;

const today = () => shanghaiDate(Date.now());

describe('the flag in the inbox, the today bar and the detail', () => {
  it('lists each kind under its filter with its deadline, and counts 待回应 as the inbox lists it, in every scope', async () => {
    const followUp = await flagged('follow-up');
    const review = await flagged('review');
    const quiet = await flagged(null);

    const any = await inbox('attention=any');
    expect(any.map((r) => r.id)).toEqual(expect.arrayContaining([followUp.id, review.id]));
    expect(any.map((r) => r.id)).not.toContain(quiet.id);
    expect(any.find((r) => r.id === followUp.id)!.attention).toMatchObject({ kind: 'follow_up', by: addDays(today(), 15) });
    expect(any.find((r) => r.id === review.id)!.attention).toMatchObject({ kind: 'review', by: addDays(today(), 30) });
    expect((await inbox('attention=follow_up')).map((r) => r.id)).not.toContain(review.id);
    expect((await inbox('attention=review')).map((r) => r.id)).not.toContain(followUp.id);
    expect((await inbox('status=replied')).find((r) => r.id === quiet.id)!.attention).toBeNull();

    for (const user of [admin, handlerA, handlerB]) {
      const counts = await json<{ attention: number }>(await staff('/feedback/today', { cookie: user.cookie }));
      expect(counts.attention).toBe((await inbox('attention=any', user.cookie)).length);
    }
    expect((await json<{ attention: number }>(await staff('/feedback/today', { cookie: handlerB.cookie }))).attention).toBe(0);

    const detail = await json<Record<string, unknown>>(await staff(`/feedback/${review.id}`, { cookie: handlerA.cookie }));
    expect(detail.attention).toMatchObject({ kind: 'review', by: addDays(today(), 30) });
    expect(detail.reviewRequestedAt).toEqual((detail.attention as { at: number }).at);
    expect(detail.allowedActions).toMatchObject({ answerAttention: true });
    expect((detail.timeline as Array<{ type: string; public: boolean; text: string }>).at(-1)).toMatchObject({ type: 'review_request', public: true, text: '答复说加强了清运，实际没有变化。' });
  });
});

describe('POST /api/staff/feedback/:id/attention (已处理)', () => {
  it('clears the flag with an answer the submitter reads in 办理记录, audited with what was cleared', async () => {
    const f = await flagged('review');
    const before = (await env.DB.prepare('select attention_at, attention_by from feedback where id = ?').bind(f.id).first<{ attention_at: number; attention_by: string }>())!;
    const res = await staff(`/feedback/${f.id}/attention`, { method: 'POST', cookie: handlerA.cookie, body: { text: '  经复查，已增加夜间清运一次。 ' } });
    expect(res.status).toBe(200);
    const detail = await json<{ attention: unknown; allowedActions: { answerAttention: boolean } }>(res);
    expect(detail.attention).toBeNull();
    expect(detail.allowedActions.answerAttention).toBe(false);
    expect(await env.DB.prepare('select attention, attention_at, attention_by, review_requested_at is not null as asked from feedback where id = ?').bind(f.id).first()).toEqual({
      attention: null, attention_at: null, attention_by: null, asked: 1,
    });
    const [entry, ...more] = await audits(f.id);
    expect(more).toEqual([]);
    expect(entry!.actor_id).toBe(handlerA.id);
    expect(JSON.parse(entry!.before)).toEqual({ attention: 'review', attentionAt: before.attention_at, attentionBy: before.attention_by });
    expect(JSON.parse(entry!.after)).toEqual({ attention: null, answered: true });

    // The submitter's own view (the tracking page's 办理记录): the answer, the flag gone.
    const view = await json<{ timeline: Array<{ type: string; text: string }>; attention: unknown }>(await call(`/api/feedback/${f.ref}`, { headers: { 'x-query-code': f.queryCode } }));
    expect(view.timeline.at(-1)).toEqual(expect.objectContaining({ type: 'answered', text: '经复查，已增加夜间清运一次。' }));
    expect(view.attention).toBeNull();
    expect((await inbox('attention=any')).map((r) => r.id)).not.toContain(f.id);

    const again = await staff(`/feedback/${f.id}/attention`, { method: 'POST', cookie: handlerA.cookie, body: {} });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: { code: 'nothing_to_answer', message: '这条反馈没有待回应的补充说明或复查请求，可能已有同事处理' } });
    expect(await audits(f.id)).toHaveLength(1);
  });

  it('clears without an answer as an internal event, and refuses a viewer, another department and an answer too long', async () => {
    const f = await flagged('follow-up');
    expect((await staff(`/feedback/${f.id}/attention`, { method: 'POST', cookie: viewer.cookie, body: {} })).status).toBe(403);
    expect((await staff(`/feedback/${f.id}/attention`, { method: 'POST', cookie: handlerB.cookie, body: {} })).status).toBe(404);
    const long = await staff(`/feedback/${f.id}/attention`, { method: 'POST', cookie: admin.cookie, body: { text: '复'.repeat(5001) } });
    expect(long.status).toBe(422);
    expect(((await long.json()) as { error: { fields: unknown } }).error.fields).toEqual({ text: '回复不能超过 5000 个字' });
    expect(await audits(f.id)).toEqual([]);

    const res = await staff(`/feedback/${f.id}/attention`, { method: 'POST', cookie: admin.cookie, body: { text: '  ' } });
    expect(res.status).toBe(200);
    const last = (await env.DB.prepare('select type, public, text from feedback_events where feedback_id = ? order by id desc').bind(f.id).first())!;
    expect(last).toEqual({ type: 'attention_cleared', public: 0, text: null });
    expect(JSON.parse((await audits(f.id))[0]!.after)).toEqual({ attention: null, answered: false });
  });

  it('is cleared by a new reply after an admin reopens the feedback, the transition’s audit entry saying so', async () => {
    const f = await flagged('review');
    const step = (to: string, body: Record<string, unknown> = {}) => staff(`/feedback/${f.id}/transition`, { method: 'POST', cookie: admin.cookie, body: { to, ...body } });
    expect((await step('accepted', { reason: '请求复查，重新办理' })).status).toBe(200);
    expect((await step('in_progress', { departmentId: departmentA })).status).toBe(200);
    expect((await inbox('attention=review')).map((r) => r.id)).toContain(f.id);
    expect((await step('replied', { reply: '复查意见：已增加夜间清运。' })).status).toBe(200);
    expect(await env.DB.prepare('select attention from feedback where id = ?').bind(f.id).first()).toEqual({ attention: null });
    const audit = (await env.DB.prepare("select after from audit_log where target_id = ? and action = 'feedback.transition' order by id desc").bind(String(f.id)).first<{ after: string }>())!;
    expect(JSON.parse(audit.after)).toMatchObject({ status: 'replied', attention: null, attentionAt: null, attentionBy: null });
  });
});
