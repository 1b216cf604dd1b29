/**
 * The staff inbox: each filter, full-text search in Chinese, keyset pagination
 * and the scope of a department's handler. The rows are made once and only read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeDeadlines, DEFAULT_DEADLINES, shanghaiDate } from '../../worker/feedback/deadlines';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from './helpers';

const DAY = 86_400_000;
let admin: TestUser;
let d1: number;
let d2: number;
let itemX: number;
const ids: Record<string, number> = {};
const refs: Record<string, string> = {};

interface Row {
  item: 'X' | 'Y' | null;
  kind: string;
  channel: string;
  status: string;
  daysAgo: number;
  department: 1 | 2 | null;
  content: string;
}

const ROWS: Record<string, Row> = {
  A: { item: 'X', kind: 'report', channel: 'web', status: 'new', daysAgo: 20, department: null, content: '小区门口的垃圾桶长期无人清理' },
  B: { item: 'X', kind: 'opinion', channel: 'phone', status: 'accepted', daysAgo: 2, department: 1, content: '宣传栏内容陈旧需要更新' },
  C: { item: null, kind: 'suggestion', channel: 'web', status: 'in_progress', daysAgo: 70, department: 1, content: '建议增加夜间巡逻频次' },
  D: { item: 'Y', kind: 'praise', channel: 'post', status: 'replied', daysAgo: 100, department: 2, content: '感谢街道及时处理噪音问题' },
  E: { item: 'Y', kind: 'report', channel: 'email', status: 'closed', daysAgo: 5, department: 2, content: '垃圾分类点位设置不合理' },
  F: { item: null, kind: 'opinion', channel: 'web', status: 'spam', daysAgo: 0, department: null, content: '广告广告广告广告' },
};

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  [d1, d2] = [await createDepartment(), await createDepartment()];
  itemX = await itemIdAt(1, 2, 1);
  const itemY = await itemIdAt(1, 2, 2);
  for (const [name, r] of Object.entries(ROWS)) {
    const f = await submitPublic({ content: r.content, itemId: r.item === 'X' ? itemX : r.item === 'Y' ? itemY : null });
    const receivedAt = Date.now() - r.daysAgo * DAY;
    const { acknowledgeBy, replyBy } = computeDeadlines({ receivedAt }, DEFAULT_DEADLINES);
    await setFeedback(f.id, {
      kind: r.kind, channel: r.channel, status: r.status, received_at: receivedAt, acknowledge_by: acknowledgeBy, reply_by: replyBy,
      department_id: r.department === 1 ? d1 : r.department === 2 ? d2 : null,
    });
    ids[name] = f.id;
    refs[name] = f.ref;
  }
});

async function inbox(query: string, cookie = admin.cookie) {
  const res = await staff(`/feedback${query}`, { cookie });
  expect(res.status).toBe(200);
  return json<{ feedback: Array<{ id: number; overdue: { acknowledge: boolean; reply: boolean } }>; nextCursor: string | null }>(res);
}

const ROW_COUNT = Object.keys(ROWS).length;
const names = (rows: Array<{ id: number }>) => rows.map((r) => Object.keys(ids).find((k) => ids[k] === r.id));

describe('GET /api/staff/feedback', () => {
  it('lists the open feedback by urgency, nearest reply-by date first, then the finished, the latest reply-by date first', async () => {
    // D (replied) is due longest ago, but done: it comes last, after F (spam) and E (closed), whose dates are later.
    expect(names((await inbox('')).feedback)).toEqual(['C', 'A', 'B', 'F', 'E', 'D']);
  });

  it.each([
    ['?status=new', ['A']],
    ['?status=open', ['C', 'A', 'B']],
    ['?status=spam', ['F']],
    ['?kind=report', ['A', 'E']],
    ['?channel=phone', ['B']],
    ['?department=none', ['A', 'F']],
    ['?notice=' + SLUG, ['C', 'A', 'B', 'F', 'E', 'D']],
    ['?status=closed', ['E']],
    ['?kind=praise', ['D']],
    ['?notice=no-such-notice', []],
    ['?overdue=1', ['C', 'A']],
    ['?overdue=1&status=new', ['A']],
  ])('filters %s', async (query, expected) => {
    expect(names((await inbox(query)).feedback)).toEqual(expected);
  });

  it('filters by department, and by notice and item together', async () => {
    expect(names((await inbox(`?department=${d1}`)).feedback)).toEqual(['C', 'B']);
    expect(names((await inbox(`?notice=${SLUG}&item=${itemX}`)).feedback)).toEqual(['A', 'B']);
  });

  it('filters the feedback on the notice as a whole with item=none', async () => {
    expect(names((await inbox(`?notice=${SLUG}&item=none`)).feedback)).toEqual(['C', 'F']);
  });

  it('filters by the date received, in Asia/Shanghai, both ends included', async () => {
    const day = (n: number) => shanghaiDate(Date.now() - n * DAY);
    expect(names((await inbox(`?from=${day(20)}&to=${day(2)}`)).feedback)).toEqual(['A', 'B', 'E']);
    expect(names((await inbox(`?from=${day(0)}`)).feedback)).toEqual(['F']);
  });

  it('lists 待回应 oldest reply-by date first, though its feedback is finished: it is work waiting', async () => {
    for (const name of ['E', 'D']) {
      await setFeedback(ids[name]!, { attention: 'follow_up', attention_at: Date.now(), attention_by: shanghaiDate(Date.now() + 15 * DAY) });
    }
    expect(names((await inbox('?attention=any')).feedback)).toEqual(['D', 'E']);
    expect(names((await inbox('?attention=any&limit=1')).feedback)).toEqual(['D']);
  });

  it('flags what is overdue and how many days are left', async () => {
    const rows = (await inbox('?overdue=1')).feedback;
    expect(rows.map((r) => r.overdue)).toEqual([{ acknowledge: false, reply: true }, { acknowledge: true, reply: false }]);
    expect(rows[1]).toMatchObject({ acknowledgeDaysLeft: -5, replyDaysLeft: 40 });
  });
});

describe('search', () => {
  it.each([
    ['垃圾桶', ['A']],
    ['宣传栏内容', ['B']],
    ['噪音问题', ['D']],
    ['垃圾', ['A', 'E']],
    ['广', ['F']],
    ['不存在的词', []],
    ['"垃圾 OR 宣传', []],
    ['100%', []],
  ])('finds %s as a substring of the content', async (q, expected) => {
    expect(names((await inbox(`?q=${encodeURIComponent(q)}`)).feedback)).toEqual(expected);
  });

  it('finds a feedback by its reference, typed in lower case', async () => {
    expect(names((await inbox(`?q=${refs.D!.toLowerCase()}`)).feedback)).toEqual(['D']);
  });
});

describe('pagination', () => {
  it('walks every row once in pages with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null && pages <= ROW_COUNT) {
      const page = await inbox(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...(names(page.feedback) as string[]));
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(['C', 'A', 'B', 'F', 'E', 'D']);
  });

  it.each([
    ['everything', '', ['C', 'A', 'B', 'F', 'E', 'D']],
    ['a search (few rows, read in one go)', `&q=${encodeURIComponent('垃圾')}`, ['A', 'E']],
    ['days received', `&from=${shanghaiDate(Date.now() - 100 * DAY)}`, ['C', 'A', 'B', 'F', 'E', 'D']],
    ['a department', '&department=DEPARTMENT', ['C', 'B']],
  ])('walks %s once across the open and the finished feedback, a row a page or two', async (_name, query, expected) => {
    for (const limit of [1, 2]) {
      const seen: string[] = [];
      let cursor: string | null = '';
      // At most a page a row and one more: a cursor that loops fails here rather than never ending.
      for (let pages = 0; cursor !== null && pages <= ROW_COUNT; pages++) {
        const page = await inbox(`?limit=${limit}${query.replace('DEPARTMENT', String(d1))}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...(names(page.feedback) as string[]));
        cursor = page.nextCursor;
      }
      expect(cursor).toBeNull();
      expect(seen).toEqual(expected);
    }
  });

  it.each([
    ['?cursor=not-a-cursor', { cursor: '分页位置无效，请回到第一页重新查看' }],
    ['?limit=51', { limit: '每页条数须为 1 至 50' }],
    ['?status=finished', { status: '请选择有效的状态' }],
    ['?from=2026-02-30', { from: '日期格式应为 2026-11-27' }],
    ['?from=2026-13-01', { from: '日期格式应为 2026-11-27' }],
    ['?to=2026-00-10', { to: '日期格式应为 2026-11-27' }],
    ['?from=2026-02-29&to=2026-13-01', { from: '日期格式应为 2026-11-27', to: '日期格式应为 2026-11-27' }],
    ['?overdue=yes', { overdue: '“逾期”筛选只能为 1' }],
  ])('refuses %s with 422', async (query, fields) => {
    const res = await staff(`/feedback${query}`, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
  });
});

describe('scope', () => {
  it("shows a department's handler and viewer only that department's feedback", async () => {
    const handler = await signedIn('handler', { departmentId: d1 });
    const viewer = await signedIn('viewer', { departmentId: d2 });
    expect(names((await inbox('', handler.cookie)).feedback)).toEqual(['C', 'B']);
    expect(names((await inbox(`?department=${d2}`, handler.cookie)).feedback)).toEqual([]);
    expect(names((await inbox('', viewer.cookie)).feedback)).toEqual(['E', 'D']);
    expect((await staff(`/feedback/${ids.D}`, { cookie: handler.cookie })).status).toBe(404);
  });

});
