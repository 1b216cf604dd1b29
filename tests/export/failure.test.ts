/**
 * An export whose reading fails after its first page fails visibly: a streamed
 * file ends with a line saying it is incomplete and then in an error (never a
 * clean, shorter file), an XLSX closes as a workbook that opens on a sheet saying
 * it is incomplete and then errors, and the audit entry records the export as
 * incomplete with the rows sent.
 *
 * The export route is built with a reader that is the database's own for the
 * first page and throws when asked for the next one, so everything else (the
 * session, the filters, the audit entry) runs as in production.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../../worker/db/client';
import { createDb } from '../../worker/db/d1';
import { feedback } from '../../worker/db/schema';
import type { AppEnv } from '../../worker/env';
import { databaseReader, type ExportReader } from '../../worker/export/query';
import { exportFailedMessage } from '../../worker/export/serialise';
import { onError } from '../../worker/http/errors';
import { exportRoute } from '../../worker/routes/staff/export';
import { seedSample, SLUG } from '../helpers/api';
import { json, signedIn, staff, type TestUser } from '../staff/helpers';
import { exportAudits, parseCsv, readToEnd, readXlsx } from './helpers';

const READ_FAILURE = 'D1_ERROR: the database went away';

async function* firstPageThenFail<Page>(pages: AsyncIterableIterator<Page>): AsyncIterableIterator<Page> {
  const first = await pages.next();
  if (!first.done) yield first.value;
  throw new Error(READ_FAILURE);
}

/** The database's pages, except that asking for a second page throws, whether or not there is one. */
function failingAfterFirstPage(db: Db): ExportReader {
  const real = databaseReader(db);
  return {
    ledgerPages: (s, withTimeline) => firstPageThenFail(real.ledgerPages(s, withTimeline)),
    timelinePages: (s) => firstPageThenFail(real.timelinePages(s)),
  };
}

/** The export route over this file's D1, reading its pages with `readerOf`. */
function appWith(readerOf: (db: Db) => ExportReader) {
  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('db', createDb(env.DB));
      c.set('clock', Date.now);
      await next();
    })
    .route('/api/staff/export', exportRoute(readerOf));
  app.onError(onError);
  return app;
}

const app = appWith(failingAfterFirstPage);

let admin: TestUser;
const refs: string[] = [];

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  const receivedAt = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  for (const content of ['路灯仍然不亮。', '宣传栏没有更新。', '垃圾清运不及时。']) {
    const res = await staff('/feedback', {
      method: 'POST',
      cookie: admin.cookie,
      body: { channel: 'phone', receivedAt, noticeSlug: SLUG, itemId: null, kind: 'opinion', content, anonymous: true, consent: false },
    });
    expect(res.status).toBe(201);
    refs.push((await json<{ ref: string }>(res)).ref);
  }
});

async function failingExport(query: string) {
  const ctx = createExecutionContext();
  const res = await app.request(`/api/staff/export?${query}`, { headers: { cookie: admin.cookie } }, env, ctx);
  const body = await readToEnd(res.body);
  await waitOnExecutionContext(ctx);
  return { res, ...body };
}

/** The bytes a body gave before it ended, and the error it ended in (null: it closed cleanly). */
async function bytesToEnd(body: ReadableStream<Uint8Array> | null): Promise<{ bytes: Uint8Array; error: unknown }> {
  const chunks: Uint8Array[] = [];
  let error: unknown = null;
  if (body) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
    } catch (err) {
      error = err;
    }
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (bytes.set(c, at), at + c.length), 0);
  return { bytes, error };
}

describe('an export whose reading fails after the first page', () => {
  it('CSV: the first page, then a row saying the file is incomplete, then an error; audited as incomplete', async () => {
    const { res, text, error } = await failingExport('format=csv');
    expect(res.status).toBe(200);
    expect(String(error)).toContain(READ_FAILURE);
    const { rows } = parseCsv(text.replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(1 + refs.length + 1);
    expect(rows.slice(1, -1).map((r) => r[0]).sort()).toEqual([...refs].sort());
    expect(rows[rows.length - 1]).toEqual([exportFailedMessage(refs.length)]);
    expect((await exportAudits(admin.id)).at(-1)).toMatchObject({ format: 'csv', part: 'ledger', rows: refs.length, complete: false });
  });

  it('NDJSON: the first page, then a line in the error shape, then an error; audited as incomplete', async () => {
    const { res, text, error } = await failingExport('format=ndjson&timeline=1');
    expect(res.status).toBe(200);
    expect(String(error)).toContain(READ_FAILURE);
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, -1).map((l) => l.ref).sort()).toEqual([...refs].sort());
    expect(lines[lines.length - 1]).toEqual({ error: { code: 'export_failed', message: exportFailedMessage(refs.length) } });
    expect((await exportAudits(admin.id)).at(-1)).toMatchObject({ format: 'ndjson', part: 'ledger', timeline: true, rows: refs.length, complete: false });
  });

  it('the timeline as CSV fails the same way', async () => {
    const { text, error } = await failingExport('format=csv&part=timeline');
    expect(String(error)).toContain(READ_FAILURE);
    const { rows } = parseCsv(text.replace(/^\uFEFF/, ''));
    // One event per entered feedback (its receipt), then the failure.
    expect(rows[rows.length - 1]).toEqual([exportFailedMessage(rows.length - 2)]);
    expect((await exportAudits(admin.id)).at(-1)).toMatchObject({ format: 'csv', part: 'timeline', rows: rows.length - 2, complete: false });
  });

  it('XLSX: the first page and a row saying the file is incomplete, in a workbook that opens on a sheet saying so, then an error; audited as incomplete', async () => {
    const ctx = createExecutionContext();
    const res = await app.request('/api/staff/export?format=xlsx&timeline=1', { headers: { cookie: admin.cookie } }, env, ctx);
    const { bytes, error } = await bytesToEnd(res.body);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(String(error)).toContain(READ_FAILURE);
    // workerd may end such a body cleanly (export/stream.ts): the file itself must say it is incomplete.
    const { names, sheets } = readXlsx(bytes);
    const message = exportFailedMessage(refs.length);
    expect(names).toEqual(['导出中断', '台账']);
    expect(sheets['导出中断']).toEqual([[message]]);
    const ledger = sheets['台账']!;
    expect(ledger).toHaveLength(1 + refs.length + 1);
    expect(ledger.slice(1, -1).map((r) => r[0]).sort()).toEqual([...refs].sort());
    expect(ledger.at(-1)![0]).toBe(message);
    expect((await exportAudits(admin.id)).at(-1)).toMatchObject({ format: 'xlsx', part: 'ledger', timeline: true, rows: refs.length, timelineRows: 0, complete: false });
  });
});

describe('an export whose read fails on a query holding the search words', () => {
  it("ends in an error that holds the query's reason, never its values", async () => {
    const words = '13800001111';
    const failingQuery: (db: Db) => ExportReader = (db) => {
      const real = databaseReader(db);
      async function* thenAQueryFails<Page>(pages: AsyncIterableIterator<Page>): AsyncIterableIterator<Page> {
        const first = await pages.next();
        if (!first.done) yield first.value;
        await db.select({ id: feedback.id }).from(feedback).where(sql`no_such_column like ${`%${words}%`}`);
      }
      return { ledgerPages: (s, t) => thenAQueryFails(real.ledgerPages(s, t)), timelinePages: (s) => thenAQueryFails(real.timelinePages(s)) };
    };
    const leaking = appWith(failingQuery);
    const ctx = createExecutionContext();
    const res = await leaking.request('/api/staff/export?format=csv', { headers: { cookie: admin.cookie } }, env, ctx);
    const { error } = await bytesToEnd(res.body);
    await waitOnExecutionContext(ctx);
    expect(String(error)).toContain('no such column');
    expect(String(error)).not.toContain(words);
  });
});

describe('a HEAD of an export', () => {
  it('answers the headers without reading a page, so that nothing is sent or audited as exported', async () => {
    let asked = 0;
    const counting: (db: Db) => ExportReader = (db) => {
      const real = databaseReader(db);
      return {
        ledgerPages: (s, t) => (asked++, real.ledgerPages(s, t)),
        timelinePages: (s) => (asked++, real.timelinePages(s)),
      };
    };
    const headApp = appWith(counting);
    const before = (await exportAudits(admin.id)).length;
    const ctx = createExecutionContext();
    const res = await headApp.request('/api/staff/export?format=csv', { method: 'HEAD', headers: { cookie: admin.cookie } }, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ledger-/);
    expect(asked).toBe(0);
    expect((await exportAudits(admin.id)).length).toBe(before);
    // The same route still reads for a GET.
    await readToEnd((await headApp.request('/api/staff/export?format=csv', { headers: { cookie: admin.cookie } }, env, createExecutionContext())).body);
    expect(asked).toBe(1);
  });
});
