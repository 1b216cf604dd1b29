/**
 * XLSX streams as CSV does, so it has no cap: thousands of rows with their
 * timeline go out as one workbook, read back here by unzipping it with fflate
 * (not SheetJS, which would hold the whole sheet) and counting its rows and cells.
 */
import { env } from 'cloudflare:test';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { timelineColumns, type TimelineRow } from '../../worker/export/timeline';
import { SheetSeries, WorkbookWriter } from '../../worker/export/xlsx';
import { seedSample } from '../helpers/api';
import { createDepartment, signedIn, type TestUser } from '../staff/helpers';
import { download, exportAudits, insertFeedbackRows, parseCsv } from './helpers';

const ROWS = 5_001;
const EVENTS_EACH = 2;

let admin: TestUser;
let department: number;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  department = await createDepartment();
  // Content that ends in a formula's sign and holds XML's own characters, on every row.
  await insertFeedbackRows(department, ROWS, 'BIG', `'=A1 & <b>"字"</b> ' || i`);
  await env.DB.prepare(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
    insert into feedback_events (feedback_id, at, type, public, text) select f.id, n.i, 'note', 0, '备注 ' || n.i from n, feedback f where f.department_id = ?1`)
    .bind(department, EVENTS_EACH)
    .run();
});

/** Each row's cells in the sheet's XML, as [reference, text or value]. */
function rowsOf(xml: string): Array<Array<[string, string]>> {
  return [...xml.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, , cells]) =>
    [...cells!.matchAll(/<c r="([A-Z]+\d+)"[^>]*>(?:<is><t[^>]*>(.*?)<\/t><\/is>|<v>(.*?)<\/v>)<\/c>/g)].map(([, ref, text, value]) => [ref!, text ?? value!]),
  );
}

describe('a large XLSX export', () => {
  it(`streams ${ROWS} rows and their ${ROWS * EVENTS_EACH} events, every row and cell in place, as the CSV has them`, async () => {
    const { res, bytes } = await download(`?format=xlsx&timeline=1&department=${department}`, admin.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    expect((await exportAudits(admin.id)).at(-1)).toMatchObject({ format: 'xlsx', timeline: true, rows: ROWS, timelineRows: ROWS * EVENTS_EACH, complete: true });
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml',
    ]);
    const workbook = strFromU8(files['xl/workbook.xml']!);
    expect([...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1])).toEqual(['台账', '办理记录']);
    expect(workbook).toContain(`<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'台账'!$A$1:$AI$${ROWS + 1}</definedName>`);

    const ledgerXml = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(ledgerXml).not.toContain('<f>');
    expect(ledgerXml).toContain(`<autoFilter ref="A1:AI${ROWS + 1}"/>`);
    const ledger = rowsOf(ledgerXml);
    expect(ledger).toHaveLength(ROWS + 1);
    const csv = parseCsv((await download(`?format=csv&department=${department}`, admin.cookie)).text).rows;
    expect(ledger.map((r) => r[0]![1])).toEqual(csv.map((r) => r[0]));
    // Content (column G): escaped in the XML, text as typed (the CSV neutralises it with an apostrophe).
    expect(ledger.slice(1).map((r) => r.find(([ref]) => ref.startsWith('G'))![1])).toEqual(
      csv.slice(1).map((r) => r[6]!.slice(1).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')),
    );
    expect(ledger.every((cells, i) => cells.every(([ref]) => ref.endsWith(String(i + 1))))).toBe(true);

    const timeline = rowsOf(strFromU8(files['xl/worksheets/sheet2.xml']!));
    // Each feedback's receipt is not an event here (rows put straight in): just the notes.
    expect(timeline).toHaveLength(ROWS * EVENTS_EACH + 1);
    expect(timeline.slice(1, 3).map((r) => r.map(([, v]) => v))).toEqual([
      [csv[1]![0], expect.any(String), '内部备注', '备注 1', '否'],
      [csv[1]![0], expect.any(String), '内部备注', '备注 2', '否'],
    ]);
    // Two exports of 5,000 rows, one with 10,000 events: more than the default 5 s on a busy two-core machine.
  }, 60_000);

  it('goes on in a sheet of the same name and its number where a sheet is full (Excel stops at 1,048,576 rows)', () => {
    const chunks: Uint8Array[] = [];
    const book = new WorkbookWriter((c) => chunks.push(c));
    const event = (i: number): TimelineRow => ({ ref: `R-${i}`, at: 0, dateOnly: false, type: 'note', public: false, fromStatus: null, toStatus: null, text: null, actor: null });
    // Sheets of four rows: the header and three events.
    const series = new SheetSeries(book, '办理记录', timelineColumns, 4);
    series.add([1, 2].map(event));
    series.add([3, 4, 5, 6, 7].map(event));
    book.finish();
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (bytes.set(c, at), at + c.length), 0);
    const files = unzipSync(bytes);
    const names = [...strFromU8(files['xl/workbook.xml']!).matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['办理记录', '办理记录（2）', '办理记录（3）']);
    const refs = [1, 2, 3].map((n) => rowsOf(strFromU8(files[`xl/worksheets/sheet${n}.xml`]!)).map((r) => r[0]![1]));
    expect(refs).toEqual([
      ['编号', 'R-1', 'R-2', 'R-3'],
      ['编号', 'R-4', 'R-5', 'R-6'],
      ['编号', 'R-7'],
    ]);
    expect(series.rows).toBe(7);
  });
});
