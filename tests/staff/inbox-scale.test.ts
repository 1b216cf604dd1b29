/**
 * The inbox does not scan the table: with 100,000 feedback rows, a page of 50
 * under each common filter reads a few hundred rows (D1's meta.rows_read counts
 * every table and index row SQLite touched), and what one source sent in an hour
 * a few rows. The statistics, which must read the whole selection, read it once
 * for all their counts.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { inboxParts, inboxQuery, inboxWhere, type InboxCursor, type InboxFilter, type InboxPart } from '../../worker/db/staff-inbox';
import { selectionGroups } from '../../worker/db/stats';
import { shanghaiDate } from '../../worker/feedback/deadlines';
import { seedSample, SLUG } from '../helpers/api';
import { newClient, sampleNoticeId, storeFeedback } from './flood-helpers';

const ROWS = 100_000;
const MAX_ROWS_READ = 1_000;
let item: number;
let department: number;

beforeAll(async () => {
  await seedSample();
  await env.DB.prepare("insert into departments (name) values ('甲科'), ('乙科'), ('丙科'), ('丁科')").run();
  // One statement: statuses, kinds, channels, departments and items spread over two years of receipts.
  await env.DB.prepare(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
    insert into feedback (ref, query_code_hash, notice_id, item_id, kind, content, anonymous, channel, received_at, status,
      department_id, acknowledge_by, reply_by, updated_at)
    select 'LOAD-' || i, 'x', (select min(id) from notices),
      case when i % 13 = 0 then null else (select min(id) from items) + i % 12 end,
      case i % 4 when 0 then 'opinion' when 1 then 'suggestion' when 2 then 'report' else 'praise' end,
      '批量测试反馈第' || i || '条', 1,
      case when i % 10 = 0 then 'phone' else 'web' end,
      ?1 - (i % 730) * 86400000,
      case i % 8 when 0 then 'new' when 1 then 'accepted' when 2 then 'in_progress' when 3 then 'replied'
        when 4 then 'closed' when 5 then 'declined' when 6 then 'duplicate' else 'spam' end,
      case when i % 5 = 0 then null else (select min(id) from departments) + i % 4 end,
      date((?1 - (i % 730) * 86400000) / 1000 + 28800, 'unixepoch', '+15 days'),
      date((?1 - (i % 730) * 86400000) / 1000 + 28800, 'unixepoch', '+60 days'),
      ?1
    from n`).bind(Date.now(), ROWS).run();
  item = (await env.DB.prepare('select min(id) + 3 as id from items').first<{ id: number }>())!.id;
  department = (await env.DB.prepare('select min(id) as id from departments').first<{ id: number }>())!.id;
}, 120_000);

/** The first statement of a page, as the inbox runs it: the part its view and cursor begin with, or the one given. */
async function page(filter: InboxFilter, scope: number | null = null, cursor: InboxCursor | null = null, part: InboxPart = inboxParts(filter, cursor)[0]!) {
  const { sql, params } = inboxQuery(createDb(env.DB), filter, { departmentId: scope }, { cursor, limit: 50 }, Date.now(), part).toSQL();
  const res = await env.DB.prepare(sql).bind(...params).all<{ id: number; reply_by: string }>();
  return { rows: res.results, rowsRead: res.meta.rows_read };
}

/** A whole page as inboxPage reads it: its view's parts in turn until it holds 51 rows (the second from the start), the rows read added up. */
async function wholePage(filter: InboxFilter) {
  const rows: Array<{ id: number; reply_by: string }> = [];
  let rowsRead = 0;
  for (const part of inboxParts(filter, null)) {
    const read = await page(filter, null, null, part);
    rows.push(...read.rows.slice(0, 51 - rows.length));
    rowsRead += read.rowsRead;
    if (rows.length === 51) break;
  }
  return { rows, rowsRead };
}

describe('inbox at 100,000 feedback', () => {
  it('holds the rows', async () => {
    expect((await env.DB.prepare('select count(*) as n from feedback').first<{ n: number }>())!.n).toBe(ROWS);
  });

  it.each([
    ['no filter', {}],
    ['status', { status: 'accepted' }],
    ['open', { status: 'open' }],
    ['department', { departmentId: 'DEPARTMENT' }],
    ['unassigned', { departmentId: 'none' }],
    ['overdue', { overdue: true }],
    ['notice and item', { noticeSlug: SLUG, itemId: 'ITEM' }],
    ['notice', { noticeSlug: SLUG }],
    ['kind', { kind: 'report' }],
    ['channel', { channel: 'phone' }],
    ['full-text', { q: '反馈第777' }],
    ['a search of two characters (LIKE)', { q: '反馈' }],
    ['received in the last two years', { from: 'TWO_YEARS_AGO' }],
  ] as const)('reads fewer than 1,000 rows for a page of 50 under: %s', async (_name, raw) => {
    const filter = { ...raw } as InboxFilter & Record<string, unknown>;
    if (filter.departmentId === ('DEPARTMENT' as never)) filter.departmentId = department;
    if (filter.itemId === ('ITEM' as never)) filter.itemId = item;
    const day = (daysAgo: number) => shanghaiDate(Date.now() - daysAgo * 86_400_000);
    const days: Record<string, string> = { TWO_YEARS_AGO: day(729) };
    if (filter.from) filter.from = days[filter.from] ?? filter.from;
    if (filter.to) filter.to = days[filter.to] ?? filter.to;
    const { rows, rowsRead } = await wholePage(filter);
    expect(rows.length).toBe(51);
    expect(rowsRead).toBeLessThan(MAX_ROWS_READ);
  });

  // The search's matches lead whatever else is chosen: through the status's index, a search within 未办结 read 37,925 rows.
  it.each([
    ['open', { q: '反馈第777', status: 'open' }],
    ['a finished status', { q: '反馈第777', status: 'closed' }],
    ['a kind', { q: '反馈第777', kind: 'report' }],
    ['a department', { q: '反馈第777', departmentId: 'DEPARTMENT' }],
  ] as const)('reads fewer than 1,000 rows for a search within %s, and finds what a scan finds', async (_name, raw) => {
    const filter = { ...raw } as InboxFilter & Record<string, unknown>;
    if (filter.departmentId === ('DEPARTMENT' as never)) filter.departmentId = department;
    const { rows, rowsRead } = await wholePage(filter);
    expect(rowsRead).toBeLessThan(MAX_ROWS_READ);
    // The same rows as the filter says, read without any index: refs BX 777, 7770–7779, 77700–77799 and their other columns.
    const statuses = filter.status === 'open' ? ['new', 'accepted', 'in_progress'] : filter.status ? [filter.status] : null;
    const expected = await env.DB.prepare(
      `select count(*) as n from feedback not indexed where ref in (${['777', ...Array.from({ length: 10 }, (_, i) => `777${i}`), ...Array.from({ length: 100 }, (_, i) => `777${String(i).padStart(2, '0')}`)].map((n) => `'LOAD-${n}'`).join(', ')})` +
        (statuses ? ` and status in (${statuses.map((x) => `'${x}'`).join(', ')})` : '') +
        (filter.kind ? ` and kind = '${filter.kind}'` : '') +
        (filter.departmentId ? ` and department_id = ${filter.departmentId}` : ''),
    ).first<{ n: number }>();
    expect(rows.length).toBe(Math.min(51, expected!.n));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('reads as little for a later page, and for a handler confined to a department', async () => {
    const first = await page({});
    const last = first.rows[49]!;
    const next = await page({}, null, { replyBy: last.reply_by, id: last.id });
    expect(next.rows[0]!.id).toBe(first.rows[50]!.id);
    expect(next.rowsRead).toBeLessThan(MAX_ROWS_READ);
    const scoped = await page({ overdue: true }, department);
    expect(scoped.rows.length).toBe(51);
    expect(scoped.rowsRead).toBeLessThan(MAX_ROWS_READ);
  });

  // A view without a status lists its open feedback, then its finished (staff-inbox.ts): each part is read by its index.
  it.each([
    ['no filter', {}],
    ['department', { departmentId: 'DEPARTMENT' }],
    ['notice and item', { noticeSlug: SLUG, itemId: 'ITEM' }],
    ['one finished status', { status: 'closed' }],
  ] as const)('reads as little for the finished part, first and later pages, under: %s', async (_name, raw) => {
    const filter = { ...raw } as InboxFilter & Record<string, unknown>;
    if (filter.departmentId === ('DEPARTMENT' as never)) filter.departmentId = department;
    if (filter.itemId === ('ITEM' as never)) filter.itemId = item;
    const first = await page(filter, null, null, 'finished');
    if (filter.status) expect(inboxParts(filter, null)).toEqual(['finished']);
    const last = first.rows[49]!;
    const next = await page(filter, null, { replyBy: last.reply_by, id: last.id, finished: true });
    for (const p of [first, next]) {
      expect(p.rows.length).toBe(51);
      expect(p.rowsRead).toBeLessThan(MAX_ROWS_READ);
    }
    // Latest reply-by date first, and the later page goes on where the first stopped.
    const dates = [...first.rows, ...next.rows.slice(0, 50)].map((r) => r.reply_by);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(next.rows[0]!.id).toBe(first.rows[50]!.id);
  });

  it('reads as little for the later pages of a search, and goes on where the last stopped', async () => {
    const filter: InboxFilter = { q: '反馈第777' };
    const first = await page(filter);
    const last = first.rows[49]!;
    const status = (await env.DB.prepare('select status from feedback where id = ?').bind(last.id).first<{ status: string }>())!.status;
    const next = await page(filter, null, { replyBy: last.reply_by, id: last.id, finished: !['new', 'accepted', 'in_progress'].includes(status) });
    expect(next.rows[0]!.id).toBe(first.rows[50]!.id);
    expect(next.rows.length).toBeGreaterThan(10);
    expect(next.rowsRead).toBeLessThan(MAX_ROWS_READ);
  });

  it('reads about the rows received in a month a year ago, not the table, for that month', async () => {
    const day = (daysAgo: number) => shanghaiDate(Date.now() - daysAgo * 86_400_000);
    const filter = { from: day(365), to: day(335) };
    const inMonth = (await env.DB.prepare('select count(*) as n from feedback where received_at >= ? and received_at < ?')
      .bind(Date.parse(`${filter.from}T00:00:00+08:00`), Date.parse(`${filter.to}T00:00:00+08:00`) + 86_400_000).first<{ n: number }>())!.n;
    const { rows, rowsRead } = await wholePage(filter);
    expect(rows.length).toBe(51);
    expect(rowsRead).toBeLessThan(3 * inMonth);
    expect(rowsRead).toBeLessThan(ROWS / 5);
  });

  it('reads little for the open part of an item that has none', async () => {
    // The seeded rows of the item at min + 3 are replied and spam only (i % 12 = 3 gives i % 8 of 3 or 7).
    const open = await page({ itemId: item }, null, null, 'open');
    expect(open.rows).toEqual([]);
    expect(open.rowsRead).toBeLessThan(MAX_ROWS_READ);
  });
});

describe('the statistics at 100,000 feedback', () => {
  it('count by kind, status, channel, department and rating, with the period and the photos, in one read of the feedback', async () => {
    const db = createDb(env.DB);
    const { sql, params } = selectionGroups(db, inboxWhere({ noticeSlug: SLUG }, { departmentId: null }, Date.now())).toSQL();
    // The statement as D1 runs it, for its meta; drizzle names its columns when it maps the rows.
    const res = await env.DB.prepare(sql).bind(...params).all<Record<string, number>>();
    expect(res.results.reduce((n, g) => n + g['count(*)']!, 0)).toBe(ROWS);
    // 2.8 rows read a feedback (the row, its department, the grouping); the eight queries this one
    // replaced, one a figure, read 12.8 a feedback together (1,280,014 here).
    expect(res.meta.rows_read).toBeLessThan(3 * ROWS);
  });
});

describe('the inbox filtered by source', () => {
  const MINUTE = 60_000;
  const sorted = (list: number[]) => [...list].sort((a, b) => a - b);

  it('reads a few rows, not the table, for a source and its hour', async () => {
    const t = Date.parse('2026-05-01T03:00:00+08:00');
    const noticeId = await sampleNoticeId();
    const x = newClient();
    const mine = await storeFeedback(noticeId, 5, { itemId: item, clientHash: x, receivedAt: t });
    // Many other clients in the same hour.
    await env.DB.prepare(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000)
      insert into feedback (ref, query_code_hash, notice_id, item_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, client_hash)
      select 'MANY-' || i || '-' || ?3, 'x', ?1, null, 'opinion', '其他来源的反馈', 1, 'web', ?2, 'new', '2099-01-01', '2099-02-01', ?2, lower(hex(randomblob(32))) from n`)
      .bind(noticeId, t, crypto.randomUUID()).run();
    for (const filter of [{ source: x.slice(0, 8), receivedWithin: { from: t - 30 * MINUTE, to: t + 30 * MINUTE } }, { source: x.slice(0, 8) }, { source: x }]) {
      const q = inboxQuery(createDb(env.DB), filter, { departmentId: null }, { cursor: null, limit: 50 }, Date.now(), inboxParts(filter, null)[0]!).toSQL();
      const res = await env.DB.prepare(q.sql).bind(...q.params).all<{ id: number }>();
      expect(res.results.map((r) => r.id).sort((a, b) => a - b)).toEqual(sorted(mine));
      expect(res.meta.rows_read).toBeLessThan(100);
    }
  });
});
