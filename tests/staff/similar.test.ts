/**
 * Likely duplicates (GET /api/staff/feedback/:id/similar), offered when a clerk
 * marks a feedback 重复: feedback on the same notice whose wording is close,
 * found through the full-text index; those on the same item first; within the
 * user's scope; never the feedback itself, never spam, never feedback that only
 * shares a word or two.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSample } from '../helpers/api';
import { similarity, trigramsOf } from '../../worker/db/similar-feedback';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';
import { createNotice, type TestNotice } from './notice-helpers';

interface Similar {
  id: number;
  ref: string;
  status: string;
  receivedAt: number;
  excerpt: string;
  item: { id: number; fullLabel: string; title: string } | null;
  sameItem: boolean;
}

let admin: TestUser;
let handlerA: TestUser;
let departmentA: number;
let departmentB: number;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  departmentA = await createDepartment();
  departmentB = await createDepartment();
  handlerA = await signedIn('handler', { departmentId: departmentA });
});

/** Feedback on a notice of the test's own (only feedback on the same notice is offered, so no other test's is). */
function on(notice: TestNotice) {
  return async (content: string, item: 0 | 1 | null, columns: Record<string, string | number | null> = {}): Promise<{ id: number; ref: string }> => {
    const f = await submitPublic({ noticeSlug: notice.slug, itemId: item === null ? null : notice.items[item], content });
    if (Object.keys(columns).length > 0) await setFeedback(f.id, columns);
    return f;
  };
}

async function similarTo(id: number, who = admin): Promise<Similar[]> {
  const res = await staff(`/feedback/${id}/similar`, { cookie: who.cookie });
  expect(res.status).toBe(200);
  return (await json<{ similar: Similar[] }>(res)).similar;
}

describe('likely duplicates', () => {
  it('offers feedback with close wording, those on the same item first, and not the feedback itself', async () => {
    const notice = await createNotice();
    const say = on(notice);
    const asked = await say('领导接访日的公告一直没有在社区张贴出来，居民都不知道', 0);
    const sameItem = await say('领导接访日的公告没有张贴，居民不知道哪天接访', 0);
    const otherItem = await say('领导接访日公告没有在社区张贴出来', 1);
    const unrelated = await say('小区门口的路灯已经坏了三个月，晚上出行很不方便', 0);

    const found = await similarTo(asked.id);
    expect(found.map((f) => f.ref)).toEqual([sameItem.ref, otherItem.ref]);
    expect(found[0]).toMatchObject({ id: sameItem.id, status: 'new', sameItem: true, item: { id: notice.items[0] }, excerpt: '领导接访日的公告没有张贴，居民不知道哪天接访' });
    expect(found[1]).toMatchObject({ id: otherItem.id, sameItem: false, item: { id: notice.items[1] } });
    expect(found.map((f) => f.id)).not.toContain(asked.id);
    expect(found.map((f) => f.id)).not.toContain(unrelated.id);
  });

  it('never offers spam', async () => {
    const say = on(await createNotice());
    const asked = await say('小区垃圾分类点的清运一直不及时，气味很大', 0);
    const spam = await say('小区垃圾分类点清运不及时，气味很大', 0, { status: 'spam' });
    const declined = await say('垃圾分类点的清运一直不及时', 0, { status: 'declined' });
    const found = (await similarTo(asked.id)).map((f) => f.id);
    expect(found).toEqual([declined.id]);
    expect(found).not.toContain(spam.id);
  });

  it('stays within the notice', async () => {
    const notice = await createNotice();
    const say = on(notice);
    const asked = await say('社区活动中心周末总是关门，希望延长开放时间', null);
    const elsewhere = await on(await createNotice())('社区活动中心周末总是关门，希望延长开放时间', null);
    const here = await say('社区活动中心周末关门，希望延长开放时间', null);
    const found = await similarTo(asked.id);
    expect(found.map((f) => f.id)).toEqual([here.id]);
    // Both on the notice as a whole: the same "item".
    expect(found[0]).toMatchObject({ sameItem: true, item: null });
    expect(found.map((f) => f.id)).not.toContain(elsewhere.id);
  });

  it("offers a department's handler only their department's feedback", async () => {
    const say = on(await createNotice());
    const a = { department_id: departmentA };
    const asked = await say('公园健身器材损坏很久了，没有人来修理', 0, a);
    const mine = await say('公园的健身器材损坏很久，没人修理', 0, a);
    const theirs = await say('公园健身器材损坏很久了没有人修理', 0, { department_id: departmentB });
    const unassigned = await say('公园健身器材损坏很久了，一直没有人来修理', 0);

    expect((await similarTo(asked.id, handlerA)).map((f) => f.id)).toEqual([mine.id]);
    expect((await similarTo(asked.id)).map((f) => f.id).sort()).toEqual([mine.id, theirs.id, unassigned.id].sort());
    // Another department's feedback is not theirs to ask about at all.
    const res = await staff(`/feedback/${theirs.id}/similar`, { cookie: handlerA.cookie });
    expect(res.status).toBe(404);
  });

  it('does not offer feedback that shares only a word or two, or a small part of a long text', async () => {
    const say = on(await createNotice());
    const asked = await say('东门停车场收费标准不公开，收费人员也不出示票据', 0);
    // One four-character word in common: two trigrams.
    await say('希望在东门停车附近增加一个公交站', 0);
    // A few trigrams, but a small share of either text.
    await say('社区里的老人反映，菜市场到医院的路上没有路灯，晚上收费人员也不在岗，垃圾清运车经常占道，希望有关部门统一协调处理', 0);
    const close = await say('东门停车场的收费标准一直不公开', 0);
    expect((await similarTo(asked.id)).map((f) => f.id)).toEqual([close.id]);
  });

  it('offers nothing for a text without letters or digits to compare', async () => {
    const say = on(await createNotice());
    await say('？？？！！！。。。。', 0);
    const punctuation = await say('？？？！！！。。。', 0);
    expect(await similarTo(punctuation.id)).toEqual([]);
  });
});

describe('the wording compared', () => {
  it('is cut into trigrams of letters and digits, punctuation splitting them, case folded', () => {
    expect([...trigramsOf('路灯不亮，ABcd')]).toEqual(['路灯不', '灯不亮', 'abc', 'bcd']);
    expect(similarity(trigramsOf('领导接访日公告'), trigramsOf('领导接访日的公告'))).toEqual({ shared: 3, share: 0.6 });
  });
});
