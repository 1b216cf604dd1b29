/**
 * The today view: GET /api/staff/feedback/today counts what is overdue, due
 * within three days (即将超期, either deadline, not yet overdue), new, and
 * returned by a department (退回, open, not yet assigned again), and 待回应 (a
 * follow-up or review request awaiting staff, whatever the status), within the
 * user's scope; each count equals the inbox under the view the console opens
 * for it (web/staff/pages/inbox/views.ts). The queries take the clock: the
 * boundaries are proved on a day of the tests' choosing.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { decodeCursor, inboxPage, TODAY_FILTERS, todayCounts, type InboxCursor, type InboxFilter, type InboxScope, type TodayCounts } from '../../worker/db/staff-inbox';
import { addDays } from '../../worker/feedback/deadlines';
import { TODAY_VIEWS } from '../../web/staff/pages/inbox/views';
import { seedSample } from '../helpers/api';
import { sampleNoticeId } from './flood-helpers';
import { createDepartment, json, signedIn, staff, type TestUser } from './helpers';

/** The tests' clock: 10:00 on 2031-03-10 in Asia/Shanghai, years after any other row's deadlines. */
const NOW = Date.parse('2031-03-10T10:00:00+08:00');
const TODAY = '2031-03-10';
const day = (n: number) => addDays(TODAY, n);

let noticeId: number;
let departmentA: number;
let departmentB: number;

interface Fixture {
  status: 'new' | 'accepted' | 'in_progress' | 'replied' | 'spam';
  acknowledgeBy: string;
  replyBy: string;
  department?: 'A' | 'B';
  returned?: boolean;
  /** A follow-up or review request awaiting staff (待回应). */
  attention?: 'follow_up' | 'review';
}

/** Each row on the tests' day, and the views it belongs to. */
const FIXTURES: Record<string, Fixture & { views: Array<keyof TodayCounts> }> = {
  newAckYesterday: { status: 'new', acknowledgeBy: day(-1), replyBy: day(44), department: 'A', views: ['overdue', 'new'] },
  newAckToday: { status: 'new', acknowledgeBy: day(0), replyBy: day(45), department: 'A', views: ['dueSoon', 'new'] },
  newAckInThree: { status: 'new', acknowledgeBy: day(3), replyBy: day(48), department: 'A', views: ['dueSoon', 'new'] },
  newAckInFour: { status: 'new', acknowledgeBy: day(4), replyBy: day(49), views: ['new'] },
  acceptedReplyInThree: { status: 'accepted', acknowledgeBy: day(-20), replyBy: day(3), department: 'A', views: ['dueSoon'] },
  acceptedReplyInFour: { status: 'accepted', acknowledgeBy: day(-20), replyBy: day(4), department: 'A', views: [] },
  inProgressReplyYesterday: { status: 'in_progress', acknowledgeBy: day(-50), replyBy: day(-1), department: 'B', views: ['overdue'] },
  inProgressReplyToday: { status: 'in_progress', acknowledgeBy: day(-50), replyBy: day(0), department: 'B', views: ['dueSoon'] },
  repliedLongAgo: { status: 'replied', acknowledgeBy: day(-80), replyBy: day(-5), department: 'A', views: [] },
  returnedAccepted: { status: 'accepted', acknowledgeBy: day(-10), replyBy: day(30), returned: true, views: ['returned'] },
  returnedNew: { status: 'new', acknowledgeBy: day(2), replyBy: day(47), returned: true, views: ['dueSoon', 'new', 'returned'] },
  returnedThenSpam: { status: 'spam', acknowledgeBy: day(-10), replyBy: day(30), returned: true, views: [] },
  repliedFollowUp: { status: 'replied', acknowledgeBy: day(-80), replyBy: day(-6), department: 'A', attention: 'follow_up', views: ['attention'] },
  repliedReview: { status: 'replied', acknowledgeBy: day(-80), replyBy: day(-7), department: 'B', attention: 'review', views: ['attention'] },
};
const ids: Record<string, number> = {};

beforeAll(async () => {
  await seedSample();
  noticeId = await sampleNoticeId();
  [departmentA, departmentB] = [await createDepartment(), await createDepartment()];
  for (const [name, f] of Object.entries(FIXTURES)) {
    const row = await env.DB.prepare(
      `insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id, returned_at, return_reason, attention, attention_at, attention_by)
       values (?, 'x', ?, 'report', ?, 1, 'web', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    )
      .bind(
        `TD-${crypto.randomUUID().slice(0, 13).toUpperCase()}`, noticeId, `今日视图 ${name}`, NOW - 86_400_000, f.status, f.acknowledgeBy, f.replyBy, NOW - 86_400_000,
        f.department === 'A' ? departmentA : f.department === 'B' ? departmentB : null, f.returned ? NOW - 3_600_000 : null, f.returned ? '不属于本部门' : null,
        f.attention ?? null, f.attention ? NOW - 3_600_000 : null, f.attention ? day(15) : null,
      )
      .first<{ id: number }>();
    ids[name] = row!.id;
  }
});

const mine = (list: number[]) => Object.keys(ids).filter((name) => list.includes(ids[name]!)).sort();
const expected = (view: keyof TodayCounts, scope: 'A' | null) =>
  Object.keys(FIXTURES).filter((name) => FIXTURES[name]!.views.includes(view) && (scope === null || FIXTURES[name]!.department === scope)).sort();

/** Every id the inbox lists under the filter on the tests' day, page after page. */
async function listed(filter: InboxFilter, scope: InboxScope, now = NOW): Promise<number[]> {
  const db = createDb(env.DB);
  const out: number[] = [];
  let cursor: InboxCursor | null = null;
  do {
    const page = await inboxPage(db, filter, scope, { cursor, limit: 50 }, now);
    out.push(...page.feedback.map((f) => f.id));
    cursor = page.nextCursor ? decodeCursor(page.nextCursor) : null;
  } while (cursor);
  return out;
}

describe('the today counts, on a day of the tests\' choosing', () => {
  it.each(['overdue', 'dueSoon', 'new', 'returned', 'attention'] as const)('lists and counts %s: the right rows, and as many as the inbox lists', async (view) => {
    for (const scope of [null, departmentA]) {
      const list = await listed(TODAY_FILTERS[view], { departmentId: scope });
      expect(mine(list), `${view} in scope ${scope}`).toEqual(expected(view, scope === null ? null : 'A'));
      expect((await todayCounts(createDb(env.DB), { departmentId: scope }, NOW))[view]).toBe(list.length);
    }
  });

  it('counts a deadline three days away as due soon, four days away not, today as due soon and yesterday as overdue', async () => {
    const dueSoon = mine(await listed({ dueSoon: true }, { departmentId: null }));
    const overdue = mine(await listed({ overdue: true }, { departmentId: null }));
    expect(dueSoon).toEqual(expect.arrayContaining(['newAckToday', 'newAckInThree', 'acceptedReplyInThree', 'inProgressReplyToday']));
    expect(dueSoon).not.toEqual(expect.arrayContaining(['newAckInFour']));
    expect(dueSoon).not.toContain('acceptedReplyInFour');
    expect(dueSoon).not.toContain('newAckYesterday');
    expect(overdue).toEqual(['inProgressReplyYesterday', 'newAckYesterday']);
  });

  it('moves with the clock: the next day, three days away is four days away, and today is yesterday', async () => {
    const tomorrow = NOW + 86_400_000;
    const dueSoon = mine(await listed({ dueSoon: true }, { departmentId: null }, tomorrow));
    expect(dueSoon).toContain('newAckInFour');
    expect(dueSoon).not.toContain('newAckToday');
    expect(mine(await listed({ overdue: true }, { departmentId: null }, tomorrow))).toEqual(['inProgressReplyToday', 'inProgressReplyYesterday', 'newAckToday', 'newAckYesterday']);
    expect((await todayCounts(createDb(env.DB), { departmentId: departmentA }, tomorrow)).dueSoon).toBe(
      (await listed({ dueSoon: true }, { departmentId: departmentA }, tomorrow)).length,
    );
  });

  it('counts returned feedback only while it is open and not assigned again', async () => {
    expect(mine(await listed({ returned: true }, { departmentId: null }))).toEqual(['returnedAccepted', 'returnedNew']);
  });
});

describe('GET /api/staff/feedback/today', () => {
  let admin: TestUser;
  let handlerA: TestUser;
  let viewerB: TestUser;

  beforeAll(async () => {
    admin = await signedIn('admin');
    handlerA = await signedIn('handler', { departmentId: departmentA });
    viewerB = await signedIn('viewer', { departmentId: departmentB });
  });

  /** Every row the inbox lists at this address, following the cursor. */
  async function inboxCount(query: Record<string, string>, cookie: string): Promise<number> {
    let n = 0;
    let cursor: string | null = null;
    do {
      const res = await staff(`/feedback?${new URLSearchParams({ ...query, limit: '50', ...(cursor ? { cursor } : {}) })}`, { cookie });
      expect(res.status).toBe(200);
      const page = await json<{ feedback: unknown[]; nextCursor: string | null }>(res);
      n += page.feedback.length;
      cursor = page.nextCursor;
    } while (cursor);
    return n;
  }

  it('answers the five counts, each equal to the inbox under the view the console opens for it, for every scope', async () => {
    for (const user of [admin, handlerA, viewerB]) {
      const res = await staff('/feedback/today', { cookie: user.cookie });
      expect(res.status).toBe(200);
      const counts = await json<TodayCounts>(res);
      expect(Object.keys(counts).sort()).toEqual(['attention', 'dueSoon', 'new', 'overdue', 'returned']);
      for (const view of TODAY_VIEWS) expect(counts[view.key], `${view.label} for ${user.email}`).toBe(await inboxCount(view.query, user.cookie));
    }
  });

  it("counts only the department's feedback for its handler and viewer", async () => {
    const countsOf = async (user: TestUser) => json<TodayCounts>(await staff('/feedback/today', { cookie: user.cookie }));
    // On the real clock the tests' rows of 2031 are neither overdue nor due soon: each department has its new ones only.
    expect((await countsOf(handlerA)).new).toBe(3);
    expect(await countsOf(viewerB)).toEqual({ overdue: 0, dueSoon: 0, new: 0, returned: 0, attention: 1 });
    // Returned feedback has no department: the clerks see it, the department that returned it does not.
    expect((await countsOf(handlerA)).returned).toBe(0);
    expect((await countsOf(admin)).returned).toBeGreaterThanOrEqual(2);
  });

  it('asks for a session, and takes only GET', async () => {
    expect((await staff('/feedback/today')).status).toBe(401);
    expect((await staff('/feedback/today', { method: 'POST', cookie: admin.cookie, body: {} })).status).toBe(405);
  });

  it.each([
    ['?dueSoon=yes', { dueSoon: '“即将超期”筛选只能为 1' }],
    ['?returned=2', { returned: '“已退回”筛选只能为 1' }],
    ['?attention=1', { attention: '“待回应”筛选只能为 follow_up（补充说明）、review（请求复查）或 any（全部）' }],
  ])('refuses the inbox filter %s with a message for the field', async (query, fields) => {
    const res = await staff(`/feedback${query}`, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
  });
});
