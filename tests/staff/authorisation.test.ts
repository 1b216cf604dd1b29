/**
 * The authorisation matrix: every staff route, asked by each kind of user.
 * "handler" is a handler of the department the feedback and the item belong to;
 * "other" a handler of another department. Each cell works on fresh rows, so
 * that no cell depends on another.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

type Who = 'anonymous' | 'viewer' | 'other' | 'handler' | 'admin';
const WHO: Who[] = ['anonymous', 'viewer', 'other', 'handler', 'admin'];

let departmentA: number;
let departmentB: number;
let itemA: number;
const users = {} as Record<Exclude<Who, 'anonymous'>, TestUser>;

beforeAll(async () => {
  await seedSample();
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  itemA = await itemIdAt(1, 2, 1);
  await env.DB.prepare('update items set department_id = ? where id = ?').bind(departmentA, itemA).run();
  users.viewer = await signedIn('viewer');
  users.other = await signedIn('handler', { departmentId: departmentB });
  users.handler = await signedIn('handler', { departmentId: departmentA });
  users.admin = await signedIn('admin');
});

/** A feedback of department A in the given status. */
async function feedbackOfA(status = 'new', extra: Record<string, string | number | null> = {}): Promise<number> {
  const f = await submitPublic({ anonymous: false, name: '王五', phone: '13912345678', consent: true });
  await setFeedback(f.id, { department_id: departmentA, status, ...extra });
  return f.id;
}

interface Row {
  method: string;
  route: string;
  /** Makes the path and body for one request. */
  prepare: () => Promise<{ path: string; body?: unknown }>;
  expect: Record<Who, number>;
  /** Uses a session of its own, because the request ends or changes it. */
  ownSession?: boolean;
}

const everyone = (status: number) => ({ anonymous: 401, viewer: status, other: status, handler: status, admin: status });
const adminOnly = (status: number) => ({ anonymous: 401, viewer: 403, other: 403, handler: 403, admin: status });
const inDepartment = (status: number) => ({ anonymous: 401, viewer: 403, other: 404, handler: status, admin: status });

const ROWS: Row[] = [
  { method: 'GET', route: '/session', prepare: async () => ({ path: '/session' }), expect: everyone(200) },
  { method: 'DELETE', route: '/session', prepare: async () => ({ path: '/session' }), expect: everyone(204), ownSession: true },
  {
    method: 'POST', route: '/session/password', ownSession: true, expect: everyone(200),
    prepare: async () => ({ path: '/session/password', body: { currentPassword: '正确的马电池订书钉 horse', newPassword: 'a brand new passphrase' } }),
  },
  { method: 'GET', route: '/feedback', prepare: async () => ({ path: '/feedback' }), expect: everyone(200) },
  {
    method: 'POST', route: '/feedback', expect: { anonymous: 401, viewer: 403, other: 201, handler: 201, admin: 201 },
    prepare: async () => ({
      path: '/feedback',
      body: { channel: 'phone', receivedAt: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), noticeSlug: SLUG, itemId: null, kind: 'opinion', content: '电话反映宣传栏没有更新。', anonymous: true, consent: false },
    }),
  },
  { method: 'GET', route: '/feedback/:id', prepare: async () => ({ path: `/feedback/${await feedbackOfA()}` }), expect: { ...everyone(200), other: 404 } },
  { method: 'POST', route: '/feedback/:id/reveal', prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/reveal` }), expect: inDepartment(200) },
  {
    method: 'POST', route: '/feedback/:id/transition (accept)', expect: inDepartment(200),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/transition`, body: { to: 'accepted' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/transition (reopen)', expect: { ...inDepartment(200), handler: 403 },
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('closed')}/transition`, body: { to: 'accepted', reason: '需要重新办理' } }),
  },
  { method: 'POST', route: '/feedback/:id/notes', prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/notes`, body: { text: '已电话联系' } }), expect: inDepartment(201) },
  {
    method: 'POST', route: '/feedback/:id/extend', expect: inDepartment(200),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA('accepted', { accepted_at: Date.now() })}/extend`, body: { days: 10, reason: '需要现场核查' } }),
  },
  {
    method: 'POST', route: '/feedback/:id/assignment', expect: adminOnly(200),
    prepare: async () => ({ path: `/feedback/${await feedbackOfA()}/assignment`, body: { departmentId: departmentB } }),
  },
  { method: 'GET', route: '/items', prepare: async () => ({ path: `/items?notice=${SLUG}` }), expect: everyone(200) },
  { method: 'GET', route: '/items/:id/comments', prepare: async () => ({ path: `/items/${itemA}/comments` }), expect: everyone(200) },
  {
    method: 'POST', route: '/items/:id/comments', expect: { ...adminOnly(201), handler: 201 },
    prepare: async () => ({ path: `/items/${itemA}/comments`, body: { body: '已完成宣传栏更新。', public: false } }),
  },
  { method: 'POST', route: '/items/:id/department', prepare: async () => ({ path: `/items/${itemA}/department`, body: { departmentId: departmentA } }), expect: adminOnly(200) },
  { method: 'GET', route: '/departments', prepare: async () => ({ path: '/departments' }), expect: everyone(200) },
  { method: 'POST', route: '/departments', prepare: async () => ({ path: '/departments', body: { name: `科室-${crypto.randomUUID().slice(0, 6)}` } }), expect: adminOnly(201) },
  { method: 'GET', route: '/users', prepare: async () => ({ path: '/users' }), expect: adminOnly(200) },
  {
    method: 'POST', route: '/users', expect: adminOnly(201),
    prepare: async () => ({ path: '/users', body: { email: `new-${crypto.randomUUID().slice(0, 8)}@example.gov.cn`, role: 'viewer' } }),
  },
  { method: 'GET', route: '/audit', prepare: async () => ({ path: '/audit' }), expect: adminOnly(200) },
];

const CELLS = ROWS.flatMap((row) => WHO.map((who) => [`${row.method} ${row.route}`, who, row.expect[who], row] as const));

const expectedBody: Record<number, unknown> = {
  401: { error: { code: 'unauthenticated', message: '请先登录整改监督工作台' } },
  403: expect.objectContaining({ error: expect.objectContaining({ code: 'forbidden' }) }),
  404: { error: { code: 'feedback_not_found', message: '找不到这条反馈，或者它不在您负责的范围内' } },
};

describe('authorisation matrix', () => {
  it.each(CELLS)('%s as %s → %i', async (_name, who, status, row) => {
    const { path, body } = await row.prepare();
    let cookie: string | null = null;
    if (who !== 'anonymous') {
      const u = users[who];
      cookie = row.ownSession
        ? (await signedIn(who === 'other' || who === 'handler' ? 'handler' : who, { departmentId: who === 'other' ? departmentB : who === 'handler' ? departmentA : null })).cookie
        : u.cookie;
    }
    const res = await staff(path, { method: row.method, cookie, body: row.method === 'GET' ? undefined : (body ?? {}) });
    expect(res.status).toBe(status);
    if (expectedBody[status]) expect(await res.json()).toEqual(expectedBody[status]);
  });

  it('lets a handler without a department act on feedback of any department, and assign it', async () => {
    const free = await signedIn('handler');
    const id = await feedbackOfA();
    expect((await staff(`/feedback/${id}`, { cookie: free.cookie })).status).toBe(200);
    expect((await staff(`/feedback/${id}/assignment`, { method: 'POST', cookie: free.cookie, body: { departmentId: departmentB } })).status).toBe(200);
    expect((await staff(`/feedback/${id}/transition`, { method: 'POST', cookie: free.cookie, body: { to: 'accepted' } })).status).toBe(200);
  });
});
