/**
 * Who may export what: sign-in required, viewers get masked contact details,
 * a department's handler only that department's feedback; every export audited
 * with its filters, format and row count, once the stream has ended.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PAGE_ROWS } from '../../worker/db/export';
import { seedSample } from '../helpers/api';
import { createDepartment, signedIn, staff, type TestUser } from '../staff/helpers';
import { download, exportAudits, feedbackWith, parseCsv, parseNdjson } from './helpers';

const CONTACT = { anonymous: false, name: '张三', phone: '13812345678', email: 'zhang@example.com', consent: true };
let admin: TestUser;
let d1: number;
let d2: number;
const refs: Record<string, string> = {};

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  [d1, d2] = [await createDepartment(), await createDepartment()];
  refs.a = (await feedbackWith({ department_id: d1, reply_by: '2027-01-01' }, CONTACT)).ref;
  refs.b = (await feedbackWith({ department_id: d1, reply_by: '2027-01-02' })).ref;
  refs.c = (await feedbackWith({ department_id: d2, reply_by: '2027-01-03' }, CONTACT)).ref;
});

const contactOf = (rows: string[][], ref: string) => rows.find((r) => r[0] === ref)!.slice(8, 11);

describe('authorisation', () => {
  it('refuses anyone not signed in with 401', async () => {
    const res = await staff('/export?format=csv', { cookie: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录整改监督工作台' } });
    const stats = await staff('/stats', { cookie: null });
    expect(stats.status).toBe(401);
  });

  it('lets a viewer export, with contact details masked', async () => {
    const viewer = await signedIn('viewer');
    const { res, text } = await download(`?format=csv&department=${d1}`, viewer.cookie);
    expect(res.status).toBe(200);
    expect(contactOf(parseCsv(text).rows, refs.a!)).toEqual(['张*', '138****5678', 'z***@example.com']);
    const [line] = parseNdjson((await download(`?format=ndjson&q=${refs.c}`, viewer.cookie)).text);
    expect(line).toMatchObject({ name: '张*', phone: '138****5678', email: 'z***@example.com' });
  });

  it('gives admins and handlers the full contact details', async () => {
    const handler = await signedIn('handler');
    for (const u of [admin, handler]) {
      const { rows } = parseCsv((await download(`?format=csv&department=${d1}`, u.cookie)).text);
      expect(contactOf(rows, refs.a!)).toEqual(['张三', '13812345678', 'zhang@example.com']);
    }
  });

  it("confines a department's handler to that department, whatever the filters ask", async () => {
    const handler = await signedIn('handler', { departmentId: d2 });
    const all = parseCsv((await download('?format=csv', handler.cookie)).text).rows;
    expect(all.slice(1).map((r) => r[0])).toEqual([refs.c]);
    const other = parseCsv((await download(`?format=csv&department=${d1}`, handler.cookie)).text).rows;
    expect(other).toHaveLength(1);
  });
});

describe('validation', () => {
  it.each([
    ['?format=pdf', { format: '请选择导出格式：csv、xlsx 或 ndjson' }],
    ['?part=notes', { part: '请选择导出台账（ledger）或办理记录（timeline）' }],
    ['?timeline=yes', { timeline: '“包含办理记录”只能为 1 或 0' }],
    ['?format=csv&timeline=1', { timeline: 'CSV 文件只能包含一张表：请另外下载办理记录（part=timeline）' }],
    ['?status=finished', { status: '请选择有效的状态' }],
    ['?from=2026-02-30', { from: '日期格式应为 2026-11-27' }],
    ['?from=2026-13-01', { from: '日期格式应为 2026-11-27' }],
    ['?to=2026-00-10', { to: '日期格式应为 2026-11-27' }],
    ['?overdue=yes', { overdue: '“逾期”筛选只能为 1' }],
  ])('refuses %s with 422, as the inbox does', async (query, fields) => {
    const res = await staff(`/export${query}`, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
  });

  it('answers 405 to anything but GET', async () => {
    const res = await staff('/export', { method: 'POST', cookie: admin.cookie, body: {} });
    expect(res.status).toBe(405);
  });
});

describe('audit', () => {
  it('records who exported, with which filters and format, how many rows, and whether contact details were full', async () => {
    const handler = await signedIn('handler');
    const { res } = await download(`?format=csv&department=${d1}&status=new`, handler.cookie);
    expect(res.status).toBe(200);
    // The body has been read to its end: the entry must be there now, not later.
    expect(await exportAudits(handler.id)).toEqual([
      { format: 'csv', part: 'ledger', timeline: false, filters: { department: d1, status: 'new' }, contactDetails: 'full', rows: 2, complete: true },
    ]);
  });

  it('records a viewer’s export as masked, and each format alike', async () => {
    const viewer = await signedIn('viewer');
    await download(`?format=ndjson&timeline=1&q=${refs.a}`, viewer.cookie);
    await download(`?format=xlsx&timeline=1&department=${d2}`, viewer.cookie);
    await download(`?format=csv&part=timeline&department=${d1}`, viewer.cookie);
    expect(await exportAudits(viewer.id)).toEqual([
      { format: 'ndjson', part: 'ledger', timeline: true, filters: { q: refs.a }, contactDetails: 'masked', rows: 1, complete: true },
      { format: 'xlsx', part: 'ledger', timeline: true, filters: { department: d2 }, contactDetails: 'masked', rows: 1, timelineRows: 1, complete: true },
      { format: 'csv', part: 'timeline', timeline: false, filters: { department: d1 }, contactDetails: 'masked', rows: 2, complete: true },
    ]);
  });

  it('is visible in the audit log as feedback.export by the member of staff', async () => {
    const viewer = await signedIn('viewer');
    await download('?format=csv&kind=praise', viewer.cookie);
    const res = await staff(`/audit?actor=${viewer.id}`, { cookie: admin.cookie });
    const { entries } = (await res.json()) as { entries: Array<{ action: string; actor: { id: number }; targetType: string; targetId: string | null }> };
    expect(entries.map((e) => [e.action, e.actor.id, e.targetType, e.targetId])).toContainEqual(['feedback.export', viewer.id, 'feedback', null]);
  });

  it('records an export that the reader abandoned, with the rows sent so far', async () => {
    const viewer = await signedIn('viewer');
    // Enough rows for more than one page, so the stream is still open after the first chunks.
    await env.DB.prepare(`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
      insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id)
      select 'ABANDON-' || i, 'x', (select min(id) from notices), 'opinion', '放弃下载' || i, 1, 'web', 0, 'new', '2027-01-01', '2027-02-01', 0, ?1 from n`)
      .bind(await createDepartment(), EXPORT_PAGE_ROWS * 1.5)
      .run();
    const res = await staff('/export?format=csv&q=放弃下载', { cookie: viewer.cookie });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    // The entry is written in waitUntil after the response has gone: ask the audit log until it is there.
    await expect.poll(() => exportAudits(viewer.id), { timeout: 5_000, interval: 20 }).toHaveLength(1);
    expect(await exportAudits(viewer.id)).toEqual([{ format: 'csv', part: 'ledger', timeline: false, filters: { q: '放弃下载' }, contactDetails: 'masked', rows: EXPORT_PAGE_ROWS, complete: false }]);
  });
});
