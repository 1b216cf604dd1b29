/**
 * Every staff write leaves exactly one audit entry, and nothing else in the log:
 * its action, who did it, what it was done to, and the state before and after,
 * never a password, a hash, a token or a submitter's contact details. A write
 * that is refused leaves none. The entries those writes left cannot be changed
 * or removed afterwards.
 *
 * Each row of WRITES prepares its own rows first, then takes the log's last id,
 * so that whatever the preparation itself logs (a sign-in) is not counted.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../worker/feedback/deadlines';
import { staffRoute } from '../../worker/routes/staff';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { invite, tokenOf } from './account-helpers';
import { createDepartment, createUser, json, login, PASSWORD, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';
import { createNotice } from './notice-helpers';
import { jpeg, upload } from './photos-helpers';
import { fixtures } from '../helpers/photos';

let admin: TestUser;
let handler: TestUser;
let departmentA: number;
let departmentB: number;
let itemId: number;

const CONTACT = { anonymous: false, name: '王五', phone: '13912340000', email: 'wangwu@example.com', consent: true };
const NEW_PASSWORD = '另一条足够长的全新登录密码';
const today = () => shanghaiDate(Date.now());

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  // Without a department: a handler who may act on every feedback and item.
  handler = await signedIn('handler');
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  itemId = await itemIdAt(1, 2, 1);
});

interface AuditRow {
  id: number;
  action: string;
  actor_id: number | null;
  target_type: string;
  target_id: string | null;
  before: string | null;
  after: string | null;
}

async function lastAuditId(): Promise<number> {
  return (await env.DB.prepare('select coalesce(max(id), 0) as id from audit_log').first<{ id: number }>())!.id;
}

async function auditSince(id: number): Promise<AuditRow[]> {
  return (await env.DB.prepare('select * from audit_log where id > ? order by id').bind(id).all<AuditRow>()).results;
}

/** Every secret the database holds: password hashes and salts, session and setup link token hashes, query code hashes, contact details. */
async function storedSecrets(): Promise<string[]> {
  const rows = await env.DB.batch([
    env.DB.prepare('select password_hash as s from staff_users union all select password_salt from staff_users'),
    env.DB.prepare('select token_hash as s from staff_sessions union all select token_hash from staff_setup_tokens'),
    env.DB.prepare('select query_code_hash as s from feedback'),
    env.DB.prepare('select name as s from feedback union all select phone from feedback union all select email from feedback'),
  ]);
  return rows.flatMap((r) => (r.results as Array<{ s: string | null }>).map((x) => x.s)).filter((s): s is string => typeof s === 'string' && s !== '');
}

/** A feedback with contact details, so that a write that leaked them would show it. */
async function feedbackWithContact(status = 'new'): Promise<number> {
  const f = await submitPublic(CONTACT);
  if (status !== 'new') await setFeedback(f.id, { status, accepted_at: Date.now() });
  return f.id;
}

async function feedbackRow(id: number) {
  return (await env.DB.prepare('select * from feedback where id = ?').bind(id).first<Record<string, unknown>>())!;
}

interface Ctx {
  id: number;
  /** Values known before the write, for the expected entry. */
  was: Record<string, unknown>;
  user?: TestUser;
}

interface Expected {
  actorId: number;
  targetType: string;
  targetId: number | string;
  before: unknown;
  after: unknown;
}

interface Write {
  action: string;
  /** The staff route, as mounted in worker/routes/staff/index.ts. */
  route: string;
  what: string;
  status: number;
  prepare: () => Promise<Ctx>;
  request: (ctx: Ctx) => Promise<Response>;
  expected: (ctx: Ctx, body: Record<string, unknown>) => Promise<Expected> | Expected;
  /** Secrets this write handled that the database does not hold (a one-time or new password, a query code). */
  secrets?: (ctx: Ctx, body: Record<string, unknown>) => string[];
}

/** A DingTalk robot's address and 加签 secret: never in an audit entry in full. */
const DINGTALK_URL = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef';
const DINGTALK_SECRET = 'SEC0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** A comment by `handler` on the item, straight in D1. */
async function commentByHandler(): Promise<number> {
  const row = await env.DB.prepare("insert into item_comments (item_id, author_id, body, public, created_at) values (?, ?, '宣传栏已更新。', 1, ?) returning id")
    .bind(itemId, handler.id, Date.now())
    .first<{ id: number }>();
  return row!.id;
}

const WRITES: Write[] = [
  {
    // Ids and a count: never a file's name (it can carry a person's), never the store's key.
    action: 'feedback.photos_add',
    route: 'POST /feedback/:id{[0-9]+}/photos',
    what: 'photos staff added to feedback they logged',
    status: 201,
    prepare: async () => {
      const id = await feedbackWithContact();
      await setFeedback(id, { channel: 'post', client_hash: null });
      return { id, was: {} };
    },
    request: ({ id }) => upload(`/feedback/${id}/photos`, handler.cookie, [{ ...jpeg(), name: '王五的来信.jpg' }]),
    expected: ({ id }, body) => ({ actorId: handler.id, targetType: 'feedback', targetId: id, before: null, after: { photoIds: body.added, count: 1 } }),
    secrets: () => ['王五的来信'],
  },
  {
    action: 'item.comment_photos_add',
    route: 'POST /items/:id{[0-9]+}/comments/:commentId{[0-9]+}/photos',
    what: 'photos on a progress update',
    status: 201,
    prepare: async () => ({ id: await commentByHandler(), was: {} }),
    request: ({ id }) => upload(`/items/${itemId}/comments/${id}/photos`, handler.cookie, [jpeg()]),
    expected: ({ id }, body) => ({ actorId: handler.id, targetType: 'item', targetId: itemId, before: null, after: { commentId: id, photoIds: body.added, count: 1 } }),
  },
  {
    action: 'feedback.note',
    route: 'POST /feedback/:id{[0-9]+}/notes',
    what: 'an internal note',
    status: 201,
    prepare: async () => ({ id: await feedbackWithContact(), was: {} }),
    request: ({ id }) => staff(`/feedback/${id}/notes`, { method: 'POST', cookie: handler.cookie, body: { text: '  已电话联系反映人，约定周五回访。 ' } }),
    expected: ({ id }) => ({ actorId: handler.id, targetType: 'feedback', targetId: id, before: null, after: { text: '已电话联系反映人，约定周五回访。' } }),
  },
  {
    action: 'feedback.extend',
    route: 'POST /feedback/:id{[0-9]+}/extend',
    what: 'the extension',
    status: 200,
    prepare: async () => {
      const id = await feedbackWithContact('accepted');
      const row = await feedbackRow(id);
      return { id, was: { replyBy: row.reply_by, replyByLegal: row.reply_by_legal } };
    },
    request: ({ id }) => staff(`/feedback/${id}/extend`, { method: 'POST', cookie: handler.cookie, body: { days: 10, reason: '需要多部门会商' } }),
    expected: ({ id, was }, body) => ({
      actorId: handler.id,
      targetType: 'feedback',
      targetId: id,
      before: { status: 'accepted', extensionDays: 0, extensionReason: null, replyBy: was.replyBy, replyByLegal: was.replyByLegal },
      after: { extensionDays: 10, extensionReason: '需要多部门会商', replyBy: body.replyBy, replyByLegal: (body.legal as { replyBy: string | null }).replyBy },
    }),
  },
  {
    action: 'feedback.assign',
    route: 'POST /feedback/:id{[0-9]+}/assignment',
    what: 'an assignment',
    status: 200,
    prepare: async () => {
      const id = await feedbackWithContact('accepted');
      await setFeedback(id, { department_id: departmentA });
      return { id, was: {} };
    },
    request: ({ id }) => staff(`/feedback/${id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentB } }),
    expected: ({ id }) => ({ actorId: admin.id, targetType: 'feedback', targetId: id, before: { status: 'accepted', departmentId: departmentA }, after: { departmentId: departmentB } }),
  },
  {
    action: 'feedback.transition',
    route: 'POST /feedback/:id{[0-9]+}/transition',
    what: 'a transition',
    status: 200,
    prepare: async () => {
      const id = await feedbackWithContact();
      const row = await feedbackRow(id);
      return { id, was: { replyBy: row.reply_by, replyByLegal: row.reply_by_legal } };
    },
    request: ({ id }) => staff(`/feedback/${id}/transition`, { method: 'POST', cookie: handler.cookie, body: { to: 'accepted' } }),
    expected: ({ id, was }, body) => ({
      actorId: handler.id,
      targetType: 'feedback',
      targetId: id,
      before: { status: 'new', acceptedAt: null, replyBy: was.replyBy, replyByLegal: was.replyByLegal },
      after: { status: 'accepted', acceptedAt: body.acceptedAt, replyBy: body.replyBy, replyByLegal: (body.legal as { replyBy: string | null }).replyBy },
    }),
  },
  {
    // Bulk triage writes each feedback's own entry, as its single action would: here one feedback, one entry.
    action: 'feedback.transition',
    route: 'POST /feedback/bulk',
    what: 'a bulk step, per feedback',
    status: 200,
    prepare: async () => {
      const id = await feedbackWithContact();
      const row = await feedbackRow(id);
      return { id, was: { replyBy: row.reply_by, replyByLegal: row.reply_by_legal } };
    },
    request: ({ id }) => staff('/feedback/bulk', { method: 'POST', cookie: handler.cookie, body: { action: 'accept', ids: [id] } }),
    expected: async ({ id, was }) => {
      const after = await feedbackRow(id);
      return {
        actorId: handler.id,
        targetType: 'feedback',
        targetId: id,
        before: { status: 'new', acceptedAt: null, replyBy: was.replyBy, replyByLegal: was.replyByLegal },
        after: { status: 'accepted', acceptedAt: after.accepted_at, replyBy: after.reply_by, replyByLegal: after.reply_by_legal },
      };
    },
  },
  {
    action: 'feedback.return',
    route: 'POST /feedback/:id{[0-9]+}/return',
    what: "a department's hand-back (退回)",
    status: 200,
    prepare: async () => {
      const id = await feedbackWithContact('accepted');
      await setFeedback(id, { department_id: departmentA });
      return { id, was: {}, user: await signedIn('handler', { departmentId: departmentA }) };
    },
    request: ({ id, user }) => staff(`/feedback/${id}/return`, { method: 'POST', cookie: user!.cookie, body: { reason: '不属于本部门职责' } }),
    expected: ({ id, user }, body) => ({
      actorId: user!.id,
      targetType: 'feedback',
      targetId: id,
      before: { status: 'accepted', departmentId: departmentA, returnedAt: null, returnReason: null },
      after: { departmentId: null, returnedAt: (body.returned as { at: number }).at, returnReason: '不属于本部门职责' },
    }),
  },
  {
    action: 'feedback.seen',
    route: 'POST /feedback/:id{[0-9]+}/seen',
    what: 'a department signing for newly assigned work (签收)',
    status: 200,
    prepare: async () => {
      const id = await feedbackWithContact('accepted');
      await setFeedback(id, { department_id: departmentA });
      return { id, was: {}, user: await signedIn('handler', { departmentId: departmentA }) };
    },
    request: ({ id, user }) => staff(`/feedback/${id}/seen`, { method: 'POST', cookie: user!.cookie }),
    expected: ({ id, user }, body) => ({
      actorId: user!.id, targetType: 'feedback', targetId: id, before: null, after: { departmentId: departmentA, departmentSeenAt: body.departmentSeenAt },
    }),
  },
  {
    action: 'feedback.attention_answer',
    route: 'POST /feedback/:id{[0-9]+}/attention',
    what: '已处理 of a follow-up or review request after the reply',
    status: 200,
    prepare: async () => {
      const id = await feedbackWithContact('replied');
      await setFeedback(id, { attention: 'review', attention_at: 1_800_000_000_000, attention_by: '2027-02-15', review_requested_at: 1_800_000_000_000 });
      return { id, was: {} };
    },
    request: ({ id }) => staff(`/feedback/${id}/attention`, { method: 'POST', cookie: handler.cookie, body: { text: '经复查，维持原答复意见。' } }),
    expected: ({ id }) => ({
      actorId: handler.id,
      targetType: 'feedback',
      targetId: id,
      before: { attention: 'review', attentionAt: 1_800_000_000_000, attentionBy: '2027-02-15' },
      after: { attention: null, answered: true },
    }),
  },
  {
    action: 'reply_template.create',
    route: 'POST /reply-templates',
    what: 'a reply template',
    status: 201,
    prepare: async () => ({ id: 0, was: { title: `模板-${crypto.randomUUID().slice(0, 8)}` } }),
    request: ({ was }) => staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body: { title: was.title, body: '您反映的问题已转交承办部门办理。' } }),
    expected: ({ was }, body) => ({
      actorId: admin.id, targetType: 'reply_template', targetId: Number(body.id), before: null, after: { title: was.title, body: '您反映的问题已转交承办部门办理。' },
    }),
  },
  {
    action: 'reply_template.update',
    route: 'PATCH /reply-templates/:id{[0-9]+}',
    what: 'a change of a reply template',
    status: 200,
    prepare: async () => {
      const t = await json<{ id: number; updatedAt: number }>(await staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body: { title: `模板-${crypto.randomUUID().slice(0, 8)}`, body: '原来的内容。' } }));
      return { id: t.id, was: { updatedAt: t.updatedAt } };
    },
    request: ({ id, was }) => staff(`/reply-templates/${id}`, { method: 'PATCH', cookie: admin.cookie, body: { body: '改过的内容。', updatedAt: was.updatedAt } }),
    expected: ({ id }) => ({ actorId: admin.id, targetType: 'reply_template', targetId: id, before: { body: '原来的内容。' }, after: { body: '改过的内容。' } }),
  },
  {
    action: 'reply_template.delete',
    route: 'DELETE /reply-templates/:id{[0-9]+}',
    what: 'a deletion of a reply template',
    status: 204,
    prepare: async () => {
      const title = `模板-${crypto.randomUUID().slice(0, 8)}`;
      const t = await json<{ id: number; updatedAt: number }>(await staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body: { title, body: '将被删除的内容。' } }));
      return { id: t.id, was: { updatedAt: t.updatedAt, title } };
    },
    request: ({ id, was }) => staff(`/reply-templates/${id}?updatedAt=${String(was.updatedAt)}`, { method: 'DELETE', cookie: admin.cookie }),
    expected: ({ id, was }) => ({ actorId: admin.id, targetType: 'reply_template', targetId: id, before: { title: was.title, body: '将被删除的内容。' }, after: null }),
  },
  {
    action: 'notify_target.create',
    route: 'POST /notify-targets',
    what: 'a notification target, its key and secret masked',
    status: 201,
    prepare: async () => ({ id: 0, was: {} }),
    request: () => staff('/notify-targets', { method: 'POST', cookie: admin.cookie, body: { kind: 'dingtalk', name: '城管群', url: DINGTALK_URL, secret: DINGTALK_SECRET, enabled: false } }),
    expected: (_, body) => ({
      actorId: admin.id, targetType: 'notify_target', targetId: Number(body.id), before: null,
      after: { departmentId: null, kind: 'dingtalk', name: '城管群', url: 'https://oapi.dingtalk.com/robot/send?access_token=0123…cdef', hasSecret: true, enabled: false },
    }),
    secrets: () => [DINGTALK_SECRET, '0123456789abcdef0123456789abcdef'],
  },
  {
    action: 'notify_target.update',
    route: 'PATCH /notify-targets/:id{[0-9]+}',
    what: 'a change of a notification target',
    status: 200,
    prepare: async () => {
      const t = await json<{ id: number; updatedAt: number }>(await staff('/notify-targets', { method: 'POST', cookie: admin.cookie, body: { kind: 'dingtalk', name: '旧名', url: DINGTALK_URL, secret: DINGTALK_SECRET, enabled: false } }));
      return { id: t.id, was: { updatedAt: t.updatedAt } };
    },
    request: ({ id, was }) => staff(`/notify-targets/${id}`, { method: 'PATCH', cookie: admin.cookie, body: { name: '新名', secret: `${DINGTALK_SECRET}x`, updatedAt: was.updatedAt } }),
    expected: ({ id }) => {
      const shown = { departmentId: null, kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=0123…cdef', hasSecret: true, enabled: false };
      return { actorId: admin.id, targetType: 'notify_target', targetId: id, before: { ...shown, name: '旧名' }, after: { ...shown, name: '新名', secretChanged: true } };
    },
    secrets: () => [DINGTALK_SECRET, '0123456789abcdef0123456789abcdef'],
  },
  {
    action: 'notify_target.delete',
    route: 'DELETE /notify-targets/:id{[0-9]+}',
    what: 'a deletion of a notification target',
    status: 204,
    prepare: async () => {
      const t = await json<{ id: number; updatedAt: number }>(await staff('/notify-targets', { method: 'POST', cookie: admin.cookie, body: { kind: 'dingtalk', name: '将删除', url: DINGTALK_URL, secret: DINGTALK_SECRET, enabled: false } }));
      return { id: t.id, was: { updatedAt: t.updatedAt } };
    },
    request: ({ id, was }) => staff(`/notify-targets/${id}?updatedAt=${String(was.updatedAt)}`, { method: 'DELETE', cookie: admin.cookie }),
    expected: ({ id }) => ({
      actorId: admin.id, targetType: 'notify_target', targetId: id,
      before: { departmentId: null, kind: 'dingtalk', name: '将删除', url: 'https://oapi.dingtalk.com/robot/send?access_token=0123…cdef', hasSecret: true, enabled: false, notifications: 0 }, after: null,
    }),
    secrets: () => [DINGTALK_SECRET],
  },
  {
    action: 'notify_target.test',
    route: 'POST /notify-targets/:id{[0-9]+}/test',
    what: 'a test message (to a disabled target: written, not sent)',
    status: 201,
    prepare: async () => {
      const t = await json<{ id: number }>(await staff('/notify-targets', { method: 'POST', cookie: admin.cookie, body: { kind: 'dingtalk', name: '测试群', url: DINGTALK_URL, secret: DINGTALK_SECRET, enabled: false } }));
      return { id: t.id, was: {} };
    },
    request: ({ id }) => staff(`/notify-targets/${id}/test`, { method: 'POST', cookie: admin.cookie }),
    expected: ({ id }) => ({ actorId: admin.id, targetType: 'notify_target', targetId: id, before: null, after: { name: '测试群', url: 'https://oapi.dingtalk.com/robot/send?access_token=0123…cdef' } }),
    secrets: () => [DINGTALK_SECRET],
  },
  {
    action: 'feedback.reveal',
    route: 'POST /feedback/:id{[0-9]+}/reveal',
    what: 'a reveal of contact details',
    status: 200,
    prepare: async () => ({ id: await feedbackWithContact(), was: {} }),
    request: ({ id }) => staff(`/feedback/${id}/reveal`, { method: 'POST', cookie: handler.cookie }),
    expected: ({ id }) => ({ actorId: handler.id, targetType: 'feedback', targetId: id, before: null, after: { fields: ['name', 'phone', 'email'] } }),
  },
  {
    action: 'feedback.source_spam',
    route: 'POST /sources/:source/spam',
    what: 'everything one client sent in an hour, marked as spam',
    status: 200,
    prepare: async () => {
      // Two feedback with contact details from one client, and one of another client.
      const [a, b, other] = [await feedbackWithContact(), await feedbackWithContact(), await feedbackWithContact()];
      const client = 'ab12'.repeat(16);
      await setFeedback(a, { client_hash: client });
      await setFeedback(b, { client_hash: client });
      await setFeedback(other, { client_hash: 'cd34'.repeat(16) });
      return { id: 0, was: { source: client.slice(0, 8), ids: [a, b].sort((x, y) => x - y), around: Date.now() } };
    },
    request: ({ was }) => staff(`/sources/${String(was.source)}/spam`, { method: 'POST', cookie: handler.cookie, body: { around: was.around } }),
    expected: ({ was }, body) => ({
      actorId: handler.id,
      targetType: 'source',
      targetId: String(was.source),
      before: { status: ['new'] },
      after: { from: body.from, to: body.to, status: 'spam', ids: was.ids, left: 0 },
    }),
  },
  {
    action: 'calendar.year',
    route: 'POST /calendar/years',
    what: "a year of the holiday calendar",
    status: 201,
    prepare: async () => ({ id: 2028, was: {} }),
    request: () =>
      staff('/calendar/years', {
        method: 'POST',
        cookie: admin.cookie,
        body: { year: 2028, source: ' 国办发明电〔2027〕1号 ', days: [{ day: '2028-01-01', kind: 'off', name: '元旦' }] },
      }),
    expected: () => ({
      actorId: admin.id, targetType: 'calendar_year', targetId: 2028, before: null,
      after: { source: '国办发明电〔2027〕1号', days: [{ day: '2028-01-01', kind: 'off', name: '元旦' }] },
    }),
  },
  {
    action: 'feedback.create',
    route: 'POST /feedback',
    what: 'a manual entry',
    status: 201,
    prepare: async () => ({ id: 0, was: {} }),
    request: () =>
      staff('/feedback', {
        method: 'POST',
        cookie: handler.cookie,
        body: { channel: 'phone', receivedAt: today(), noticeSlug: SLUG, itemId, kind: 'report', content: '电话反映：小区门口垃圾桶无人清理。', ...CONTACT },
      }),
    expected: async (_ctx, body) => {
      const f = (await env.DB.prepare('select id from feedback where ref = ?').bind(body.ref).first<{ id: number }>())!;
      return {
        actorId: handler.id,
        targetType: 'feedback',
        targetId: f.id,
        before: null,
        after: {
          ref: body.ref, channel: 'phone', receivedAt: today(), receivedTime: null, noticeSlug: SLUG, itemId, kind: 'report', anonymous: false,
          hasContact: true, consentRecordedByStaff: true, departmentId: null,
        },
      };
    },
    secrets: (_ctx, body) => [String(body.queryCode), String(body.queryCode).replace(/-/g, '')],
  },
  {
    action: 'item.assign',
    route: 'POST /items/:id{[0-9]+}/department',
    what: "an item's department",
    status: 200,
    prepare: async () => {
      await env.DB.prepare('update items set department_id = ? where id = ?').bind(departmentA, itemId).run();
      return { id: itemId, was: {} };
    },
    request: ({ id }) => staff(`/items/${id}/department`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentB } }),
    expected: ({ id }) => ({ actorId: admin.id, targetType: 'item', targetId: id, before: { departmentId: departmentA }, after: { departmentId: departmentB } }),
  },
  {
    action: 'item.comment',
    route: 'POST /items/:id{[0-9]+}/comments',
    what: 'an item comment',
    status: 201,
    prepare: async () => ({ id: itemId, was: {} }),
    request: ({ id }) => staff(`/items/${id}/comments`, { method: 'POST', cookie: handler.cookie, body: { body: ' 宣传栏已于本月更新。 ', public: true } }),
    expected: ({ id }) => ({ actorId: handler.id, targetType: 'item', targetId: id, before: null, after: { body: '宣传栏已于本月更新。', public: true } }),
  },
  {
    action: 'notice.create',
    route: 'POST /notices',
    what: 'a notice saved as a draft',
    status: 201,
    prepare: async () => ({ id: 0, was: { slug: `audit-${crypto.randomUUID().slice(0, 8)}` } }),
    request: ({ was }) =>
      staff('/notices', {
        method: 'POST',
        cookie: admin.cookie,
        body: { text: '一、整改情况\n1.学习不深入。整改情况：已完成。', title: '关于整改情况的通报', issuer: '某局党组', publishedOn: null, slug: was.slug, refPrefix: 'AU' },
      }),
    expected: async ({ was }) => ({
      actorId: admin.id,
      targetType: 'notice',
      targetId: (await env.DB.prepare('select id from notices where slug = ?').bind(String(was.slug)).first<{ id: number }>())!.id,
      before: null,
      after: {
        slug: was.slug, title: '关于整改情况的通报', issuer: '某局党组', publishedOn: null, refPrefix: 'AU', sourceNote: null, state: 'draft',
        itemCount: 1, level: null, corrected: false,
      },
    }),
  },
  {
    action: 'notice.edit',
    route: 'PATCH /notices/:slug',
    what: "a published notice's title and issuer",
    status: 200,
    prepare: async () => {
      const n = await createNotice({ title: '关于整改情况的通报', issuer: '某局党组' });
      return { id: n.id, was: { slug: n.slug } };
    },
    request: ({ was }) =>
      staff(`/notices/${String(was.slug)}`, { method: 'PATCH', cookie: admin.cookie, body: { title: ' 关于整改落实情况的通报 ', issuer: '某局党组', publishedOn: null } }),
    expected: ({ id, was }) => ({
      actorId: admin.id,
      targetType: 'notice',
      targetId: id,
      // Only what changed: the issuer and the date were sent as they were.
      before: { slug: was.slug, title: '关于整改情况的通报' },
      after: { slug: was.slug, title: '关于整改落实情况的通报' },
    }),
  },
  {
    action: 'item.edit',
    route: 'PATCH /notices/:slug/items/:id{[0-9]+}',
    what: "an item's wording",
    status: 200,
    prepare: async () => {
      const n = await createNotice();
      return { id: n.items[0], was: { slug: n.slug } };
    },
    request: ({ id, was }) =>
      staff(`/notices/${String(was.slug)}/items/${id}`, { method: 'PATCH', cookie: admin.cookie, body: { title: '关于宣传栏内容更新不及时的问题', label: '1.' } }),
    expected: ({ id, was }) => ({
      actorId: admin.id,
      targetType: 'item',
      targetId: id,
      before: { notice: was.slug, title: '关于宣传栏内容陈旧的问题' },
      after: { notice: was.slug, title: '关于宣传栏内容更新不及时的问题' },
    }),
  },
  {
    action: 'item.status',
    route: 'POST /notices/:slug/items/:id{[0-9]+}/status',
    what: "a change of an item's status",
    status: 200,
    prepare: async () => {
      const n = await createNotice();
      return { id: n.items[0], was: { slug: n.slug } };
    },
    request: ({ id, was }) =>
      staff(`/notices/${String(was.slug)}/items/${id}/status`, { method: 'POST', cookie: admin.cookie, body: { status: 'completed', note: ' 宣传栏已全部更新。 ' } }),
    expected: ({ id, was }) => ({
      actorId: admin.id,
      targetType: 'item',
      targetId: id,
      before: { notice: was.slug, status: 'in_progress' },
      after: { notice: was.slug, status: 'completed', changedOn: today(), note: '宣传栏已全部更新。' },
    }),
  },
  {
    action: 'notice.state',
    route: 'POST /notices/:slug/state',
    what: 'a published notice closed',
    status: 200,
    prepare: async () => {
      const n = await createNotice();
      return { id: n.id, was: { slug: n.slug } };
    },
    request: ({ was }) => staff(`/notices/${String(was.slug)}/state`, { method: 'POST', cookie: admin.cookie, body: { to: 'closed' } }),
    expected: ({ id, was }) => ({
      actorId: admin.id,
      targetType: 'notice',
      targetId: id,
      before: { slug: was.slug, state: 'published', closedOn: null },
      after: { slug: was.slug, state: 'closed', closedOn: today() },
    }),
  },
  {
    action: 'department.create',
    route: 'POST /departments',
    what: 'a new department',
    status: 201,
    prepare: async () => ({ id: 0, was: { name: `信访办-${crypto.randomUUID().slice(0, 6)}` } }),
    request: ({ was }) => staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name: ` ${String(was.name)} ` } }),
    expected: ({ was }, body) => ({ actorId: admin.id, targetType: 'department', targetId: Number(body.id), before: null, after: { name: was.name } }),
  },
  {
    action: 'department.rename',
    route: 'PATCH /departments/:id{[0-9]+}',
    what: 'a department renamed',
    status: 200,
    prepare: async () => {
      const name = `旧名科-${crypto.randomUUID().slice(0, 6)}`;
      return { id: await createDepartment(name), was: { name } };
    },
    request: ({ id }) => staff(`/departments/${id}`, { method: 'PATCH', cookie: admin.cookie, body: { name: ` 新名科-${id} ` } }),
    expected: ({ id, was }) => ({ actorId: admin.id, targetType: 'department', targetId: id, before: { name: was.name }, after: { name: `新名科-${id}` } }),
  },
  {
    action: 'department.merge',
    route: 'POST /departments/:id{[0-9]+}/merge',
    what: 'a department merged into another',
    status: 200,
    prepare: async () => {
      const name = `并入科-${crypto.randomUUID().slice(0, 6)}`;
      const id = await createDepartment(name);
      await setFeedback(await feedbackWithContact(), { department_id: id });
      return { id, was: { name } };
    },
    request: ({ id }) => staff(`/departments/${id}/merge`, { method: 'POST', cookie: admin.cookie, body: { into: departmentB } }),
    expected: async ({ id, was }) => ({
      actorId: admin.id,
      targetType: 'department',
      targetId: id,
      before: { name: was.name },
      after: {
        into: departmentB,
        intoName: (await env.DB.prepare('select name from departments where id = ?').bind(departmentB).first<{ name: string }>())!.name,
        moved: { feedback: 1, items: 0, staffUsers: 0 },
      },
    }),
  },
  {
    action: 'user.create',
    route: 'POST /users',
    what: 'a new account',
    status: 201,
    prepare: async () => ({ id: 0, was: { email: `new-${crypto.randomUUID().slice(0, 6)}@example.gov.cn` } }),
    request: ({ was }) =>
      staff('/users', { method: 'POST', cookie: admin.cookie, body: { email: String(was.email).toUpperCase(), displayName: '新同事', role: 'handler', departmentId: departmentA } }),
    expected: ({ was }, body) => ({
      actorId: admin.id,
      targetType: 'staff_user',
      targetId: (body.user as { id: number }).id,
      before: null,
      after: { email: was.email, displayName: '新同事', role: 'handler', departmentId: departmentA },
    }),
    secrets: (_ctx, body) => [tokenOf(String(body.setupLink))],
  },
  {
    action: 'user.update',
    route: 'PATCH /users/:id{[0-9]+}',
    what: "an account's role and department",
    status: 200,
    prepare: async () => ({ id: (await createUser('viewer', { departmentId: departmentA })).id, was: {} }),
    request: ({ id }) => staff(`/users/${id}`, { method: 'PATCH', cookie: admin.cookie, body: { role: 'handler', departmentId: departmentB } }),
    expected: ({ id }) => ({
      actorId: admin.id, targetType: 'staff_user', targetId: id, before: { role: 'viewer', departmentId: departmentA }, after: { role: 'handler', departmentId: departmentB },
    }),
  },
  {
    action: 'user.disable',
    route: 'POST /users/:id{[0-9]+}/disable',
    what: 'an account disabled',
    status: 200,
    prepare: async () => {
      const user = await signedIn('handler');
      return { id: user.id, was: {}, user };
    },
    request: ({ id }) => staff(`/users/${id}/disable`, { method: 'POST', cookie: admin.cookie }),
    expected: ({ id }) => ({ actorId: admin.id, targetType: 'staff_user', targetId: id, before: { disabled: false }, after: { disabled: true } }),
    secrets: ({ user }) => [user!.cookie.split('=')[1]!, PASSWORD],
  },
  {
    action: 'user.enable',
    route: 'POST /users/:id{[0-9]+}/enable',
    what: 'an account enabled',
    status: 200,
    prepare: async () => {
      const u = await createUser('viewer');
      await env.DB.prepare('update staff_users set disabled = 1 where id = ?').bind(u.id).run();
      return { id: u.id, was: {} };
    },
    request: ({ id }) => staff(`/users/${id}/enable`, { method: 'POST', cookie: admin.cookie }),
    expected: ({ id }) => ({ actorId: admin.id, targetType: 'staff_user', targetId: id, before: { disabled: true }, after: { disabled: false } }),
  },
  {
    action: 'user.reset',
    route: 'POST /users/:id{[0-9]+}/reset',
    what: 'an account reset, with a new setup link',
    status: 200,
    prepare: async () => {
      const user = await signedIn('handler');
      return { id: user.id, was: {}, user };
    },
    request: ({ id }) => staff(`/users/${id}/reset`, { method: 'POST', cookie: admin.cookie }),
    expected: ({ id }, body) => ({ actorId: admin.id, targetType: 'staff_user', targetId: id, before: null, after: { purpose: 'reset', expiresAt: body.expiresAt } }),
    secrets: ({ user }, body) => [tokenOf(String(body.setupLink)), user!.cookie.split('=')[1]!, PASSWORD],
  },
  {
    action: 'user.setup',
    route: 'POST /setup/password',
    what: 'a password chosen through a setup link',
    status: 200,
    prepare: async () => {
      const invited = await invite(admin.id, 'handler');
      return { id: invited.id, was: { token: invited.token } };
    },
    request: ({ was }) => staff('/setup/password', { method: 'POST', body: { token: was.token, newPassword: NEW_PASSWORD } }),
    expected: ({ id }) => ({ actorId: id, targetType: 'staff_user', targetId: id, before: null, after: { purpose: 'invite' } }),
    secrets: ({ was }) => [String(was.token), NEW_PASSWORD],
  },
  {
    action: 'session.password',
    route: 'POST /session/password',
    what: 'a password change',
    status: 200,
    prepare: async () => {
      const user = await signedIn('handler');
      return { id: user.id, was: {}, user };
    },
    request: ({ user }) => staff('/session/password', { method: 'POST', cookie: user!.cookie, body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }),
    expected: ({ user }) => ({ actorId: user!.id, targetType: 'staff_user', targetId: user!.id, before: null, after: null }),
    secrets: () => [PASSWORD, NEW_PASSWORD],
  },
  {
    action: 'session.login',
    route: 'POST /session',
    what: 'a sign-in',
    status: 200,
    prepare: async () => {
      const u = await createUser('viewer');
      return { id: u.id, was: { email: u.email } };
    },
    request: ({ was }) => login(String(was.email), PASSWORD),
    expected: ({ id }) => ({ actorId: id, targetType: 'staff_user', targetId: id, before: null, after: null }),
    secrets: () => [PASSWORD],
  },
  {
    action: 'session.logout',
    route: 'DELETE /session',
    what: 'a sign-out',
    status: 204,
    prepare: async () => {
      const user = await signedIn('viewer');
      return { id: user.id, was: {}, user };
    },
    request: ({ user }) => staff('/session', { method: 'DELETE', cookie: user!.cookie }),
    expected: ({ user }) => ({ actorId: user!.id, targetType: 'staff_user', targetId: user!.id, before: null, after: null }),
    secrets: ({ user }) => [user!.cookie.split('=')[1]!],
  },
];

const SECRET_KEY = /password|hash|salt|token|querycode/i;

/** The keys of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
}

describe('the audit entry of each staff write', () => {
  it.each(WRITES.map((w) => [w.action, w.what, w] as const))('%s: %s leaves exactly one entry, with its actor, target and states', async (action, _what, w) => {
    const ctx = await w.prepare();
    const mark = await lastAuditId();
    const res = await w.request(ctx);
    expect(res.status, await res.clone().text()).toBe(w.status);
    const body = res.status === 204 ? {} : await json(res);

    const entries = await auditSince(mark);
    expect(entries.map((e) => e.action)).toEqual([action]);
    const entry = entries[0]!;
    const want = await w.expected(ctx, body);
    expect({ actorId: entry.actor_id, targetType: entry.target_type, targetId: entry.target_id }).toEqual({
      actorId: want.actorId, targetType: want.targetType, targetId: String(want.targetId),
    });
    expect(entry.before === null ? null : JSON.parse(entry.before)).toEqual(want.before);
    expect(entry.after === null ? null : JSON.parse(entry.after)).toEqual(want.after);

    const recorded = `${entry.before ?? ''}\n${entry.after ?? ''}`;
    for (const secret of [...(await storedSecrets()), ...(w.secrets?.(ctx, body) ?? [])]) expect(recorded).not.toContain(secret);
    const keys = [...keysOf(entry.before && JSON.parse(entry.before)), ...keysOf(entry.after && JSON.parse(entry.after))];
    expect(keys.filter((k) => SECRET_KEY.test(k))).toEqual([]);
  });

  it('has a row for every route of the staff API that writes', () => {
    // Checking a setup link is a POST (the token travels in the body, never in a URL) that writes nothing.
    // Reading a notice's text for review is a POST (the text is large) that saves nothing.
    // Sealing search words is a POST (the words travel in the body, never in a URL) that saves nothing.
    const reads = new Set(['POST /setup', 'POST /notices/parse', 'POST /search']);
    const writes = staffRoute.routes.filter((r) => r.method !== 'GET' && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`).filter((r) => !reads.has(r));
    expect(WRITES.map((w) => w.route).sort()).toEqual([...new Set(writes)].sort());
  });
});

describe('a refused write', () => {
  // Each row prepares what it needs (which may sign someone in) and returns the refused request, sent once the log's last id is taken.
  it.each([
    ['an empty note', 422, async () => {
      const id = await feedbackWithContact();
      return () => staff(`/feedback/${id}/notes`, { method: 'POST', cookie: handler.cookie, body: { text: ' ' } });
    }],
    ['an illegal transition', 409, async () => {
      const id = await feedbackWithContact();
      return () => staff(`/feedback/${id}/transition`, { method: 'POST', cookie: handler.cookie, body: { to: 'closed' } });
    }],
    ['an extension of new feedback', 409, async () => {
      const id = await feedbackWithContact();
      return () => staff(`/feedback/${id}/extend`, { method: 'POST', cookie: handler.cookie, body: { days: 5, reason: '需要现场核查' } });
    }],
    ['an assignment of replied feedback', 409, async () => {
      const id = await feedbackWithContact('replied');
      return () => staff(`/feedback/${id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentA } });
    }],
    ['a manual entry without consent to keep the contact details', 422, async () => () =>
      staff('/feedback', {
        method: 'POST',
        cookie: handler.cookie,
        body: { channel: 'post', receivedAt: today(), noticeSlug: SLUG, itemId: null, kind: 'report', content: '来信反映：路灯长期不亮。', ...CONTACT, consent: false },
      })],
    ['an item comment without text', 422, async () => () => staff(`/items/${itemId}/comments`, { method: 'POST', cookie: handler.cookie, body: { body: ' ', public: false } })],
    ['an item department that does not exist', 422, async () => () => staff(`/items/${itemId}/department`, { method: 'POST', cookie: admin.cookie, body: { departmentId: 999_999 } })],
    ['a rename to a name already taken', 409, async () => {
      const name = `占用科-${crypto.randomUUID().slice(0, 6)}`;
      await createDepartment(name);
      const id = await createDepartment();
      return () => staff(`/departments/${id}`, { method: 'PATCH', cookie: admin.cookie, body: { name } });
    }],
    ['a merge into a department that does not exist', 422, async () => {
      const id = await createDepartment();
      return () => staff(`/departments/${id}/merge`, { method: 'POST', cookie: admin.cookie, body: { into: 999_999 } });
    }],
    ["disabling the admin's own account", 409, async () => () => staff(`/users/${admin.id}/disable`, { method: 'POST', cookie: admin.cookie })],
    ["a reset of the admin's own account", 409, async () => () => staff(`/users/${admin.id}/reset`, { method: 'POST', cookie: admin.cookie })],
    ['an account change to an unknown role', 422, async () => {
      const u = await createUser('viewer');
      return () => staff(`/users/${u.id}`, { method: 'PATCH', cookie: admin.cookie, body: { role: 'root' } });
    }],
    ['a setup link that does not exist', 404, async () => () => staff('/setup/password', { method: 'POST', body: { token: 'y'.repeat(43), newPassword: NEW_PASSWORD } })],
    ['a setup link with too short a password', 422, async () => {
      const { token } = await invite(admin.id);
      return () => staff('/setup/password', { method: 'POST', body: { token, newPassword: 'short' } });
    }],
    ['a department name already taken', 409, async () => {
      const name = `重名科-${crypto.randomUUID().slice(0, 6)}`;
      await createDepartment(name);
      return () => staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name } });
    }],
    ['an account for an e-mail already used', 409, async () => () => staff('/users', { method: 'POST', cookie: admin.cookie, body: { email: handler.email, role: 'viewer' } })],
    ['a password change with the wrong current password', 422, async () => {
      const u = await signedIn('viewer');
      return () => staff('/session/password', { method: 'POST', cookie: u.cookie, body: { currentPassword: 'not the password', newPassword: NEW_PASSWORD } });
    }],
    ['a sign-in with the wrong password', 401, async () => {
      const u = await createUser('viewer');
      return () => login(u.email, 'not the password');
    }],
    ['photos added to a web submission', 409, async () => {
      const id = await feedbackWithContact();
      return () => upload(`/feedback/${id}/photos`, handler.cookie, [jpeg()]);
    }],
    ['an upload with a file that is not a photo', 422, async () => {
      const id = await feedbackWithContact();
      await setFeedback(id, { channel: 'phone', client_hash: null });
      return () => upload(`/feedback/${id}/photos`, handler.cookie, [jpeg(), { bytes: fixtures.setupRenamed(), name: 'setup.jpg' }]);
    }],
    ["photos on another member of staff's comment", 403, async () => {
      const [u, comment] = await Promise.all([signedIn('handler'), commentByHandler()]);
      return () => upload(`/items/${itemId}/comments/${comment}/photos`, u.cookie, [jpeg()]);
    }],
    ['a note by a viewer', 403, async () => {
      const [u, id] = await Promise.all([signedIn('viewer'), feedbackWithContact()]);
      return () => staff(`/feedback/${id}/notes`, { method: 'POST', cookie: u.cookie, body: { text: '备注' } });
    }],
  ] as const)('%s (%i) leaves no entry', async (_name, status, prepare) => {
    const request = await prepare();
    const mark = await lastAuditId();
    expect((await request()).status).toBe(status);
    expect(await auditSince(mark)).toEqual([]);
  });
});

describe('the entries staff writes leave', () => {
  async function assignedEntry(): Promise<AuditRow> {
    const id = await feedbackWithContact();
    const mark = await lastAuditId();
    await staff(`/feedback/${id}/assignment`, { method: 'POST', cookie: admin.cookie, body: { departmentId: departmentA } });
    return (await auditSince(mark))[0]!;
  }

  it('cannot be changed or removed, one at a time or all together', async () => {
    const entry = await assignedEntry();
    const all = (await env.DB.prepare('select * from audit_log order by id').all<AuditRow>()).results;
    for (const [sql, ...params] of [
      ['update audit_log set after = null where id = ?', entry.id],
      ['update audit_log set actor_id = null, at = 0 where id = ?', entry.id],
      ["update audit_log set action = 'feedback.note' where action = 'feedback.assign'"],
      ['delete from audit_log where id = ?', entry.id],
      ['delete from audit_log where actor_id = ?', admin.id],
      ['delete from audit_log'],
      // REPLACE deletes the old row without firing the delete trigger: only the insert trigger stops it.
      ["insert or replace into audit_log (id, at, action, target_type) values (?, 2, 'forged', 'feedback')", entry.id],
      ["replace into audit_log (id, at, action, target_type) values (?, 2, 'forged', 'feedback')", entry.id],
    ] as const) {
      await expect(env.DB.prepare(sql).bind(...params).run(), sql).rejects.toThrow(/audit_log is append-only/);
    }
    expect((await env.DB.prepare('select * from audit_log order by id').all<AuditRow>()).results).toEqual(all);
  });

  it('stay as they were when tampering is batched with a legitimate insert, which is rolled back with it', async () => {
    const entry = await assignedEntry();
    const mark = await lastAuditId();
    await expect(
      env.DB.batch([
        env.DB.prepare("insert into audit_log (at, action, target_type) values (?, 'cover', 'feedback')").bind(Date.now()),
        env.DB.prepare('delete from audit_log where id = ?').bind(entry.id),
      ]),
    ).rejects.toThrow(/audit_log is append-only/);
    expect(await env.DB.prepare('select * from audit_log where id = ?').bind(entry.id).first()).toEqual(entry);
    expect(await auditSince(mark)).toEqual([]);
  });
});
