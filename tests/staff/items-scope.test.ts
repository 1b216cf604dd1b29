/**
 * The items routes scoped like the inbox: a member of staff bound to a
 * department is counted their department's feedback only (every count equals
 * what their inbox lists for that item), and reads the internal comments of their
 * department's items only; other items show their public progress updates,
 * which the notice page shows to everyone anyway. Admins and staff without a
 * department see everything.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { newClient, sampleNoticeId, shanghai, storeFeedback } from './flood-helpers';
import { createDepartment, json, signedIn, staff, type TestUser } from './helpers';

interface Counts {
  total: number;
  byStatus: Record<string, number>;
  standingReporters: number;
}
interface ItemsView {
  scope: { departmentId: number } | null;
  items: Array<{ id: number; disputed: boolean; counts: Counts }>;
  wholeNotice: Counts;
}
interface Comments {
  comments: Array<{ body: string; public: boolean }>;
  internal: boolean;
}

let departmentA: number;
let departmentB: number;
/** Items of department A, of department B, and of none. */
let itemA: number;
let itemB: number;
let itemNone: number;
const users = {} as Record<'admin' | 'free' | 'handlerA' | 'viewerA' | 'handlerB', TestUser>;

beforeAll(async () => {
  await seedSample();
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  [itemA, itemB, itemNone] = [await itemIdAt(1, 0, 0), await itemIdAt(1, 0, 1), await itemIdAt(1, 0, 2)];
  await env.DB.batch([
    env.DB.prepare("update items set department_id = ?, status = 'completed' where id = ?").bind(departmentA, itemA),
    env.DB.prepare('update items set department_id = ? where id = ?').bind(departmentB, itemB),
  ]);
  users.admin = await signedIn('admin');
  users.free = await signedIn('handler');
  users.handlerA = await signedIn('handler', { departmentId: departmentA });
  users.viewerA = await signedIn('viewer', { departmentId: departmentA });
  users.handlerB = await signedIn('handler', { departmentId: departmentB });

  const noticeId = await sampleNoticeId();
  const at = shanghai('2026-04-01T10:00');
  const report = (itemId: number | null, departmentId: number | null, n = 1) =>
    storeFeedback(noticeId, n, { itemId, departmentId, clientHash: newClient(), receivedAt: at, kind: 'report', status: departmentId === null ? 'new' : 'in_progress' });
  // Item A: three reports of its department (three clients), two of department B's, one not yet assigned.
  for (let i = 0; i < 3; i++) await report(itemA, departmentA);
  for (let i = 0; i < 2; i++) await report(itemA, departmentB);
  await report(itemA, null);
  // Item B: one of department A's, four of its own.
  await report(itemB, departmentA);
  await report(itemB, departmentB, 4);
  // The notice as a whole: one each.
  await report(null, departmentA);
  await report(null, departmentB);

  for (const [itemId, what] of [[itemA, 'A'], [itemB, 'B'], [itemNone, '无部门']] as const) {
    for (const isPublic of [true, false]) {
      const res = await staff(`/items/${itemId}/comments`, {
        method: 'POST', cookie: users.admin.cookie, body: { body: `${isPublic ? '公开进展' : '内部说明'}：事项 ${what}`, public: isPublic },
      });
      expect(res.status).toBe(201);
    }
  }
});

async function itemsAs(who: keyof typeof users): Promise<ItemsView> {
  const res = await staff(`/items?notice=${SLUG}`, { cookie: users[who].cookie });
  expect(res.status).toBe(200);
  return json<ItemsView>(res);
}

const totals = (v: ItemsView) => ({
  a: v.items.find((i) => i.id === itemA)!.counts.total,
  b: v.items.find((i) => i.id === itemB)!.counts.total,
  none: v.items.find((i) => i.id === itemNone)!.counts.total,
  whole: v.wholeNotice.total,
});

describe('GET /api/staff/items scoped like the inbox', () => {
  it('counts every department for admins and for handlers without a department', async () => {
    for (const who of ['admin', 'free'] as const) {
      const v = await itemsAs(who);
      expect(v.scope).toBeNull();
      expect(totals(v)).toEqual({ a: 6, b: 5, none: 0, whole: 2 });
    }
  });

  it("counts only their department's feedback for staff bound to one, on every item", async () => {
    for (const who of ['handlerA', 'viewerA'] as const) {
      const v = await itemsAs(who);
      expect(v.scope).toEqual({ departmentId: departmentA });
      expect(totals(v)).toEqual({ a: 3, b: 1, none: 0, whole: 1 });
    }
    const b = await itemsAs('handlerB');
    expect(totals(b)).toEqual({ a: 2, b: 4, none: 0, whole: 1 });
    expect(b.items.find((i) => i.id === itemA)!.counts.byStatus).toMatchObject({ in_progress: 2, new: 0 });
  });

  it('gives each item the count of what the same user finds in the inbox for it', async () => {
    for (const who of ['admin', 'handlerA', 'handlerB'] as const) {
      const v = await itemsAs(who);
      for (const [item, counts] of [...v.items.map((i) => [String(i.id), i.counts] as const), ['none', v.wholeNotice] as const]) {
        const res = await staff(`/feedback?notice=${SLUG}&item=${item}&limit=50`, { cookie: users[who].cookie });
        const inbox = await json<{ feedback: unknown[]; nextCursor: string | null }>(res);
        expect(inbox.nextCursor).toBeNull();
        expect([who, item, inbox.feedback.length]).toEqual([who, item, counts.total]);
      }
    }
  });

  it('flags an item disputed on the reports the user may see', async () => {
    // Item A is completed, with standing reports from six clients: three of A's, two of B's, one unassigned.
    expect((await itemsAs('admin')).items.find((i) => i.id === itemA)).toMatchObject({ disputed: true, counts: { standingReporters: 6 } });
    expect((await itemsAs('handlerA')).items.find((i) => i.id === itemA)).toMatchObject({ disputed: true, counts: { standingReporters: 3 } });
    expect((await itemsAs('handlerB')).items.find((i) => i.id === itemA)).toMatchObject({ disputed: false, counts: { standingReporters: 2 } });
  });
});

describe('GET /api/staff/items/:id/comments scoped like the inbox', () => {
  async function commentsAs(who: keyof typeof users, itemId: number): Promise<Comments> {
    const res = await staff(`/items/${itemId}/comments`, { cookie: users[who].cookie });
    expect(res.status).toBe(200);
    return json<Comments>(res);
  }
  const bodies = (c: Comments) => c.comments.map((x) => x.body);

  it('shows every comment to admins and handlers without a department', async () => {
    for (const who of ['admin', 'free'] as const) {
      for (const [itemId, what] of [[itemA, 'A'], [itemB, 'B'], [itemNone, '无部门']] as const) {
        const c = await commentsAs(who, itemId);
        expect(c).toMatchObject({ internal: true });
        expect(bodies(c)).toEqual([`公开进展：事项 ${what}`, `内部说明：事项 ${what}`]);
      }
    }
  });

  it("shows staff bound to a department their items' internal comments, and only the public ones of other items", async () => {
    for (const who of ['handlerA', 'viewerA'] as const) {
      const own = await commentsAs(who, itemA);
      expect([own.internal, bodies(own)]).toEqual([true, ['公开进展：事项 A', '内部说明：事项 A']]);
      const other = await commentsAs(who, itemB);
      expect([other.internal, bodies(other)]).toEqual([false, ['公开进展：事项 B']]);
      const none = await commentsAs(who, itemNone);
      expect([none.internal, bodies(none)]).toEqual([false, ['公开进展：事项 无部门']]);
    }
    const b = await commentsAs('handlerB', itemA);
    expect([b.internal, bodies(b)]).toEqual([false, ['公开进展：事项 A']]);
  });
});
