/**
 * The export reads one page ahead (export/query.ts): the next page's queries are sent before the
 * current page is handed on to be written, so that on Cloudflare the database's work and round trip
 * run while the Worker writes. Shown on a D1 that records each statement as it is prepared (sent):
 * when the reader holds a page, the next has been asked for, and not a page more; every row and
 * event still comes once, in order, with no read past a short last page; a read ahead that fails
 * is reported with its page; a page of long texts is not followed by another until it is asked for.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { EXPORT_PAGE_ROWS } from '../../worker/db/export';
import { databaseReader, READ_AHEAD_MAX_CHARS, type ExportSelection, type LedgerPage } from '../../worker/export/query';
import { seedSample } from '../helpers/api';
import { createDepartment } from '../staff/helpers';
import { insertFeedbackRows } from './helpers';

/** Two full pages and a short one. */
const ROWS = EXPORT_PAGE_ROWS * 2 + 500;

/** Feedback of ordinary length, with 0, 1 or 2 events each (by id modulo 3). */
let department: number;
/** A full page of long texts, then one row. */
let longDepartment: number;
let events: number;

beforeAll(async () => {
  await seedSample();
  department = await createDepartment();
  await insertFeedbackRows(department, ROWS, 'RA', `'预读 ' || i`);
  for (const [at, where] of [[1, 'id % 3 <> 0'], [2, 'id % 3 = 2']] as const) {
    await env.DB.prepare(`insert into feedback_events (feedback_id, at, type, public, text) select id, ?2, 'note', 0, '备注' from feedback where department_id = ?1 and ${where}`)
      .bind(department, at)
      .run();
  }
  events = Number((await env.DB.prepare('select count(*) as n from feedback_events e join feedback f on f.id = e.feedback_id where f.department_id = ?1').bind(department).first<{ n: number }>())!.n);

  longDepartment = await createDepartment();
  // 2,000 characters of content and 500 of reply a row: a page well past READ_AHEAD_MAX_CHARS.
  await insertFeedbackRows(longDepartment, EXPORT_PAGE_ROWS + 1, 'RL', `replace(hex(zeroblob(1000)), '0', '长')`);
  await env.DB.prepare(`update feedback set reply = replace(hex(zeroblob(250)), '0', '答') where department_id = ?1`).bind(longDepartment).run();
});

const isLedgerRead = (sql: string) => sql.includes('json_group_array(');
const isTimelineOfPage = (sql: string) => sql.includes('json_each(');
const isTimelineRead = (sql: string) => sql.includes('chosen_id') && !isLedgerRead(sql);

/**
 * The D1 binding, with the SQL of every statement prepared on it, in order. A statement for which
 * `fails` answers true (given its SQL and how many such were sent before) is sent, but its answer
 * is an error, as a D1 that went away.
 */
function recording(d1: D1Database, fails: (sql: string, before: number) => boolean = () => false): { DB: D1Database; sent: string[] } {
  const sent: string[] = [];
  let failing = 0;
  const DB = new Proxy(d1, {
    get(target, prop) {
      if (prop === 'prepare')
        return (sql: string) => {
          sent.push(sql);
          if (!fails(sql, failing)) return target.prepare(sql);
          failing++;
          const gone = async () => {
            throw new Error('D1_ERROR: the database went away');
          };
          const statement: Record<string, unknown> = { raw: gone, all: gone, first: gone, run: gone };
          statement.bind = () => statement;
          return statement;
        };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { DB, sent };
}

const count = (sent: string[], which: (sql: string) => boolean) => sent.filter(which).length;

function selection(departmentId = department): ExportSelection {
  return { filter: { departmentId }, scope: { departmentId: null, overdueRule: 'calendar' }, now: Date.now(), reveal: true };
}

/** Whether this runs in workerd: the node project's D1 stand-in takes no wrapper (tests/setup/node). */
const onWorker = typeof (globalThis as { caches?: unknown }).caches === 'object';

describe.skipIf(!onWorker)('the export reads one page ahead', () => {
  it('has asked for the next page of the ledger whenever the reader gets one, and reads nothing past the short last page', async () => {
    const { DB, sent } = recording(env.DB);
    const ids: number[] = [];
    let page = 0;
    for await (const { rows } of databaseReader(createDb(DB)).ledgerPages(selection(), false)) {
      page++;
      expect(rows).toHaveLength(page < 3 ? EXPORT_PAGE_ROWS : 500);
      // Three pages, three reads: the short one says it is the last.
      expect(count(sent, isLedgerRead), `reads when the reader gets page ${page}`).toBe(Math.min(page + 1, 3));
      ids.push(...rows.map((r) => r.id));
    }
    expect(page).toBe(3);
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('reads each page with its events as one (NDJSON), the next page and its events ahead', async () => {
    const { DB, sent } = recording(env.DB);
    let page = 0;
    let seen = 0;
    for await (const { rows, timeline } of databaseReader(createDb(DB)).ledgerPages(selection(), true)) {
      page++;
      expect(count(sent, isLedgerRead), `ledger reads when the reader gets page ${page}`).toBe(Math.min(page + 1, 3));
      for (const r of rows) {
        const own = timeline!.get(r.id) ?? [];
        expect(own, `events of ${r.ref}`).toHaveLength(r.id % 3 === 0 ? 0 : r.id % 3);
        seen += own.length;
      }
    }
    expect(seen).toBe(events);
    expect(count(sent, isTimelineOfPage)).toBe(3);
  });

  it('reads the timeline alone one page ahead too, counting a page by its feedback, not its events', async () => {
    const { DB, sent } = recording(env.DB);
    let page = 0;
    let seen = 0;
    for await (const rows of databaseReader(createDb(DB)).timelinePages(selection())) {
      page++;
      expect(count(sent, isTimelineRead), `reads when the reader gets page ${page}`).toBe(Math.min(page + 1, 3));
      seen += rows.length;
    }
    expect(page).toBe(3);
    expect(seen).toBe(events);
  });

  it('reports a read ahead that fails with the page it was for, after the page before it', async () => {
    const { DB, sent } = recording(env.DB, (sql, before) => isLedgerRead(sql) && count(sent, isLedgerRead) === 2 && before === 0);
    const pages = databaseReader(createDb(DB)).ledgerPages(selection(), false);
    const first = (await pages.next()).value as LedgerPage;
    expect(first.rows).toHaveLength(EXPORT_PAGE_ROWS);
    const failed = await pages.next().then(
      () => null,
      (err: unknown) => err as Error,
    );
    // drizzle names the query and keeps D1's error as the cause.
    expect(String(failed?.cause)).toContain('the database went away');
  });

  it('lets a read ahead go when the reader stops, even one that fails afterwards', async () => {
    const { DB, sent } = recording(env.DB, (sql, before) => isLedgerRead(sql) && count(sent, isLedgerRead) === 2 && before === 0);
    const pages = databaseReader(createDb(DB)).ledgerPages(selection(), false);
    await pages.next();
    expect(count(sent, isLedgerRead)).toBe(2);
    await expect(pages.return!(undefined)).resolves.toMatchObject({ done: true });
    // The failed read settles after the reader left; an unhandled rejection would fail this file.
    await new Promise((r) => setTimeout(r, 50));
    expect(count(sent, isLedgerRead)).toBe(2);
  });

  it(`waits to be asked after a page of more than ${READ_AHEAD_MAX_CHARS.toLocaleString('en')} characters of text`, async () => {
    const { DB, sent } = recording(env.DB);
    const pages = databaseReader(createDb(DB)).ledgerPages(selection(longDepartment), false);
    const first = (await pages.next()).value as LedgerPage;
    expect(first.rows).toHaveLength(EXPORT_PAGE_ROWS);
    expect(first.rows[0]!.content).toHaveLength(2000);
    expect(count(sent, isLedgerRead)).toBe(1);
    const second = (await pages.next()).value as LedgerPage;
    expect(second.rows).toHaveLength(1);
    expect(count(sent, isLedgerRead)).toBe(2);
    expect((await pages.next()).done).toBe(true);
  });
});
