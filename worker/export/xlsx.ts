/**
 * The ledger as an .xlsx workbook, written by SheetJS (@e965/xlsx: the SheetJS
 * 0.20 release, published to npm; it runs in workerd). Every cell is written as a
 * value, never a formula: text starting with = + - @ stays text and Excel, WPS and
 * LibreOffice show it as typed.
 *
 * SheetJS builds the whole file in memory, so an XLSX export is capped
 * (limits.ts); CSV and NDJSON stream and have no cap.
 */
import { utils, write, type WorkSheet } from '@e965/xlsx';
import { cells, headers, type Cell, type Column } from './columns';

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

  constructor(
    readonly name: string,
    private readonly columns: readonly Column<Row>[],
  ) {
    this.sheet = utils.aoa_to_sheet([headers(columns)], { dense: true });
    this.sheet['!cols'] = columns.map((c) => ({ wch: c.width ?? 12 }));
  }

  add(rows: readonly Row[]): void {
    if (rows.length === 0) return;
    const page: Cell[][] = rows.map((r) => cells(this.columns, r).map(xlsxCell));
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

export function workbookBytes(sheets: ReadonlyArray<{ name: string; sheet: WorkSheet }>): Uint8Array<ArrayBuffer> {
  const wb = utils.book_new();
  for (const s of sheets) utils.book_append_sheet(wb, s.sheet, s.name);
  const out = write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return new Uint8Array(out);
}
