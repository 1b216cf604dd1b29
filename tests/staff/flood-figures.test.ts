/**
 * Flood-proof figures: one client cannot move an item's public feedback count by
 * more than PUBLIC_COUNT_PER_SUBMITTER_DAY a day (Asia/Shanghai), nor flip its
 * 有争议 flag alone; spam never counts; feedback staff entered (no fingerprint)
 * counts each. Real D1, the public notice API and the staff items API.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_COUNT_PER_SUBMITTER_DAY } from '../../worker/db/submitters';
import { DISPUTED_REPORTS } from '../../worker/staff/items';
import { call, itemIdAt, postJson, seedSample, SLUG, validFeedback } from '../helpers/api';
import { newClient, sampleNoticeId, shanghai, storeFeedback } from './flood-helpers';
import { json, signedIn, staff, type TestUser } from './helpers';

interface PublicItem {
  id: number;
  feedbackCount: number;
}
interface PublicNotice {
  feedbackCount: number;
  parts: Array<{ items: PublicItem[]; categories: Array<{ items: PublicItem[] }> }>;
}

let noticeId: number;
let handler: TestUser;

beforeAll(async () => {
  await seedSample();
  noticeId = await sampleNoticeId();
  handler = await signedIn('handler');
});

async function publicNotice(): Promise<PublicNotice> {
  const res = await call(`/api/notices/${SLUG}`);
  expect(res.status).toBe(200);
  return json<PublicNotice>(res);
}

function itemsOf(n: PublicNotice): PublicItem[] {
  return n.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]);
}

async function publicCount(itemId: number): Promise<number> {
  return itemsOf(await publicNotice()).find((i) => i.id === itemId)!.feedbackCount;
}

describe("an item's public feedback count", () => {
  it(`counts one client's 50 feedback on an item as ${PUBLIC_COUNT_PER_SUBMITTER_DAY} a day`, async () => {
    const itemId = await itemIdAt(1, 0, 0);
    const before = await publicCount(itemId);
    const flooder = newClient();
    await storeFeedback(noticeId, 50, { itemId, clientHash: flooder, receivedAt: shanghai('2026-03-10T10:00') });
    expect(await publicCount(itemId)).toBe(before + 3);
    // The next day, three more; another client, three of its own.
    await storeFeedback(noticeId, 50, { itemId, clientHash: flooder, receivedAt: shanghai('2026-03-11T10:00') });
    await storeFeedback(noticeId, 50, { itemId, clientHash: newClient(), receivedAt: shanghai('2026-03-11T10:00') });
    expect(await publicCount(itemId)).toBe(before + 9);
    // One or two from a client count as they are.
    await storeFeedback(noticeId, 2, { itemId, clientHash: newClient(), receivedAt: shanghai('2026-03-11T10:00') });
    expect(await publicCount(itemId)).toBe(before + 11);
  });

  it('takes the day on the Asia/Shanghai calendar, not UTC', async () => {
    const itemId = await itemIdAt(1, 0, 1);
    const before = await publicCount(itemId);
    // 07:30 and 08:30 in Shanghai are one day there, but two in UTC (23:30 and 00:30).
    const morning = newClient();
    await storeFeedback(noticeId, 4, { itemId, clientHash: morning, receivedAt: shanghai('2026-03-12T07:30') });
    await storeFeedback(noticeId, 4, { itemId, clientHash: morning, receivedAt: shanghai('2026-03-12T08:30') });
    expect(await publicCount(itemId)).toBe(before + 3);
    // 23:30 and 00:30 in Shanghai are two days there, but one in UTC (15:30 and 16:30).
    const night = newClient();
    await storeFeedback(noticeId, 4, { itemId, clientHash: night, receivedAt: shanghai('2026-03-12T23:30') });
    await storeFeedback(noticeId, 4, { itemId, clientHash: night, receivedAt: shanghai('2026-03-13T00:30') });
    expect(await publicCount(itemId)).toBe(before + 3 + 6);
  });

  it('caps each item apart, and the notice as a whole like an item', async () => {
    const [a, b] = [await itemIdAt(1, 1, 0), await itemIdAt(1, 1, 1)];
    const before = await publicNotice();
    const client = newClient();
    const at = shanghai('2026-03-14T09:00');
    await storeFeedback(noticeId, 10, { itemId: a, clientHash: client, receivedAt: at });
    await storeFeedback(noticeId, 10, { itemId: b, clientHash: client, receivedAt: at });
    await storeFeedback(noticeId, 10, { itemId: null, clientHash: client, receivedAt: at });
    const after = await publicNotice();
    const count = (n: PublicNotice, id: number) => itemsOf(n).find((i) => i.id === id)!.feedbackCount;
    expect([count(after, a) - count(before, a), count(after, b) - count(before, b)]).toEqual([3, 3]);
    // The notice's own figure is its items' and its own, each capped: 3 + 3 + 3.
    expect(after.feedbackCount - before.feedbackCount).toBe(9);
    expect(after.feedbackCount).toBeGreaterThanOrEqual(itemsOf(after).reduce((sum, i) => sum + i.feedbackCount, 0));
  });

  it('never counts spam: marked by staff, or caught by the hidden field', async () => {
    const itemId = await itemIdAt(1, 1, 2);
    const before = await publicCount(itemId);
    for (let i = 0; i < 3; i++) await storeFeedback(noticeId, 1, { itemId, clientHash: newClient(), receivedAt: shanghai('2026-03-15T09:00'), status: 'spam' });
    const trapped = await postJson('/api/feedback', validFeedback({ itemId, website: 'https://example.com/' }));
    expect(trapped.status).toBe(201);
    const ref = ((await trapped.json()) as { ref: string }).ref;
    expect(await env.DB.prepare('select status from feedback where ref = ?').bind(ref).first()).toEqual({ status: 'spam' });
    expect(await publicCount(itemId)).toBe(before);
    // Any other status counts.
    await storeFeedback(noticeId, 1, { itemId, clientHash: newClient(), receivedAt: shanghai('2026-03-15T09:00'), status: 'declined' });
    expect(await publicCount(itemId)).toBe(before + 1);
  });

  it('counts each feedback staff entered, which has no fingerprint', async () => {
    const itemId = await itemIdAt(1, 1, 3);
    const before = await publicCount(itemId);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (let i = 0; i < 5; i++) {
      const res = await staff('/feedback', {
        method: 'POST',
        cookie: handler.cookie,
        body: { channel: 'phone', receivedAt: today, noticeSlug: SLUG, itemId, kind: 'report', content: `电话反映：问题仍未解决（第 ${i + 1} 个来电）。`, anonymous: true, consent: false },
      });
      expect(res.status).toBe(201);
    }
    expect(await env.DB.prepare("select count(*) as n from feedback where item_id = ? and channel = 'phone' and client_hash is null").bind(itemId).first()).toEqual({ n: 5 });
    expect(await publicCount(itemId)).toBe(before + 5);
  });
});

interface StaffItems {
  items: Array<{ id: number; disputed: boolean; counts: { total: number; standingReports: number; standingReporters: number } }>;
}

describe('the 有争议 flag', () => {
  let viewer: TestUser;
  beforeAll(async () => {
    viewer = await signedIn('viewer');
  });

  async function staffItem(itemId: number) {
    const res = await staff(`/items?notice=${SLUG}`, { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    return (await json<StaffItems>(res)).items.find((i) => i.id === itemId)!;
  }

  async function completedItem(category: number, item: number): Promise<number> {
    const itemId = await itemIdAt(1, category, item);
    await env.DB.prepare("update items set status = 'completed' where id = ?").bind(itemId).run();
    return itemId;
  }

  it(`needs standing reports from ${DISPUTED_REPORTS} distinct clients: one client cannot flip it`, async () => {
    const itemId = await completedItem(2, 0);
    const at = shanghai('2026-03-16T09:00');
    await storeFeedback(noticeId, 50, { itemId, clientHash: newClient(), receivedAt: at, kind: 'report' });
    expect(await staffItem(itemId)).toMatchObject({ disputed: false, counts: { total: 50, standingReports: 50, standingReporters: 1 } });
    await storeFeedback(noticeId, 1, { itemId, clientHash: newClient(), receivedAt: at, kind: 'report' });
    expect(await staffItem(itemId)).toMatchObject({ disputed: false, counts: { standingReporters: 2 } });
    await storeFeedback(noticeId, 1, { itemId, clientHash: newClient(), receivedAt: at, kind: 'report' });
    expect(await staffItem(itemId)).toMatchObject({ disputed: true, counts: { standingReports: 52, standingReporters: 3 } });
  });

  it('leaves out reports declined or marked as spam, and other kinds of feedback', async () => {
    const itemId = await completedItem(2, 1);
    const at = shanghai('2026-03-16T09:00');
    await storeFeedback(noticeId, 1, { itemId, clientHash: newClient(), receivedAt: at, kind: 'report', status: 'spam' });
    await storeFeedback(noticeId, 1, { itemId, clientHash: newClient(), receivedAt: at, kind: 'report', status: 'declined' });
    await storeFeedback(noticeId, 1, { itemId, clientHash: newClient(), receivedAt: at, kind: 'opinion' });
    await storeFeedback(noticeId, 2, { itemId, clientHash: newClient(), receivedAt: at, kind: 'report', status: 'accepted' });
    expect(await staffItem(itemId)).toMatchObject({ disputed: false, counts: { total: 5, standingReports: 2, standingReporters: 1 } });
  });

  it('counts each report staff entered as a submitter of its own', async () => {
    const itemId = await completedItem(2, 2);
    await storeFeedback(noticeId, 2, { itemId, clientHash: null, receivedAt: shanghai('2026-03-16T09:00'), kind: 'report' });
    expect(await staffItem(itemId)).toMatchObject({ disputed: false, counts: { standingReporters: 2 } });
    await storeFeedback(noticeId, 1, { itemId, clientHash: null, receivedAt: shanghai('2026-03-16T10:00'), kind: 'report' });
    expect(await staffItem(itemId)).toMatchObject({ disputed: true, counts: { standingReports: 3, standingReporters: 3 } });
  });
});
