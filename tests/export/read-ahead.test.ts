/**
 * The export reads one page ahead (export/query.ts): the next page's query is sent before the
 * current page is handed on to be written, so that on Cloudflare the database's work and round trip
 * run while the Worker writes. Shown on a D1 that records each statement as it is prepared (sent):
 * once the reader holds the first page, the second has been asked for, and not a page more; and
 * every row still comes once, in order, with no read past a short last page.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { EXPORT_PAGE_ROWS } from '../../worker/db/export';
import { databaseReader, type ExportSelection, type LedgerPage } from '../../worker/export/query';
import type { TimelineRow } from '../../worker/export/timeline';
import { seedSample } from '../helpers/api';
import { createDepartment } from '../staff/helpers';
import { insertFeedbackRows } from './helpers';

/** Two full pages and a short one. */
const ROWS = EXPORT_PAGE_ROWS * 2 + 500;

let department: number;

beforeAll(async () => {
  await seedSample();
  department = await createDepartment();
  await insertFeedbackRows(department, ROWS, 'RA', `'预读 ' || i`);
  await env.DB.prepare(`insert into feedback_events (feedback_id, at, type, public, text) select id, 1, 'note', 0, '备注' from feedback where department_id = ?1`)
    .bind(department)
    .run();
});

/** The D1 binding, with the SQL of every statement prepared on it, in order. */
function recording(d1: D1Database): { DB: D1Database; sent: string[] } {
  const sent: string[] = [];
  const DB = new Proxy(d1, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => (sent.push(sql), target.prepare(sql));
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { DB, sent };
}

/** How many statements were sent with the same SQL as the last one: a page's query and the ones after it. */
const sameAsLast = (sent: string[]) => sent.filter((sql) => sql === sent.at(-1)).length;

function selection(): ExportSelection {
  return { filter: { departmentId: department }, scope: { departmentId: null, overdueRule: 'calendar' }, now: Date.now(), reveal: true };
}

/** Whether this runs in workerd: the node project's D1 stand-in takes no wrapper (tests/setup/node). */
const onWorker = typeof (globalThis as { caches?: unknown }).caches === 'object';

describe.skipIf(!onWorker)('the export reads one page ahead', () => {
  it('has asked for the second page of the ledger when the reader gets the first, and reads nothing past the short last page', async () => {
    const { DB, sent } = recording(env.DB);
    const pages = databaseReader(createDb(DB)).ledgerPages(selection(), false);
    const first = (await pages.next()).value as LedgerPage;
    expect(first.rows).toHaveLength(EXPORT_PAGE_ROWS);
    expect(sameAsLast(sent)).toBe(2);

    const ids = first.rows.map((r) => r.id);
    for await (const page of pages) ids.push(...page.rows.map((r) => r.id));
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Three pages, three reads: the short one says it is the last.
    expect(sameAsLast(sent)).toBe(3);
  });

  it('reads the timeline alone one page ahead too', async () => {
    const { DB, sent } = recording(env.DB);
    const pages = databaseReader(createDb(DB)).timelinePages(selection());
    const first = (await pages.next()).value as TimelineRow[];
    expect(first).toHaveLength(EXPORT_PAGE_ROWS);
    expect(sameAsLast(sent)).toBe(2);

    let events = first.length;
    for await (const page of pages) events += page.length;
    expect(events).toBe(ROWS);
    expect(sameAsLast(sent)).toBe(3);
  });

  it('lets a read ahead go when the reader stops after the first page, without an unhandled error', async () => {
    const { DB, sent } = recording(env.DB);
    const pages = databaseReader(createDb(DB)).ledgerPages(selection(), false);
    await pages.next();
    expect(sameAsLast(sent)).toBe(2);
    await expect(pages.return!(undefined)).resolves.toMatchObject({ done: true });
    expect(sameAsLast(sent)).toBe(2);
  });
});
