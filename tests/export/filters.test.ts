/**
 * The export's selection is the inbox's: the same rows for every filter and scope
 * (compared with GET /api/staff/feedback paged to its end), in the order they were
 * logged (their id, which no change moves: consistent.test.ts), and every row
 * exactly once across the export's own pages.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PAGE_ROWS } from '../../worker/db/export';
import { computeDeadlines, DEFAULT_DEADLINES, shanghaiDate } from '../../worker/feedback/deadlines';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from '../staff/helpers';
import { download, parseCsv, parseNdjson } from './helpers';

const DAY = 86_400_000;
let admin: TestUser;
let d1: number;
let d2: number;
let itemX: number;

const ROWS = [
  { item: 'X', kind: 'report', channel: 'web', status: 'new', daysAgo: 20, department: null, content: '小区门口的垃圾桶长期无人清理' },
  { item: 'X', kind: 'opinion', channel: 'phone', status: 'accepted', daysAgo: 2, department: 1, content: '宣传栏内容陈旧需要更新' },
  { item: null, kind: 'suggestion', channel: 'web', status: 'in_progress', daysAgo: 70, department: 1, content: '建议增加夜间巡逻频次' },
  { item: 'Y', kind: 'praise', channel: 'post', status: 'replied', daysAgo: 100, department: 2, content: '感谢街道及时处理噪音问题' },
  { item: 'Y', kind: 'report', channel: 'email', status: 'closed', daysAgo: 5, department: 2, content: '垃圾分类点位设置不合理' },
  { item: null, kind: 'opinion', channel: 'web', status: 'spam', daysAgo: 0, department: null, content: '广告广告广告广告' },
  { item: 'X', kind: 'report', channel: 'in_person', status: 'new', daysAgo: 1, department: 2, content: '垃圾桶旁堆放杂物' },
  { item: null, kind: 'report', channel: 'web', status: 'accepted', daysAgo: 40, department: null, content: '路灯夜间不亮，垃圾无人收' },
] as const;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  [d1, d2] = [await createDepartment(), await createDepartment()];
  itemX = await itemIdAt(1, 2, 1);
  const itemY = await itemIdAt(1, 2, 2);
  for (const r of ROWS) {
    const f = await submitPublic({ content: r.content, itemId: r.item === 'X' ? itemX : r.item === 'Y' ? itemY : null });
    const receivedAt = Date.now() - r.daysAgo * DAY;
    const { acknowledgeBy, replyBy } = computeDeadlines({ receivedAt }, DEFAULT_DEADLINES);
    await setFeedback(f.id, {
      kind: r.kind, channel: r.channel, status: r.status, received_at: receivedAt, acknowledge_by: acknowledgeBy, reply_by: replyBy,
      department_id: r.department === 1 ? d1 : r.department === 2 ? d2 : null,
    });
  }
});

/** Every reference the inbox lists for the query, following nextCursor to the end in pages of 2, in the export's order (id). */
async function inboxRefs(query: string, cookie: string): Promise<string[]> {
  const rows: Array<{ id: number; ref: string }> = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const sep = query ? '&' : '?';
    const res = await staff(`/feedback${query}${sep}limit=2${cursor ? `&cursor=${cursor}` : ''}`, { cookie });
    expect(res.status).toBe(200);
    const page: { feedback: Array<{ id: number; ref: string }>; nextCursor: string | null } = await json(res);
    rows.push(...page.feedback);
    cursor = page.nextCursor;
  }
  return rows.sort((a, b) => a.id - b.id).map((r) => r.ref);
}

const day = (n: number) => shanghaiDate(Date.now() - n * DAY);

describe('the export selects exactly the inbox’s rows', () => {
  it.each([
    ['no filter', () => ''],
    ['status', () => '?status=new'],
    ['open', () => '?status=open'],
    ['kind and channel', () => '?kind=report&channel=web'],
    ['department', () => `?department=${d1}`],
    ['unassigned', () => '?department=none'],
    ['notice and item', () => `?notice=${SLUG}&item=${itemX}`],
    ['overdue', () => '?overdue=1'],
    ['dates received', () => `?from=${day(40)}&to=${day(2)}`],
    ['full-text', () => `?q=${encodeURIComponent('垃圾桶')}`],
    ['short text', () => `?q=${encodeURIComponent('垃圾')}&status=new`],
    ['nothing matches', () => '?notice=no-such-notice'],
  ])('%s', async (_name, query) => {
    const q = query();
    const expected = await inboxRefs(q, admin.cookie);
    const sep = q ? '&' : '?';
    const csv = parseCsv((await download(`${q}${sep}format=csv`, admin.cookie)).text).rows.slice(1).map((r) => r[0]);
    const ndjson = (await download(`${q}${sep}format=ndjson`, admin.cookie)).text;
    expect(csv).toEqual(expected);
    expect(ndjson === '' ? [] : parseNdjson(ndjson).map((l) => l.ref)).toEqual(expected);
  });

  it("gives a department's viewer the inbox they see", async () => {
    const viewer = await signedIn('viewer', { departmentId: d2 });
    for (const q of ['', '?status=new', '?kind=report']) {
      const expected = await inboxRefs(q, viewer.cookie);
      expect(expected.length).toBeGreaterThan(0);
      const sep = q ? '&' : '?';
      expect(parseCsv((await download(`${q}${sep}format=csv`, viewer.cookie)).text).rows.slice(1).map((r) => r[0])).toEqual(expected);
    }
  });
});

describe('pages', () => {
  it('writes every row once, in the order they were logged, across pages', async () => {
    const department = await createDepartment();
    const n = EXPORT_PAGE_ROWS * 2 + 500;
    await env.DB.prepare(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
      insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id)
      select 'PAGE-' || i, 'x', (select min(id) from notices), 'opinion', '分页' || i, 1, 'web', 0, 'new', '2027-01-01',
        '2027-02-0' || (i % 3 + 1), 0, ?1 from n`)
      .bind(department, n)
      .run();
    await env.DB.prepare(`
      insert into feedback_events (feedback_id, at, type, public, from_status, to_status)
      select id, 1, 'submitted', 1, null, 'new' from feedback where department_id = ?1
      union all select id, 2, 'note', 0, null, null from feedback where department_id = ?1 and id % 2 = 0`)
      .bind(department)
      .run();
    const expected = (
      await env.DB.prepare('select ref from feedback where department_id = ? order by id').bind(department).all<{ ref: string }>()
    ).results.map((r) => r.ref);
    const csv = parseCsv((await download(`?format=csv&department=${department}`, admin.cookie)).text).rows.slice(1);
    expect(csv.map((r) => r[0])).toEqual(expected);
    const timeline = parseCsv((await download(`?format=csv&part=timeline&department=${department}`, admin.cookie)).text).rows.slice(1);
    const events = (await env.DB.prepare('select count(*) as n from feedback_events join feedback on feedback.id = feedback_id where department_id = ?').bind(department).first<{ n: number }>())!.n;
    expect(timeline).toHaveLength(events);
    expect([...new Set(timeline.map((r) => r[0]))]).toEqual(expected);
    const lines = parseNdjson((await download(`?format=ndjson&timeline=1&department=${department}`, admin.cookie)).text);
    expect(lines.map((l) => l.ref)).toEqual(expected);
    expect(lines.reduce((sum, l) => sum + (l.timeline as unknown[]).length, 0)).toBe(events);
  });
});
