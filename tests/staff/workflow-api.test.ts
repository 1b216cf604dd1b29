/**
 * The workflow through the API: every step legal and illegal, the events and
 * audit entries each writes, deadlines, the extension and concurrent changes.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { FEEDBACK_STATUSES } from '../../worker/db/schema';
import { applyChange, findFeedback } from '../../worker/db/staff-feedback';
import { addDays, shanghaiDate } from '../../worker/feedback/deadlines';
import { statusLabels } from '../../worker/feedback/labels';
import { call, seedSample } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

let admin: TestUser;
let department: number;
let original: { id: number; ref: string };

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  department = await createDepartment('城市管理科');
  original = await submitPublic();
});

async function feedbackIn(status: string) {
  const f = await submitPublic();
  await setFeedback(f.id, { status, department_id: status === 'new' ? null : department, accepted_at: status === 'new' ? null : Date.now() });
  return f;
}

function transition(id: number, body: Record<string, unknown>, cookie = admin.cookie) {
  return staff(`/feedback/${id}/transition`, { method: 'POST', cookie, body });
}

const BODIES: Record<string, Record<string, unknown>> = {
  accepted: {},
  declined: { reason: '不属于本通报的整改范围' },
  duplicate: {},
  spam: {},
  in_progress: {},
  replied: { reply: '宣传栏已于本月更新。' },
  closed: {},
  new: { reason: '误判为无效' },
};

const LEGAL: Array<[from: string, to: string, type: string, text: string | null]> = [
  ['new', 'accepted', 'accepted', null],
  ['new', 'declined', 'declined', '不属于本通报的整改范围'],
  ['new', 'duplicate', 'duplicate', 'ORIGINAL'],
  ['new', 'spam', 'spam', null],
  ['accepted', 'in_progress', 'in_progress', '城市管理科'],
  ['in_progress', 'replied', 'replied', '宣传栏已于本月更新。'],
  ['replied', 'closed', 'closed', null],
  ['declined', 'new', 'reopened', '误判为无效'],
  ['duplicate', 'new', 'reopened', '误判为无效'],
  ['spam', 'new', 'reopened', '误判为无效'],
  ['replied', 'accepted', 'reopened', '答复需要补充'],
  ['closed', 'accepted', 'reopened', '答复需要补充'],
];

describe('legal transitions', () => {
  it.each(LEGAL)('%s → %s records a public %s event and an audit entry', async (from, to, type, text) => {
    const f = await feedbackIn(from);
    const body = { to, ...BODIES[to], ...(to === 'duplicate' ? { duplicateOf: original.ref } : {}), ...(to === 'accepted' && from !== 'new' ? { reason: '答复需要补充' } : {}) };
    const res = await transition(f.id, body);
    expect(res.status).toBe(200);
    const view = await json<{ status: string; timeline: Array<{ type: string; public: boolean; text: string | null; fromStatus: string; toStatus: string }> }>(res);
    expect(view.status).toBe(to);
    expect(view.timeline.at(-1)).toMatchObject({ type, public: true, fromStatus: from, toStatus: to, text: text === 'ORIGINAL' ? original.ref : text });
    const audit = await env.DB.prepare("select actor_id, before, after from audit_log where action = 'feedback.transition' and target_id = ?").bind(String(f.id)).first<{ actor_id: number; before: string; after: string }>();
    expect(audit!.actor_id).toBe(admin.id);
    expect(JSON.parse(audit!.before)).toMatchObject({ status: from });
    expect(JSON.parse(audit!.after)).toMatchObject({ status: to });
  });
});

const ILLEGAL = FEEDBACK_STATUSES.flatMap((from) => FEEDBACK_STATUSES.filter((to) => !LEGAL.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as const));

const SAME: Partial<Record<string, string>> = { accepted: '无需再受理', spam: '无需再标为无效' };

describe('illegal transitions', () => {
  it.each(ILLEGAL)('%s → %s is refused with 409 and changes nothing', async (from, to) => {
    const f = await feedbackIn(from);
    const res = await transition(f.id, { to, ...BODIES[to], duplicateOf: original.ref, departmentId: department });
    expect(res.status).toBe(409);
    // A step to the status it already has is nothing to do, and says so.
    const message = from !== to ? `不能把“${statusLabels[from]}”的反馈改为“${statusLabels[to]}”` : `已是“${statusLabels[to]}”，${SAME[to] ?? '无需更改'}`;
    expect(await res.json()).toEqual({ error: { code: 'illegal_transition', message } });
    expect((await findFeedback(createDb(env.DB), f.id))!.status).toBe(from);
  });

  it('words the refusal in Chinese, e.g. new → replied', async () => {
    const f = await feedbackIn('new');
    expect(await (await transition(f.id, { to: 'replied', reply: '答复' })).json()).toEqual({
      error: { code: 'illegal_transition', message: '不能把“待受理”的反馈改为“已答复”' },
    });
  });

  it('keeps reopening for admins', async () => {
    const handler = await signedIn('handler');
    const f = await feedbackIn('closed');
    const res = await transition(f.id, { to: 'accepted', reason: '重新办理' }, handler.cookie);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: '只有管理员可以重新打开已处理完的反馈' } });
  });
});

describe('what each step needs', () => {
  it.each([
    ['new', { to: 'declined' }, { reason: '请填写不予受理的理由，理由将告知反映人' }],
    ['new', { to: 'duplicate' }, { duplicateOf: '请填写与之重复的反馈编号' }],
    ['new', { to: 'duplicate', duplicateOf: 'DX-2611-2222' }, { duplicateOf: '找不到这个反馈编号，请核对后重新填写' }],
    ['accepted', { to: 'in_progress', departmentId: 999_999 }, { departmentId: '找不到这个部门，请重新选择' }],
    ['in_progress', { to: 'replied', reply: '  ' }, { reply: '请填写答复内容，答复将公开给反映人' }],
    ['closed', { to: 'accepted' }, { reason: '请填写重新打开的理由' }],
    ['new', { to: 'finished' }, { to: '请选择要改为的状态' }],
  ] as const)('from %s, %j is refused with %j', async (from, body, fields) => {
    const f = await feedbackIn(from);
    const res = await transition(f.id, body);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
  });

  it('refuses to mark feedback a duplicate of itself', async () => {
    const f = await submitPublic();
    expect((await json(await transition(f.id, { to: 'duplicate', duplicateOf: f.ref.toLowerCase() }))).error).toMatchObject({
      fields: { duplicateOf: '不能标记为与自身重复，请填写另一条反馈的编号' },
    });
  });

  it("answers a department's handler about a duplicate's reference as its inbox would: one outside the department exactly as an unknown one", async () => {
    const [ours, theirs] = [await createDepartment(), await createDepartment()];
    const handler = await signedIn('handler', { departmentId: ours });
    const [f, other, unassigned, own] = [await submitPublic(), await submitPublic(), await submitPublic(), await submitPublic()];
    await setFeedback(f.id, { department_id: ours });
    await setFeedback(other.id, { department_id: theirs });
    await setFeedback(own.id, { department_id: ours });
    const inboxFinds = async (ref: string) => (await json<{ feedback: Array<{ id: number }> }>(await staff(`/feedback?q=${ref}`, { cookie: handler.cookie }))).feedback.map((r) => r.id);

    const unknown = await transition(f.id, { to: 'duplicate', duplicateOf: 'DX-2611-2222' }, handler.cookie);
    expect(unknown.status).toBe(422);
    const unknownAnswer = await unknown.text();
    expect(JSON.parse(unknownAnswer).error).toMatchObject({ fields: { duplicateOf: '找不到这个反馈编号，请核对后重新填写' } });
    for (const hidden of [other, unassigned]) {
      expect(await inboxFinds(hidden.ref)).toEqual([]);
      const refused = await transition(f.id, { to: 'duplicate', duplicateOf: hidden.ref.toLowerCase() }, handler.cookie);
      expect(refused.status).toBe(422);
      // Not a word of difference, and no id: nothing tells that this reference exists.
      expect(await refused.text()).toBe(unknownAnswer);
    }

    expect(await inboxFinds(own.ref)).toEqual([own.id]);
    const marked = await transition(f.id, { to: 'duplicate', duplicateOf: own.ref }, handler.cookie);
    expect(marked.status).toBe(200);
    expect((await json(marked)).duplicateOf).toEqual({ id: own.id, ref: own.ref });
  });

  it('needs a department to start work on unassigned feedback', async () => {
    const f = await submitPublic();
    await setFeedback(f.id, { status: 'accepted' });
    expect((await json(await transition(f.id, { to: 'in_progress' }))).error).toMatchObject({ fields: { departmentId: '请选择承办部门' } });
  });
});

describe('deadlines', () => {
  it('counts the reply period from acceptance, not receipt', async () => {
    const f = await submitPublic();
    await setFeedback(f.id, { received_at: Date.now() - 10 * 86_400_000, reply_by: addDays(shanghaiDate(Date.now()), 50) });
    const view = await json<{ replyBy: string; replyDaysLeft: number; acceptedAt: number }>(await transition(f.id, { to: 'accepted' }));
    expect(view.replyBy).toBe(addDays(shanghaiDate(Date.now()), 60));
    expect(view.replyDaysLeft).toBe(60);
  });

  it('extends once by 1 to 30 days with a public reason, and refuses a second extension', async () => {
    const f = await feedbackIn('in_progress');
    const replyBy = (await json<{ replyBy: string }>(await staff(`/feedback/${f.id}`, { cookie: admin.cookie }))).replyBy;
    const bad = await staff(`/feedback/${f.id}/extend`, { method: 'POST', cookie: admin.cookie, body: { days: 31, reason: '' } });
    expect(await bad.json()).toEqual({
      error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields: { days: '延期天数须为 1 至 30 天的整数', reason: '请填写延期理由，理由将告知反映人' } },
    });
    const ok = await staff(`/feedback/${f.id}/extend`, { method: 'POST', cookie: admin.cookie, body: { days: 20, reason: '需要多部门会商' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ replyBy: addDays(replyBy, 20), extension: { days: 20, reason: '需要多部门会商' } });
    const again = await staff(`/feedback/${f.id}/extend`, { method: 'POST', cookie: admin.cookie, body: { days: 5, reason: '再延' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: { code: 'already_extended', message: '这条反馈已经延期过一次，按规定不能再次延期' } });
  });

  it('refuses to extend feedback that is not being handled', async () => {
    const f = await feedbackIn('new');
    const res = await staff(`/feedback/${f.id}/extend`, { method: 'POST', cookie: admin.cookie, body: { days: 5, reason: '理由' } });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: 'not_extendable', message: '只有已受理或办理中的反馈可以延期' } });
  });
});

describe('the public timeline', () => {
  it('shows status changes and the extension to the submitter, never notes or assignments', async () => {
    const f = await submitPublic();
    await transition(f.id, { to: 'accepted' });
    await staff(`/feedback/${f.id}/notes`, { method: 'POST', cookie: admin.cookie, body: { text: '内部备注：已电话联系' } });
    await staff(`/feedback/${f.id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: department } });
    await staff(`/feedback/${f.id}/extend`, { method: 'POST', cookie: admin.cookie, body: { days: 3, reason: '需要现场核查' } });
    const tracked = await json<{ status: string; timeline: Array<{ type: string }> }>(await call(`/api/feedback/${f.ref}`, { headers: { 'x-query-code': f.queryCode } }));
    expect(tracked.status).toBe('accepted');
    expect(tracked.timeline.map((e) => e.type)).toEqual(['submitted', 'accepted', 'extended']);
    const staffView = await json<{ timeline: Array<{ type: string; public: boolean }>; notes: Array<{ text: string }> }>(await staff(`/feedback/${f.id}`, { cookie: admin.cookie }));
    expect(staffView.timeline.map((e) => [e.type, e.public])).toEqual([['submitted', true], ['accepted', true], ['note', false], ['assigned', false], ['extended', true]]);
    expect(staffView.notes).toEqual([expect.objectContaining({ text: '内部备注：已电话联系', actor: { id: admin.id, displayName: '测试admin' } })]);
  });
});

describe('concurrent changes', () => {
  it('applies a change only to the feedback as it was read, with its event and audit entry or not at all', async () => {
    const db = createDb(env.DB);
    const f = (await findFeedback(db, (await submitPublic()).id))!;
    const change = { changes: { status: 'spam' as const }, event: { type: 'spam', public: true, fromStatus: 'new' as const, toStatus: 'spam' as const, text: null }, audit: { action: 'feedback.transition' } };
    expect(await applyChange(db, f, change, admin.id, Date.now())).toBe(true);
    expect(await applyChange(db, f, change, admin.id, Date.now())).toBe(false);
    const events = await env.DB.prepare("select count(*) as n from feedback_events where feedback_id = ? and type = 'spam'").bind(f.id).first<{ n: number }>();
    const audit = await env.DB.prepare("select count(*) as n from audit_log where target_id = ? and action = 'feedback.transition'").bind(String(f.id)).first<{ n: number }>();
    expect([events!.n, audit!.n]).toEqual([1, 1]);
  });

  const STALE = { error: { code: 'stale', message: '这条反馈刚刚被其他人更新，请刷新页面后重试' } };

  /** What a change could leave behind: the row, its timeline and its audit entries. */
  async function traces(id: number) {
    return {
      row: await env.DB.prepare('select * from feedback where id = ?').bind(id).first(),
      events: (await env.DB.prepare('select * from feedback_events where feedback_id = ? order by id').bind(id).all()).results,
      audit: (await env.DB.prepare('select * from audit_log where target_id = ? order by id').bind(String(id)).all()).results,
    };
  }

  it.each([
    ['a transition', 'new', 'transition', { to: 'accepted' }, 'transition', { to: 'spam' }],
    ['an assignment', 'accepted', 'assignment', { departmentId: 'other' }, 'assignment', { departmentId: 'ours' }],
    ['an extension', 'in_progress', 'assignment', { departmentId: 'other' }, 'extend', { days: 5, reason: '需要现场核查' }],
  ] as const)(
    'refuses %s made on a version someone else changed since it was read, with 409 stale, and writes nothing',
    async (_name, status, behindPath, behindBody, path, body) => {
      const other = await createDepartment();
      const dept = (b: Record<string, unknown>) => ('departmentId' in b ? { departmentId: b.departmentId === 'other' ? other : department } : b);
      const f = await feedbackIn(status);
      // The clerk reads the feedback…
      const read = await json<{ updatedAt: number }>(await staff(`/feedback/${f.id}`, { cookie: admin.cookie }));
      // …a colleague changes it…
      const colleague = await signedIn('admin');
      expect((await staff(`/feedback/${f.id}/${behindPath}`, { method: 'POST', cookie: colleague.cookie, body: dept(behindBody) })).status).toBe(200);
      const before = await traces(f.id);
      // …and the clerk's change, made on what they read, must not overwrite it.
      const res = await staff(`/feedback/${f.id}/${path}`, { method: 'POST', cookie: admin.cookie, body: { ...dept(body), updatedAt: read.updatedAt } });
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual(STALE);
      expect(await traces(f.id)).toEqual(before);
    },
  );

  it('applies a change sent with the current version, and one sent without a version', async () => {
    const f = await feedbackIn('accepted');
    const read = await json<{ updatedAt: number }>(await staff(`/feedback/${f.id}`, { cookie: admin.cookie }));
    const first = await staff(`/feedback/${f.id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: department, updatedAt: read.updatedAt } });
    expect(first.status).toBe(200);
    const after = await json<{ updatedAt: number; department: { id: number } }>(first);
    expect(after.department.id).toBe(department);
    expect(after.updatedAt).toBeGreaterThan(read.updatedAt);
    const unversioned = await staff(`/feedback/${f.id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: null } });
    expect(unversioned.status).toBe(200);
    expect((await env.DB.prepare('select department_id from feedback where id = ?').bind(f.id).first())!.department_id).toBeNull();
  });

  it('refuses a version that is not a whole number with 422', async () => {
    const f = await feedbackIn('new');
    const res = await transition(f.id, { to: 'accepted', updatedAt: 'yesterday' });
    expect(res.status).toBe(422);
    expect((await env.DB.prepare('select status from feedback where id = ?').bind(f.id).first())!.status).toBe('new');
  });
});
