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
/** What SheetJS writes for a sheet's view: the workbook view's id only, near the start of the sheet. */
const EMPTY_VIEW = '<sheetView workbookViewId="0"/>';
/** SheetJS writes the sheet view after the XML declaration, the root element and the dimension. */
const HEAD_BYTES = 4096;

/**
 * The worksheet XML with its header row frozen. Only the head of the sheet is
 * read as text and the bytes after the view are copied as they are, so no second
 * copy of a large sheet exists as a string.
 */
export function freezeHeader(xml: Uint8Array): Uint8Array<ArrayBuffer> {
  const head = strFromU8(xml.subarray(0, HEAD_BYTES), true);
  const at = head.indexOf(EMPTY_VIEW);
  if (at < 0) throw new Error('no sheet view to freeze the header in');
  const before = strToU8(head.slice(0, at)).length;
  const view = strToU8(FROZEN_HEADER_VIEW);
  const out = new Uint8Array(xml.length - EMPTY_VIEW.length + view.length);
  out.set(xml.subarray(0, before), 0);
  out.set(view, before);
  out.set(xml.subarray(before + EMPTY_VIEW.length), before + view.length);
  return out;
}

/**
 * The workbook's bytes. The sheets are written by SheetJS, their cells then let
 * go (each sheet is empty afterwards), and the ZIP unpacked, each sheet's header
 * frozen, and packed again.
 */
export function workbookBytes(sheets: ReadonlyArray<{ name: string; sheet: WorkSheet }>): Uint8Array<ArrayBuffer> {
  const wb = utils.book_new();
  for (const s of sheets) utils.book_append_sheet(wb, s.sheet, s.name);
  const packed = new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
  for (const s of sheets) s.sheet['!data'] = [];
  const files = unzipSync(packed);
  sheets.forEach((_, i) => {
    const name = `xl/worksheets/sheet${i + 1}.xml`;
    const xml = files[name];
    if (!xml) throw new Error(`no ${name} in the workbook`);
    files[name] = freezeHeader(xml) as Uint8Array<ArrayBuffer>;
  });
  return zipSync(files, { level: 6 }) as Uint8Array<ArrayBuffer>;
}
