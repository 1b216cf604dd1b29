/**
 * The ledger as an .xlsx workbook, written by SheetJS (@e965/xlsx: the SheetJS
 * 0.20 release, published to npm; it runs in workerd). Every cell is written as a
 * value, never a formula: text starting with = + - @ stays text and Excel, WPS and
 * LibreOffice show it as typed. Times and deadlines are date cells (a serial
 * number with a date format), so they sort and subtract as dates. The header row
 * is frozen: SheetJS's free edition does not write panes, so the sheets' XML gets
 * its <pane> after SheetJS has written the ZIP, which fflate then unpacks and
 * packs again (a few hundred milliseconds at the cap).
 *
 * SheetJS builds the whole file in memory, so an XLSX export is capped
 * (limits.ts); CSV and NDJSON stream and have no cap.
 */
import { utils, write, type WorkSheet } from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { headers, tableColumns, type Cell, type Column, type DateCell } from './columns';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Line breaks as spreadsheets keep them in a cell (LF), and no other control
 * character: XML cannot hold them, and SheetJS's escape for them (`_x000d_`, lower
 * case) is shown literally by LibreOffice. CSV and NDJSON keep the text exactly.
 */
export function xlsxCell(cell: Cell): Cell {
  return typeof cell === 'string' ? cell.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '') : cell;
}

/** A sheet built a page at a time, so only one page of plain values exists beside SheetJS's cells. */
export class SheetBuilder<Row> {
  readonly sheet: WorkSheet;
  rows = 0;

  private readonly columns: readonly Column<Row>[];

  constructor(
    readonly name: string,
    columns: readonly Column<Row>[],
  ) {
    this.columns = tableColumns(columns);
    this.sheet = utils.aoa_to_sheet([headers(columns)], { dense: true });
    this.sheet['!cols'] = this.columns.map((c) => ({ wch: c.width ?? 12 }));
  }

  add(rows: readonly Row[]): void {
    if (rows.length === 0) return;
    const page: Array<Array<Cell | DateCell>> = rows.map((r) => this.columns.map((c) => (c.xlsx ? c.xlsx(r) : xlsxCell(c.cell(r)))));
    utils.sheet_add_aoa(this.sheet, page, { origin: -1 });
    this.rows += rows.length;
  }

  /** Every column gets a filter button in the header row. */
  finish(): WorkSheet {
    const ref = this.sheet['!ref'];
    if (ref) this.sheet['!autofilter'] = { ref };
    return this.sheet;
  }
}

/** The first row stays in view while the rest scrolls (Excel's 冻结首行), as a sheet view's pane. */
const FROZEN_HEADER_VIEW =
  '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>';

/** The worksheet XML with its header row frozen; SheetJS writes an empty sheet view, with the workbook view's id only. */
export function freezeHeader(xml: string): string {
  const frozen = xml.replace(/<sheetView workbookViewId="0"\/>/, FROZEN_HEADER_VIEW);
  if (frozen === xml) throw new Error('no sheet view to freeze the header in');
  return frozen;
}

export function workbookBytes(sheets: ReadonlyArray<{ name: string; sheet: WorkSheet }>): Uint8Array<ArrayBuffer> {
  const wb = utils.book_new();
  for (const s of sheets) utils.book_append_sheet(wb, s.sheet, s.name);
  const files = unzipSync(new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer));
  sheets.forEach((_, i) => {
    const name = `xl/worksheets/sheet${i + 1}.xml`;
    const xml = files[name];
    if (!xml) throw new Error(`no ${name} in the workbook`);
    files[name] = strToU8(freezeHeader(strFromU8(xml)));
  });
  return zipSync(files, { level: 6 }) as Uint8Array<ArrayBuffer>;
}
