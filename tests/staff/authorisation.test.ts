/**
 * The authorisation matrix: every staff route, asked by each kind of user.
 * "handler" is a handler of the department the feedback and the item belong to;
 * "other" a handler of another department. Each cell works on fresh rows, so
 * that no cell depends on another.
 *
 * A refusal must leave no trace. A route that writes first and then answers 404
 * when it re-reads the feedback within the user's scope gives the right status
 * and body, so every refused cell (401, 403, 404, 409) also reads the tables a
 * request could write just before and just after it, and requires them equal.
 * Every accepted cell requires the opposite: exactly the tables its row names
 * changed, and exactly its audit entries were added (none for a read), which
 * also shows that the comparison can fail.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../worker/staff/roles';
import { call, itemIdAt, seedSample, SLUG } from '../helpers/api';
import {
  addedRows, applicationTables, changedTables, createDepartment, createItem, createUser, ORIGIN, setFeedback, signedIn, snapshotOf, staff, submitPublic,
  type TestUser, type UserOptions, type WatchedTable,
} from './helpers';
import { invite } from './account-helpers';
import { createNotice } from './notice-helpers';
import { jpeg } from './photos-helpers';
import { newPhotoKey } from '../../worker/photos/keys';
import { fixtures } from '../helpers/photos';

type Who = 'anonymous' | 'viewer' | 'other' | 'handler' | 'admin';
type Staff = Exclude<Who, 'anonymous'>;
const WHO: Who[] = ['anonymous', 'viewer', 'other', 'handler', 'admin'];

/**
 * Every table a request could write is watched, but for what changes without any
 * write being allowed: staff_sessions.last_seen_at, which staffSession() moves on
 * any authenticated request (at most once a minute, session-auth.ts); rate_limits,
 * the public look-ups' counters; login_failures, where a refused sign-in is
 * counted on purpose. staff_users is compared whole: only a sign-in (last_login_at)
 * and a password change write it, never a plain request.
 */
const UNWATCHED = ['rate_limits', 'login_failures'];
const UNWATCHED_COLUMNS: Record<string, string[]> = { staff_sessions: ['last_seen_at'] };
let WATCHED: WatchedTable[];

let departmentA: number;
let departmentB: number;
let departmentAName: string;
let itemA: number;
const users = {} as Record<Staff, TestUser>;

/** The account each kind of user has. */
function accountOf(who: Staff): [StaffRole, UserOptions] {
  if (who === 'other') return ['handler', { departmentId: departmentB }];
  if (who === 'handler') return ['handler', { departmentId: departmentA }];
  return [who, {}];
}

beforeAll(async () => {
  WATCHED = (await applicationTables(UNWATCHED)).map((table) => (UNWATCHED_COLUMNS[table] ? { table, omit: UNWATCHED_COLUMNS[table] } : table));
  await seedSample();
  departmentAName = `部门-${crypto.randomUUID().slice(0, 6)}`;
  departmentA = await createDepartment(departmentAName);
  departmentB = await createDepartment();
  itemA = await itemIdAt(1, 2, 1);
  await env.DB.prepare('update items set department_id = ? where id = ?').bind(departmentA, itemA).run();
  for (const who of ['viewer', 'other', 'handler', 'admin'] as const) users[who] = await signedIn(...accountOf(who));
});

/** A feedback of department A in the given status. */
async function feedbackOfA(status = 'new', extra: Record<string, string | number | null> = {}): Promise<number> {
  const f = await submitPublic({ anonymous: false, name: '王五', phone: '13912345678', consent: true });
  await setFeedback(f.id, { department_id: departmentA, status, ...extra });
  return f.id;
}

/** Two feedback of department A from one client of their own, just received; returns the client's short fingerprint. */
async function floodOfA(status = 'new'): Promise<string> {
  const client = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
  for (let i = 0; i < 2; i++) await setFeedback(await feedbackOfA(status), { client_hash: client });
  return client.slice(0, 8);
}

/** A reply template straight in D1, with a title of its own. */
async function replyTemplate(title = `模板-${crypto.randomUUID().slice(0, 8)}`): Promise<{ id: number; title: string; updatedAt: number }> {
  const row = await env.DB.prepare('insert into reply_templates (title, body, updated_at) values (?, ?, ?) returning id, updated_at')
    .bind(title, '您反映的问题已办理完毕，感谢监督。', Date.now())
    .first<{ id: number; updated_at: number }>();
  return { id: row!.id, title, updatedAt: row!.updated_at };
}

/** A stored photo on feedback `feedbackId` (the object and its row), as a submission leaves it. */
async function photoOn(feedbackId: number): Promise<number> {
  const key = newPhotoKey('feedback');
  await env.PHOTOS.put(key, fixtures.posterJpeg(), { httpMetadata: { contentType: 'image/jpeg' } });
  const row = await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size, storage_key, width, height) values (?, '现场.jpg', 'image/jpeg', 10, ?, 96, 64) returning id")
    .bind(feedbackId, key)
    .first<{ id: number }>();
  return row!.id;
}

/** A comment by the handler of department A on a fresh item of A, and, with `photo`, a photo on it. */
async function commentOfA(isPublic: boolean, photo = false): Promise<{ item: number; comment: number; photo: number | null }> {
  const item = await createItem(SLUG, departmentA);
  const c = await env.DB.prepare('insert into item_comments (item_id, author_id, body, public, created_at) values (?, ?, ?, ?, ?) returning id')
    .bind(item, users.handler.id, '已安排现场查看。', isPublic ? 1 : 0, Date.now())
    .first<{ id: number }>();
  if (!photo) return { item, comment: c!.id, photo: null };
  const key = newPhotoKey('items');
  await env.PHOTOS.put(key, fixtures.posterJpeg(), { httpMetadata: { contentType: 'image/jpeg' } });
  const p = await env.DB.prepare("insert into item_comment_photos (comment_id, storage_key, name, type, size, width, height, added_by) values (?, ?, '现场.jpg', 'image/jpeg', 10, 96, 64, ?) returning id")
    .bind(c!.id, key, users.handler.id)
    .first<{ id: number }>();
  return { item, comment: c!.id, photo: p!.id };
}

/** A photo upload's body: one `photo` part. */
function photoForm(): FormData {
  const form = new FormData();
  const { bytes, name } = jpeg();
  form.append('photo', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'image/jpeg' }));
  return form;
}

const SOURCE_NOT_FOUND = { error: { code: 'source_not_found', message: '这一时段内没有来自这个来源的反馈，或者它们不在您负责的范围内' } };

/** What an accepted request writes. */
interface Writes {
  /** The tables it changes, in name order. */
  tables: string[];
  /** The actions of the audit entries it adds, in order. */
  audit: string[];
}

interface Row {
  method: string;
  route: string;
  /** Makes the path and body for one request by `who`; `form`, a multipart body (photo uploads) instead of JSON. */
  prepare: (who: Who) => Promise<{ path: string; body?: unknown; form?: FormData }>;
  expect: Record<Who, number>;
  /** Uses a session of its own, because the request ends or changes it. */
  ownSession?: boolean;
  /** Absent for a read, which writes nothing. */
  writes?: Writes;
  /** Who is answered 200 and yet writes nothing: a bulk step reports in its results what it could not do. */
  writesNothing?: Who[];
  /** Error bodies of this row where they differ from ERRORS. */
  errors?: Partial<Record<Who, unknown>>;
}

const everyone = (status: number) => ({ anonymous: 401, viewer: status, other: status, handler: status, admin: status });
const adminOnly = (status: number) => ({ anonymous: 401, viewer: 403, other: 403, handler: 403, admin: status });
const inDepartment = (status: number) => ({ anonymous: 401, viewer: 403, other: 404, handler: status, admin: status });

const error = (code: string, message: string) => ({ error: { code, message } });
const ERRORS: Record<number, unknown> = {
  401: error('unauthenticated', '请先登录整改监督工作台'),
  403: error('forbidden', '您的账号没有权限进行这项操作'),
  404: error('feedback_not_found', '找不到这条反馈，或者它不在您负责的范围内'),
};
const handlerAndAdmin = (body: unknown) => ({ handler: body, admin: body });

const changing = (tables: string[], ...audit: string[]): Writes => ({ tables, audit });
let noticesMade = 0;
const TRANSITION = changing(['audit_log', 'feedback', 'feedback_events'], 'feedback.transition');

const ROWS: Row[] = [
  {
    method: 'POST', route: '/session (sign in)', expect: { ...everyone(200), anonymous: 200 },
    writes: changing(['audit_log', 'staff_sessions', 'staff_users'], 'session.login'),
    prepare: async (who) => {
      const u = await createUser(...accountOf(who === 'anonymous' ? 'viewer' : who));
      return { path: '/session', body: { email: u.email, password: u.password } };
    },
  },
  // The five cells are five failures from one client address, well below its lockout (20).
  {
    method: 'POST', route: '/session (wrong password)', expect: everyone(401),
    errors: Object.fromEntries(WHO.map((who) => [who, error('login_failed', '邮箱或密码不正确')])),
    prepare: async (who) => {
      const u = await createUser(...accountOf(who === 'anonymous' ? 'viewer' : who));
      return { path: '/session', body: { email: u.email, password: 'not the password at all' } };
    },
  },
  { method: 'GET', route: '/session', prepare: async () => ({ path: '/session' }), expect: everyone(200) },
  {
    method: 'DELETE', route: '/session', expect: everyone(204), ownSession: true,
    writes: changing(['audit_log', 'staff_sessions'], 'session.logout'),
    prepare: async () => ({ path: '/session' }),
  },
  {
    method: 'POST', route: '/session/password', ownSession: true, expect: everyone(200),
    writes: changing(['audit_log', 'staff_users'], 'session.password'),
    prepare: async () => ({ path: '/session/password', body: { currentPassword: '正确的马电池订书钉 horse', newPassword: 'a brand new passphrase' } }),
  },
  { method: 'GET', route: '/feedback', prepare: async () => ({ path: '/feedback' }), expect: everyone(200) },
  {
    method: 'POST', route: '/feedback', expect: { anonymous: 401, viewer: 403, other: 201, handler: 201, admin: 201 },
    writes: changing(['audit_log', 'feedback', 'feedback_events'], 'feedback.create'),
    prepare: async () => ({
      path: '/feedback',
      body: { channel: 'phone', receivedAt: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), noticeSlug: SLUG, itemId: null, kind: 'opinion', content: '电话反映宣传栏没有更新。', anonymous: true, consent: false },
    }),
  },
  { method: 'GET', route: '/feedback/:id', prepare: async () => ({ path: `/feedback/${await feedbackOfA()}` }), expect: { ...everyone(200), other: 404 } },
  {
    method: 'POST', route: '/feedback/:id/reveal', expect: inDepartment(200), writes: changing(['audit_log'], 'feedback.reveal'),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/reveal` }),
  },
  {
    method: 'POST', route: '/feedback/:id/transition (accept)', expect: inDepartment(200), writes: TRANSITION,
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/transition`, body: { to: 'accepted' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/transition (reopen)', expect: { ...inDepartment(200), handler: 403 }, writes: TRANSITION,
    errors: { handler: error('forbidden', '只有管理员可以重新打开已处理完的反馈') },
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('closed')}/transition`, body: { to: 'accepted', reason: '需要重新办理' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/transition (new → replied)', expect: inDepartment(409),
    errors: handlerAndAdmin(error('illegal_transition', '不能把“待受理”的反馈改为“已答复”')),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/transition`, body: { to: 'replied', reply: '宣传栏已经更新。' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/transition (in progress in another department)', expect: { ...inDepartment(200), handler: 403 }, writes: TRANSITION,
    errors: { handler: error('forbidden', '您只能把反馈交给本部门办理') },
    prepare: async () => ({
      path: `/feedback/${await feedbackOfA('accepted', { accepted_at: Date.now() })}/transition`,
      body: { to: 'in_progress', departmentId: departmentB },
    }),
  },
  {
    method: 'POST', route: '/feedback/:id/notes', expect: inDepartment(201), writes: changing(['audit_log', 'feedback_events'], 'feedback.note'),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/notes`, body: { text: '已电话联系' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/extend', expect: inDepartment(200),
    writes: changing(['audit_log', 'feedback', 'feedback_events'], 'feedback.extend'),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('accepted', { accepted_at: Date.now() })}/extend`, body: { days: 10, reason: '需要现场核查' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/extend (new feedback)', expect: inDepartment(409),
    errors: handlerAndAdmin(error('not_extendable', '只有已受理或办理中的反馈可以延期')),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/extend`, body: { days: 10, reason: '需要现场核查' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/extend (a second time)', expect: inDepartment(409),
    errors: handlerAndAdmin(error('already_extended', '这条反馈已经延期过一次，按规定不能再次延期')),
    prepare: async () => ({
      path: `/feedback/${await feedbackOfA('accepted', { accepted_at: Date.now(), extension_days: 10, extension_reason: '需要现场核查' })}/extend`,
      body: { days: 5, reason: '还需要会商' },
    }),
  },
  {
    method: 'POST', route: '/feedback/:id/assignment', expect: adminOnly(200),
    writes: changing(['audit_log', 'feedback', 'feedback_events'], 'feedback.assign'),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/assignment`, body: { departmentId: departmentB } }),
  },
  ...(['replied', 'closed', 'declined'] as const).map((status): Row => ({
    method: 'POST', route: `/feedback/:id/assignment (${status})`, expect: adminOnly(409),
    errors: { admin: error('not_assignable', '已答复、已办结或已结束处理的反馈不能更改承办部门') },
    prepare: async () => ({ path: `/feedback/${await feedbackOfA(status)}/assignment`, body: { departmentId: departmentB } }),
  })),
  { method: 'GET', route: '/feedback/today', prepare: async () => ({ path: '/feedback/today' }), expect: everyone(200) },
  // Bulk: a feedback outside the user's scope is reported in the results (200), and nothing is written to it.
  {
    method: 'POST', route: '/feedback/bulk (accept)', expect: { ...inDepartment(200), other: 200 }, writes: TRANSITION, writesNothing: ['other'],
    prepare: async () => ({ path: '/feedback/bulk', body: { action: 'accept', ids: [await feedbackOfA()] } }),
  },
  {
    method: 'POST', route: '/feedback/bulk (spam)', expect: { ...inDepartment(200), other: 200 }, writes: TRANSITION, writesNothing: ['other'],
    prepare: async () => ({ path: '/feedback/bulk', body: { action: 'spam', ids: [await feedbackOfA()] } }),
  },
  {
    // Refused for the feedback, in its result: nothing is written.
    method: 'POST', route: '/feedback/bulk (spam of accepted feedback)', expect: { ...inDepartment(200), other: 200 },
    prepare: async () => ({ path: '/feedback/bulk', body: { action: 'spam', ids: [await feedbackOfA('accepted', { accepted_at: Date.now() })] } }),
  },
  {
    method: 'POST', route: '/feedback/bulk (assign)', expect: adminOnly(200),
    writes: changing(['audit_log', 'feedback', 'feedback_events'], 'feedback.assign'),
    prepare: async () => ({ path: '/feedback/bulk', body: { action: 'assign', ids: [await feedbackOfA()], departmentId: departmentB } }),
  },
  { method: 'GET', route: '/feedback/:id/similar', prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/similar` }), expect: { ...everyone(200), other: 404 } },
  // 退回 and 签收 are for a handler of the feedback's own department only: an admin assigns it instead.
  {
    method: 'POST', route: '/feedback/:id/return', expect: { ...inDepartment(200), admin: 403 },
    writes: changing(['audit_log', 'feedback', 'feedback_events'], 'feedback.return'),
    errors: { admin: error('forbidden', '只有承办部门的承办人可以退回反馈。要更换承办部门，请直接修改承办部门') },
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('in_progress', { accepted_at: Date.now() })}/return`, body: { reason: '不属于本部门职责' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/return (replied)', expect: { ...inDepartment(409), admin: 403 },
    errors: {
      handler: error('not_returnable', '只有待受理、已受理或办理中、已交给部门的反馈可以退回'),
      admin: error('forbidden', '只有承办部门的承办人可以退回反馈。要更换承办部门，请直接修改承办部门'),
    },
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('replied')}/return`, body: { reason: '不属于本部门职责' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/seen', expect: { ...inDepartment(200), admin: 403 },
    writes: changing(['audit_log', 'feedback'], 'feedback.seen'),
    errors: { admin: error('forbidden', '只有承办部门的承办人可以签收反馈') },
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('accepted', { accepted_at: Date.now() })}/seen` }),
  },
  {
    method: 'POST', route: '/feedback/:id/seen (already signed for)', expect: { ...inDepartment(200), admin: 403 },
    errors: { admin: error('forbidden', '只有承办部门的承办人可以签收反馈') },
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('accepted', { accepted_at: Date.now(), department_seen_at: Date.now() })}/seen` }),
  },
  // Evidence photos (issue 14): viewing has the detail's scope and is audited; adding is for those who handle feedback staff logged.
  {
    method: 'GET', route: '/feedback/:id/photos/:photoId', expect: { ...everyone(200), other: 404 },
    writes: changing(['audit_log'], 'feedback.photo_view'),
    prepare: async () => {
      const id = await feedbackOfA();
      return { path: `/feedback/${id}/photos/${await photoOn(id)}` };
    },
  },
  {
    method: 'POST', route: '/feedback/:id/photos', expect: inDepartment(201),
    writes: changing(['audit_log', 'feedback_attachments'], 'feedback.photos_add'),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('new', { channel: 'phone', client_hash: null })}/photos`, form: photoForm() }),
  },
  {
    method: 'POST', route: '/feedback/:id/photos (a web submission)', expect: inDepartment(409),
    errors: handlerAndAdmin(error('photos_not_addable', '网上提交的反馈只显示反映人自己上传的照片。工作人员只能给电话、信件、邮件或来访登记的反馈添加照片')),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/photos`, form: photoForm() }),
  },
  { method: 'GET', route: '/reply-templates', prepare: async () => ({ path: '/reply-templates' }), expect: { ...everyone(200), viewer: 403 } },
  {
    method: 'POST', route: '/reply-templates', expect: adminOnly(201), writes: changing(['audit_log', 'reply_templates'], 'reply_template.create'),
    prepare: async () => ({ path: '/reply-templates', body: { title: `模板-${crypto.randomUUID().slice(0, 8)}`, body: '您反映的问题已转交承办部门办理。' } }),
  },
  {
    method: 'POST', route: '/reply-templates (a title already taken)', expect: adminOnly(409),
    errors: { admin: error('template_exists', '已有同样标题的答复模板，请换一个标题') },
    prepare: async () => ({ path: '/reply-templates', body: { title: (await replyTemplate()).title, body: '另一段内容' } }),
  },
  {
    method: 'PATCH', route: '/reply-templates/:id', expect: adminOnly(200), writes: changing(['audit_log', 'reply_templates'], 'reply_template.update'),
    prepare: async () => {
      const t = await replyTemplate();
      return { path: `/reply-templates/${t.id}`, body: { body: '改过的答复内容。', updatedAt: t.updatedAt } };
    },
  },
  {
    method: 'PATCH', route: '/reply-templates/:id (a stale read)', expect: adminOnly(409),
    errors: { admin: error('stale', '这个答复模板刚刚被其他人修改，请刷新页面后重试') },
    prepare: async () => {
      const t = await replyTemplate();
      return { path: `/reply-templates/${t.id}`, body: { body: '改过的答复内容。', updatedAt: t.updatedAt - 1 } };
    },
  },
  {
    method: 'DELETE', route: '/reply-templates/:id', expect: adminOnly(204), writes: changing(['audit_log', 'reply_templates'], 'reply_template.delete'),
    prepare: async () => {
      const t = await replyTemplate();
      return { path: `/reply-templates/${t.id}?updatedAt=${t.updatedAt}` };
    },
  },
  { method: 'GET', route: '/sources/:source', prepare: async () => ({ path: `/sources/${await floodOfA()}?around=${Date.now()}` }), expect: everyone(200) },
  {
    method: 'POST', route: '/sources/:source/spam', expect: inDepartment(200),
    writes: changing(['audit_log', 'feedback', 'feedback_events'], 'feedback.source_spam'),
    errors: { other: SOURCE_NOT_FOUND },
    prepare: async () => ({ path: `/sources/${await floodOfA()}/spam`, body: { around: Date.now() } }),
  },
  {
    method: 'POST', route: '/sources/:source/spam (nothing new)', expect: inDepartment(409),
    errors: { other: SOURCE_NOT_FOUND, ...handlerAndAdmin(error('nothing_to_mark', '这一时段内来自这个来源的 2 条反馈都已受理、已办理或已标为垃圾信息，没有可以标为垃圾信息的反馈')) },
    prepare: async () => ({ path: `/sources/${await floodOfA('accepted')}/spam`, body: { around: Date.now() } }),
  },
  { method: 'GET', route: '/items', prepare: async () => ({ path: `/items?notice=${SLUG}` }), expect: everyone(200) },
  { method: 'GET', route: '/items/notices', prepare: async () => ({ path: '/items/notices' }), expect: everyone(200) },
  { method: 'GET', route: '/items/:id/comments', prepare: async () => ({ path: `/items/${itemA}/comments` }), expect: everyone(200) },
  {
    method: 'POST', route: '/items/:id/comments', expect: { ...adminOnly(201), handler: 201 },
    writes: changing(['audit_log', 'item_comments'], 'item.comment'),
    prepare: async () => ({ path: `/items/${await createItem(SLUG, departmentA)}/comments`, body: { body: '已完成宣传栏更新。', public: false } }),
  },
  {
    // The comment's author is the handler of department A.
    method: 'POST', route: '/items/:id/comments/:commentId/photos', expect: { ...adminOnly(201), handler: 201 },
    writes: changing(['audit_log', 'item_comment_photos'], 'item.comment_photos_add'),
    errors: { other: error('forbidden', '只有写这条说明的同事或管理员可以给它添加照片') },
    prepare: async () => {
      const c = await commentOfA(false);
      return { path: `/items/${c.item}/comments/${c.comment}/photos`, form: photoForm() };
    },
  },
  {
    method: 'GET', route: '/items/:id/comments/:commentId/photos/:photoId (internal)', expect: { ...everyone(200), other: 404 },
    errors: { other: error('photo_not_found', '找不到这张照片，请刷新页面后重试') },
    prepare: async () => {
      const c = await commentOfA(false, true);
      return { path: `/items/${c.item}/comments/${c.comment}/photos/${c.photo}` };
    },
  },
  {
    method: 'POST', route: '/items/:id/department', expect: adminOnly(200), writes: changing(['audit_log', 'items'], 'item.assign'),
    prepare: async () => ({ path: `/items/${await createItem(SLUG, departmentA)}/department`, body: { departmentId: departmentB } }),
  },
  {
    method: 'POST', route: '/notices/parse', expect: adminOnly(200),
    prepare: async () => ({ path: '/notices/parse', body: { text: '一、整改情况\n1.学习不深入。整改情况：已完成。' } }),
  },
  {
    method: 'POST', route: '/notices', expect: adminOnly(201),
    writes: changing(['audit_log', 'items', 'notice_sections', 'notices'], 'notice.create'),
    prepare: async () => {
      const slug = `matrix-${crypto.randomUUID().slice(0, 8)}`;
      // Each cell its own prefix: Z and two letters of a counter.
      noticesMade += 1;
      const refPrefix = `Z${String.fromCharCode(65 + Math.floor(noticesMade / 26), 65 + (noticesMade % 26))}`;
      return { path: '/notices', body: { text: '一、整改情况\n1.学习不深入。整改情况：已完成。', title: '关于整改情况的通报', issuer: '某局党组', publishedOn: null, slug, refPrefix } };
    },
  },
  { method: 'GET', route: '/notices', prepare: async () => ({ path: '/notices' }), expect: adminOnly(200) },
  { method: 'GET', route: '/notices/:slug (a draft)', prepare: async () => ({ path: `/notices/${(await createNotice({ state: 'draft' })).slug}` }), expect: adminOnly(200) },
  {
    method: 'POST', route: '/notices/:slug/state', expect: adminOnly(200), writes: changing(['audit_log', 'notices'], 'notice.state'),
    prepare: async () => ({ path: `/notices/${(await createNotice()).slug}/state`, body: { to: 'closed' } }),
  },
  {
    method: 'POST', route: '/notices/:slug/state (archived → published)', expect: adminOnly(409),
    errors: { admin: error('illegal_transition', '已归档的通报不能直接重新接收反馈：请先恢复为“已停止接收反馈”，确认无误后再重新开放反馈') },
    prepare: async () => ({ path: `/notices/${(await createNotice({ state: 'archived', closedOn: '2026-01-05' })).slug}/state`, body: { to: 'published' } }),
  },
  {
    method: 'PATCH', route: '/notices/:slug', expect: adminOnly(200), writes: changing(['audit_log', 'notices'], 'notice.edit'),
    prepare: async () => ({ path: `/notices/${(await createNotice()).slug}`, body: { title: '更正后的通报标题' } }),
  },
  {
    method: 'PATCH', route: '/notices/:slug (the slug of a published notice)', expect: adminOnly(409),
    errors: { admin: { error: { code: 'not_editable', message: '通报发布后不能再修改网址：已分享出去的链接会失效', fields: { slug: '通报发布后不能再修改网址：已分享出去的链接会失效' } } } },
    prepare: async () => ({ path: `/notices/${(await createNotice()).slug}`, body: { slug: `moved-${crypto.randomUUID().slice(0, 8)}` } }),
  },
  {
    method: 'PATCH', route: '/notices/:slug/items/:id', expect: adminOnly(200), writes: changing(['audit_log', 'items', 'notices'], 'item.edit'),
    prepare: async () => {
      const n = await createNotice();
      return { path: `/notices/${n.slug}/items/${n.items[0]}`, body: { title: '更正后的事项标题' } };
    },
  },
  {
    method: 'POST', route: '/notices/:slug/items/:id/status', expect: adminOnly(200),
    writes: changing(['audit_log', 'item_status_changes', 'items', 'notices'], 'item.status'),
    prepare: async () => {
      const n = await createNotice();
      return { path: `/notices/${n.slug}/items/${n.items[0]}/status`, body: { status: 'completed', note: '宣传栏已全部更新。' } };
    },
  },
  {
    method: 'POST', route: '/notices/:slug/items/:id/status (unchanged)', expect: adminOnly(409),
    errors: { admin: error('status_unchanged', '这项整改事项已经是“正在整改”，无需变更') },
    prepare: async () => {
      const n = await createNotice();
      return { path: `/notices/${n.slug}/items/${n.items[0]}/status`, body: { status: 'in_progress', note: '仍在整改。' } };
    },
  },
  { method: 'GET', route: '/departments', prepare: async () => ({ path: '/departments' }), expect: everyone(200) },
  {
    method: 'POST', route: '/departments', expect: adminOnly(201), writes: changing(['audit_log', 'departments'], 'department.create'),
    prepare: async () => ({ path: '/departments', body: { name: `科室-${crypto.randomUUID().slice(0, 6)}` } }),
  },
  {
    method: 'POST', route: '/departments (a name already taken)', expect: adminOnly(409),
    errors: { admin: error('department_exists', '已有同名的部门，请换一个名称') },
    prepare: async () => ({ path: '/departments', body: { name: departmentAName } }),
  },
  { method: 'GET', route: '/departments/:id', prepare: async () => ({ path: `/departments/${departmentB}` }), expect: adminOnly(200) },
  {
    method: 'PATCH', route: '/departments/:id', expect: adminOnly(200), writes: changing(['audit_log', 'departments'], 'department.rename'),
    prepare: async () => ({ path: `/departments/${await createDepartment()}`, body: { name: `新名-${crypto.randomUUID().slice(0, 6)}` } }),
  },
  {
    method: 'PATCH', route: '/departments/:id (a name already taken)', expect: adminOnly(409),
    errors: { admin: error('department_exists', '已有同名的部门，请换一个名称') },
    prepare: async () => ({ path: `/departments/${await createDepartment()}`, body: { name: departmentAName } }),
  },
  {
    method: 'POST', route: '/departments/:id/merge', expect: adminOnly(200),
    writes: changing(['audit_log', 'departments', 'feedback', 'items', 'staff_users'], 'department.merge'),
    prepare: async () => {
      const from = await createDepartment();
      const f = await submitPublic();
      await setFeedback(f.id, { department_id: from });
      await createItem(SLUG, from);
      await createUser('viewer', { departmentId: from });
      return { path: `/departments/${from}/merge`, body: { into: departmentB } };
    },
  },
  {
    method: 'POST', route: '/departments/:id/merge (into itself)', expect: adminOnly(422),
    errors: { admin: { error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields: { into: '不能把部门并入它自己，请选择另一个部门' } } } },
    prepare: async () => ({ path: `/departments/${departmentB}/merge`, body: { into: departmentB } }),
  },
  { method: 'GET', route: '/users', prepare: async () => ({ path: '/users' }), expect: adminOnly(200) },
  {
    method: 'POST', route: '/users', expect: adminOnly(201), writes: changing(['audit_log', 'staff_setup_tokens', 'staff_users'], 'user.create'),
    prepare: async () => ({ path: '/users', body: { email: `new-${crypto.randomUUID().slice(0, 8)}@example.gov.cn`, role: 'viewer' } }),
  },
  {
    method: 'POST', route: '/users (an e-mail already taken)', expect: adminOnly(409),
    errors: { admin: error('user_exists', '这个邮箱已经有工作台账号') },
    prepare: async () => ({ path: '/users', body: { email: users.viewer.email, role: 'viewer' } }),
  },
  {
    method: 'PATCH', route: '/users/:id', expect: adminOnly(200), writes: changing(['audit_log', 'staff_users'], 'user.update'),
    prepare: async () => ({ path: `/users/${(await createUser('viewer')).id}`, body: { role: 'handler', departmentId: departmentA } }),
  },
  {
    method: 'POST', route: '/users/:id/disable', expect: adminOnly(200), writes: changing(['audit_log', 'staff_users'], 'user.disable'),
    prepare: async () => ({ path: `/users/${(await createUser('viewer')).id}/disable` }),
  },
  {
    method: 'POST', route: '/users/:id/disable (own account)', expect: adminOnly(409),
    errors: { admin: error('own_account', '不能停用自己正在使用的账号。如需停用，请由另一位管理员操作') },
    prepare: async (who) => ({ path: `/users/${who === 'anonymous' ? users.admin.id : users[who].id}/disable` }),
  },
  {
    method: 'POST', route: '/users/:id/enable', expect: adminOnly(200), writes: changing(['audit_log', 'staff_users'], 'user.enable'),
    prepare: async () => {
      const u = await createUser('viewer');
      await env.DB.prepare('update staff_users set disabled = 1 where id = ?').bind(u.id).run();
      return { path: `/users/${u.id}/enable` };
    },
  },
  {
    method: 'POST', route: '/users/:id/reset', expect: adminOnly(200), writes: changing(['audit_log', 'staff_setup_tokens', 'staff_users'], 'user.reset'),
    prepare: async () => ({ path: `/users/${(await createUser('viewer')).id}/reset` }),
  },
  // Setup links are opened without a session: everyone gets the same answer, signed in or not.
  {
    method: 'POST', route: '/setup', expect: { ...everyone(200), anonymous: 200 },
    prepare: async () => ({ path: '/setup', body: { token: (await invite(users.admin.id)).token } }),
  },
  {
    method: 'POST', route: '/setup (an unknown link)', expect: { ...everyone(404), anonymous: 404 },
    errors: Object.fromEntries(WHO.map((who) => [who, error('setup_link_unknown', '找不到这个设置密码的链接。请检查链接是否完整复制，或请管理员重新生成')])),
    prepare: async () => ({ path: '/setup', body: { token: 'x'.repeat(43) } }),
  },
  {
    method: 'POST', route: '/setup/password', expect: { ...everyone(200), anonymous: 200 },
    writes: changing(['audit_log', 'staff_sessions', 'staff_setup_tokens', 'staff_users'], 'user.setup'),
    prepare: async () => ({ path: '/setup/password', body: { token: (await invite(users.admin.id)).token, newPassword: 'a passphrase of my own choosing' } }),
  },
  { method: 'GET', route: '/audit', prepare: async () => ({ path: '/audit' }), expect: adminOnly(200) },
  { method: 'GET', route: '/inbound-mail', prepare: async () => ({ path: '/inbound-mail' }), expect: adminOnly(200) },
  // An export is a read that is audited: it discloses the ledger.
  { method: 'GET', route: '/export', prepare: async () => ({ path: '/export' }), expect: everyone(200), writes: changing(['audit_log'], 'feedback.export') },
  // Sealing search words writes nothing (the words go sealed into the inbox's and the export's addresses).
  { method: 'POST', route: '/search', prepare: async () => ({ path: '/search', body: { q: '路灯' } }), expect: everyone(200) },
  { method: 'GET', route: '/stats', prepare: async () => ({ path: '/stats' }), expect: everyone(200) },
];

const CELLS = ROWS.flatMap((row) => WHO.map((who) => [`${row.method} ${row.route}`, who, row.expect[who], row] as const));

describe('authorisation matrix', () => {
  it.each(CELLS)('%s as %s → %i', async (_name, who, status, row) => {
    const { path, body, form } = await row.prepare(who);
    const cookie = who === 'anonymous' ? null : row.ownSession ? (await signedIn(...accountOf(who))).cookie : users[who].cookie;

    const before = await snapshotOf(WATCHED);
    const res = form
      ? await call(`/api/staff${path}`, { method: row.method, headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) }, body: form })
      : await staff(path, { method: row.method, cookie, body: row.method === 'GET' ? undefined : (body ?? {}) });
    // The whole body first: a streamed export writes its audit entry as it ends.
    const text = await res.text();
    const after = await snapshotOf(WATCHED);

    expect(res.status).toBe(status);
    if (status >= 400) {
      expect(JSON.parse(text)).toEqual(row.errors?.[who] ?? ERRORS[status]);
      expect(changedTables(before, after), 'tables changed by a refused request').toEqual([]);
      expect(after).toEqual(before);
    } else {
      const writes = row.writesNothing?.includes(who) ? undefined : row.writes;
      expect(changedTables(before, after)).toEqual(writes?.tables ?? []);
      expect(addedRows(before, after, 'audit_log').map((entry) => entry.action)).toEqual(writes?.audit ?? []);
    }
  });

  it('compares every table a staff request writes', () => {
    const names = WATCHED.map((t) => (typeof t === 'string' ? t : t.table));
    expect(names).toEqual(expect.arrayContaining(['audit_log', 'departments', 'feedback', 'feedback_events', 'item_comments', 'items', 'staff_sessions', 'staff_setup_tokens', 'staff_users']));
    expect(names).toEqual(expect.arrayContaining(['notices', 'item_status_changes']));
    expect(names).toEqual(expect.arrayContaining(['feedback_attachments', 'item_comment_photos']));
    expect(names).not.toEqual(expect.arrayContaining(['rate_limits']));
    expect(names).not.toEqual(expect.arrayContaining(['login_failures']));
  });

  it('lets a handler without a department act on feedback of any department, and assign it', async () => {
    const free = await signedIn('handler');
    const id = await feedbackOfA();
    expect((await staff(`/feedback/${id}`, { cookie: free.cookie })).status).toBe(200);
    expect((await staff(`/feedback/${id}/assignment`, { method: 'POST', cookie: free.cookie, body: { departmentId: departmentB } })).status).toBe(200);
    expect((await staff(`/feedback/${id}/transition`, { method: 'POST', cookie: free.cookie, body: { to: 'accepted' } })).status).toBe(200);
  });
});
