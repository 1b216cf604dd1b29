/**
 * Rectification items for staff: counts, the disputed flag, comments, and the
 * item's department.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDisputed } from '../../worker/staff/items';
import { call, itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';
import { createNotice } from './notice-helpers';

interface ItemsView {
  items: Array<{ id: number; status: string; disputed: boolean; counts: { total: number; byKind: Record<string, number>; byStatus: Record<string, number>; standingReports: number; standingReporters: number } }>;
  wholeNotice: { total: number };
}

let admin: TestUser;
let viewer: TestUser;
beforeAll(async () => {
  await seedSample();
  [admin, viewer] = await Promise.all([signedIn('admin'), signedIn('viewer')]);
});

async function view(): Promise<ItemsView> {
  const res = await staff(`/items?notice=${SLUG}`, { cookie: viewer.cookie });
  expect(res.status).toBe(200);
  return json<ItemsView>(res);
}

describe('GET /api/staff/items', () => {
  it('counts feedback on each item by kind and by status, and on the notice as a whole', async () => {
    const itemId = await itemIdAt(1, 2, 2);
    const wholeNoticeBefore = (await view()).wholeNotice.total;
    const a = await submitPublic({ itemId, kind: 'report' });
    await submitPublic({ itemId, kind: 'praise' });
    await submitPublic({ itemId: null });
    await setFeedback(a.id, { status: 'accepted' });
    const v = await view();
    const item = v.items.find((i) => i.id === itemId)!;
    expect(item.counts.total).toBe(2);
    expect(item.counts.byKind).toEqual({ opinion: 0, suggestion: 0, report: 1, praise: 1 });
    expect(item.counts.byStatus).toMatchObject({ new: 1, accepted: 1, closed: 0 });
    // The one feedback sent above without an item (0 before it: this file's storage is its own and this test runs first).
    expect(wholeNoticeBefore).toBe(0);
    expect(v.wholeNotice.total).toBe(1);
  });

  it('flags a completed item disputed once 3 standing reports from 3 clients say otherwise', async () => {
    const itemId = await itemIdAt(1, 2, 0);
    await env.DB.prepare("update items set status = 'completed' where id = ?").bind(itemId).run();
    const reports = [await submitPublic({ itemId, kind: 'report' }), await submitPublic({ itemId, kind: 'report' })];
    const spam = await submitPublic({ itemId, kind: 'report' });
    await setFeedback(spam.id, { status: 'spam' });
    await submitPublic({ itemId, kind: 'opinion' });
    expect((await view()).items.find((i) => i.id === itemId)).toMatchObject({ disputed: false, counts: { standingReports: 2, standingReporters: 2 } });
    reports.push(await submitPublic({ itemId, kind: 'report' }));
    expect((await view()).items.find((i) => i.id === itemId)).toMatchObject({ disputed: true, counts: { standingReports: 3, standingReporters: 3 } });
  });

  it('never flags an item that is not claimed completed', () => {
    expect(isDisputed('in_progress', { standingReporters: 10 })).toBe(false);
    expect(isDisputed('completed', { standingReporters: 3 })).toBe(true);
    expect(isDisputed('completed', { standingReporters: 2 })).toBe(false);
  });

  it('answers an unknown notice with 404 and a missing one with 422', async () => {
    expect((await staff('/items?notice=no-such-notice', { cookie: viewer.cookie })).status).toBe(404);
    const res = await staff('/items', { cookie: viewer.cookie });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: unknown } }).error.fields).toEqual({ notice: '请选择有效的通报' });
  });
});

describe('GET /api/staff/items/notices', () => {
  it('offers every member of staff the published, closed and archived notices, archived last, and never a draft', async () => {
    // The archived notice is the newest, so that only its state can put it last.
    const archived = await createNotice({ state: 'archived', publishedOn: '2026-11-01', closedOn: '2026-11-20' });
    const published = await createNotice({ state: 'published', publishedOn: '2026-10-01' });
    const closed = await createNotice({ state: 'closed', publishedOn: '2026-09-01', closedOn: '2026-10-15' });
    const draft = await createNotice({ state: 'draft' });
    const res = await staff('/items/notices', { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    const { notices } = await json<{ notices: Array<{ slug: string; state: string; itemCount: number }> }>(res);
    const mine = [archived, published, closed, draft].map((n) => n.slug);
    expect(notices.filter((n) => mine.includes(n.slug)).map((n) => [n.slug, n.state, n.itemCount])).toEqual([
      [published.slug, 'published', 2],
      [closed.slug, 'closed', 2],
      [archived.slug, 'archived', 2],
    ]);
    expect(notices.at(-1)!.state).toBe('archived');
  });
});

describe('item comments', () => {
  it('shows a public comment under the item on the public notice page, and keeps an internal one to staff', async () => {
    const itemId = await itemIdAt(1, 2, 1);
    const pub = await staff(`/items/${itemId}/comments`, { method: 'POST', cookie: admin.cookie, body: { body: '宣传栏已于 11 月更新。', public: true } });
    expect(pub.status).toBe(201);
    await staff(`/items/${itemId}/comments`, { method: 'POST', cookie: admin.cookie, body: { body: '内部：下周复查。', public: false } });

    const notice = await json<{ parts: Array<{ categories: Array<{ items: Array<{ id: number; updates: Array<{ body: string }> }> }> }> }>(await call(`/api/notices/${SLUG}`));
    const item = notice.parts[1]!.categories[2]!.items.find((i) => i.id === itemId)!;
    expect(item.updates.map((u) => u.body)).toEqual(['宣传栏已于 11 月更新。']);

    const staffList = await json<{ comments: Array<{ body: string; public: boolean; author: { id: number } }> }>(await staff(`/items/${itemId}/comments`, { cookie: viewer.cookie }));
    expect(staffList.comments.map((c) => [c.body, c.public, c.author.id])).toEqual([['宣传栏已于 11 月更新。', true, admin.id], ['内部：下周复查。', false, admin.id]]);
    const audit = await env.DB.prepare("select count(*) as n from audit_log where action = 'item.comment' and target_id = ?").bind(String(itemId)).first();
    expect(audit).toEqual({ n: 2 });
  });

  it.each([
    [{ body: '  ', public: true }, { body: '请填写说明内容' }],
    [{ body: '说'.repeat(2001), public: true }, { body: '说明不能超过 2000 个字' }],
    [{ body: '说明' }, { public: '请选择这条说明是否公开' }],
  ])('refuses %j', async (body, fields) => {
    const res = await staff(`/items/${await itemIdAt(1, 2, 1)}/comments`, { method: 'POST', cookie: admin.cookie, body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: unknown } }).error.fields).toEqual(fields);
  });

  it("lets a department's handler comment only on that department's items", async () => {
    const department = await createDepartment();
    const handler = await signedIn('handler', { departmentId: department });
    const itemId = await itemIdAt(1, 2, 0);
    const before = await staff(`/items/${itemId}/comments`, { method: 'POST', cookie: handler.cookie, body: { body: '进展说明', public: true } });
    expect(before.status).toBe(403);
    expect((await staff(`/items/${itemId}/department`, { method: 'POST', cookie: admin.cookie, body: { departmentId: department } })).status).toBe(200);
    const after = await staff(`/items/${itemId}/comments`, { method: 'POST', cookie: handler.cookie, body: { body: '进展说明', public: true } });
    expect(after.status).toBe(201);
  });

  it('answers an unknown item with 404', async () => {
    const res = await staff('/items/999999/comments', { cookie: viewer.cookie });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'item_not_found', message: '找不到这项整改事项' } });
  });
});
