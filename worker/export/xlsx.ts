/**
 * The ledger as an .xlsx workbook, written as it streams: each sheet's XML row
 * by row into fflate's synchronous streaming ZIP (`Zip` with `ZipDeflate`, no Web
 * Worker), so a workbook of any size holds one page of rows and the deflate
 * window in memory, never the file.
 *
 * What a spreadsheet reads (ECMA-376 SpreadsheetML, the parts Excel, WPS and
 * LibreOffice need and no more):
 * - every text is an inline string (`t="inlineStr"`), never a formula, so text
 *   starting with = + - @ stays text and shows as typed;
 * - times and deadlines are date cells: a serial number with a date format
 *   (styles 1 and 2 below), so they sort and subtract as dates;
 * - the header row is frozen (a pane), each column has its width, and the header
 *   carries an autofilter (with the `_xlnm._FilterDatabase` name Excel writes);
 * - no `<dimension>`: it precedes the rows, whose count is known only at the end,
 *   and it is optional.
 *
 * The sheets go first in the ZIP, the workbook, its relationships and
 * [Content_Types].xml last (OPC does not order a package's parts; .NET's
 * System.IO.Packaging writes the content types last too). So the list of sheets
 * is written once the rows are: a workbook whose rows stopped coming can still be
 * closed as a file that says so (`fail`).
 */
import { strToU8, Zip, ZipDeflate } from 'fflate';
import { headers, tableColumns, DATE_FORMAT, DATE_TIME_FORMAT, type Cell, type Column, type DateCell } from './columns';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel's last row (1,048,576); a sheet holds this many rows, header included. */
export const XLSX_SHEET_ROWS = 1_048_576;

/**
 * Line breaks as spreadsheets keep them in a cell (LF), and no other control
 * character, nor U+FFFE and U+FFFF: XML cannot hold them. CSV and NDJSON keep the
 * text exactly.
 */
export function xlsxCell(cell: Cell): Cell {
  return typeof cell === 'string' ? cell.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '') : cell;
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** cellXfs indexes in STYLES: 0 plain, then one per date format. */
const DATE_STYLE: Record<DateCell['z'], number> = { [DATE_TIME_FORMAT]: 1, [DATE_FORMAT]: 2 };

const STYLES =
  XML_DECLARATION +
  `<styleSheet xmlns="${MAIN_NS}">` +
  `<numFmts count="2"><numFmt numFmtId="164" formatCode="${DATE_TIME_FORMAT}"/><numFmt numFmtId="165" formatCode="${DATE_FORMAT}"/></numFmts>` +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The first row stays in view while the rest scrolls (Excel's 冻结首行). */
const FROZEN_HEADER_VIEW =
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
  '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>';

const XML_SPECIAL = /[&<>"]/;
const XML_SPECIALS = /[&<>"]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIALS, (c) => XML_ENTITIES[c]!) : text;
}

/** A, B, … Z, AA, …: the column's letters. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Leading or trailing white space, or a line break, which XML would otherwise let a reader drop. */
const NEEDS_PRESERVE = /^\s|\s$|\n/;

function cellXml(ref: string, cell: Cell | DateCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? `<c r="${ref}"><v>${cell}</v></c>` : '';
  if (typeof cell === 'object') return `<c r="${ref}" s="${DATE_STYLE[cell.z]}"><v>${cell.v}</v></c>`;
  if (cell === '') return '';
  const space = NEEDS_PRESERVE.test(cell) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${escapeXml(cell)}</t></is></c>`;
}

/**
 * Excel's column width for a width in characters, as SheetJS computes it for the
 * default font (a maximum digit width of 6 pixels, 5 pixels of padding).
 */
function columnWidth(chars: number): number {
  return Math.floor(((chars * 6 + 5) / 6) * 256) / 256;
}

interface SheetEntry {
  name: string;
  part: string;
  /** Rows written, the header included. */
  rows: number;
  columns: number;
  /** The sheet carries an autofilter on its header (not the failure's sheet). */
  filter: boolean;
}

/** One sheet being written: its rows go straight into the ZIP. */
export class SheetWriter<Row> {
  /** Data rows written (the header not counted). */
  rows = 0;
  private readonly columns: readonly Column<Row>[];
  private readonly letters: string[];

  constructor(
    private readonly file: ZipDeflate,
    readonly entry: SheetEntry,
    columns: readonly Column<Row>[],
  ) {
    this.columns = tableColumns(columns);
    this.letters = this.columns.map((_, i) => columnLetters(i));
    const cols = this.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${columnWidth(c.width ?? 12)}" customWidth="1"/>`).join('');
    this.push(`${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${FROZEN_HEADER_VIEW}<cols>${cols}</cols><sheetData>`);
    this.line(headers(columns));
  }

  /** A page of rows, as one piece of XML. */
  add(rows: readonly Row[]): void {
    if (rows.length === 0) return;
    let xml = '';
    for (const row of rows) {
      const r = ++this.entry.rows;
      xml += `<row r="${r}">`;
      for (let i = 0; i < this.columns.length; i++) {
        const c = this.columns[i]!;
        xml += cellXml(this.letters[i]! + r, c.xlsx ? c.xlsx(row) : xlsxCell(c.cell(row)));
      }
      xml += '</row>';
    }
    this.rows += rows.length;
    this.push(xml);
  }

  /** A row of texts outside the columns' own cells (the header, a failure's words). */
  line(cells: readonly string[]): void {
    const r = ++this.entry.rows;
    this.push(`<row r="${r}">${cells.map((text, i) => cellXml(columnLetters(i) + r, xlsxCell(text))).join('')}</row>`);
  }

  close(): void {
    const filter = this.entry.filter ? `<autoFilter ref="${filterRange(this.entry)}"/>` : '';
    this.file.push(strToU8(`</sheetData>${filter}</worksheet>`), true);
  }

  private push(xml: string): void {
    this.file.push(strToU8(xml));
  }
}

function filterRange(e: SheetEntry): string {
  return `A1:${columnLetters(e.columns - 1)}${e.rows}`;
}

/**
 * A workbook streamed into `emit`: sheets one after another, then `finish` (or
 * `fail`) writes the parts that list them and the ZIP's central directory.
 */
export class WorkbookWriter {
  private readonly zip: Zip;
  private readonly sheets: SheetEntry[] = [];
  private open: SheetWriter<unknown> | null = null;
  private zipError: Error | null = null;
  private closed = false;

  /**
   * @param emit Called with each piece of the file, synchronously, as the ZIP has it.
   * @param level Deflate level: 6, zlib's default and the workbook's level before it
   *   streamed. On the bench's short rows 1 was no faster (building the XML costs more
   *   than deflating it) and wrote a third more; on long texts 1 is faster.
   */
  constructor(
    emit: (chunk: Uint8Array) => void,
    private readonly level: 1 | 6 = 6,
  ) {
    this.zip = new Zip((err, chunk) => {
      if (err) this.zipError = err;
      else emit(chunk);
    });
  }

  /** Starts a sheet; the one before, if any, is closed. */
  sheet<Row>(name: string, columns: readonly Column<Row>[], filter = true): SheetWriter<Row> {
    this.closeSheet();
    const entry: SheetEntry = { name, part: `worksheets/sheet${this.sheets.length + 1}.xml`, rows: 0, columns: tableColumns(columns).length, filter };
    this.sheets.push(entry);
    const sheet = new SheetWriter<Row>(this.file(`xl/${entry.part}`), entry, columns);
    this.open = sheet as SheetWriter<unknown>;
    this.check();
    return sheet;
  }

  /** Closes the last sheet and writes the workbook's other parts: the file is complete. */
  finish(): void {
    this.closeSheet();
    this.writeParts(null);
  }

  /**
   * Ends a workbook whose rows stopped coming: the sheet being written ends with a
   * row of `message`, and a sheet 导出中断 holding it comes first and opens first,
   * so whoever opens the file reads that it is incomplete before any row.
   */
  fail(message: string): void {
    if (this.closed) return;
    this.open?.line([message]);
    this.closeSheet();
    const notice = this.sheet<null>('导出中断', [{ key: 'message', header: message, cell: () => null, json: () => null, width: 100 }], false);
    notice.close();
    this.open = null;
    this.writeParts(this.sheets.length - 1);
  }

  private closeSheet(): void {
    this.open?.close();
    this.open = null;
    this.check();
  }

  private file(name: string): ZipDeflate {
    const file = new ZipDeflate(name, { level: this.level });
    this.zip.add(file);
    return file;
  }

  private part(name: string, xml: string): void {
    this.file(name).push(strToU8(xml), true);
  }

  /** The workbook, its relationships and the content types; `first` is the sheet listed (and opened) first. */
  private writeParts(first: number | null): void {
    const order = this.sheets.map((_, i) => i);
    if (first !== null) order.unshift(...order.splice(first, 1));
    const listed = order.map((i) => this.sheets[i]!);
    const sheetList = listed.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${this.sheets.indexOf(s) + 1}"/>`).join('');
    const names = listed
      .map((s, i) => (s.filter ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${escapeXml(s.name)}'!${absolute(filterRange(s))}</definedName>` : ''))
      .join('');
    this.part(
      'xl/workbook.xml',
      `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews>` +
        `<sheets>${sheetList}</sheets>${names ? `<definedNames>${names}</definedNames>` : ''}</workbook>`,
    );
    this.part('xl/styles.xml', STYLES);
    const styles = this.sheets.length + 1;
    this.part(
      'xl/_rels/workbook.xml.rels',
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        this.sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="${s.part}"/>`).join('') +
        `<Relationship Id="rId${styles}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    );
    this.part(
      '_rels/.rels',
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    const sml = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
    this.part(
      '[Content_Types].xml',
      `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${sml}.sheet.main+xml"/>` +
        this.sheets.map((s) => `<Override PartName="/xl/${s.part}" ContentType="${sml}.worksheet+xml"/>`).join('') +
        `<Override PartName="/xl/styles.xml" ContentType="${sml}.styles+xml"/></Types>`,
    );
    this.zip.end();
    this.closed = true;
    this.check();
  }

  private check(): void {
    if (this.zipError) throw this.zipError;
  }
}

/**
 * Rows that may outgrow a sheet: past Excel's last row they go on in a sheet of
 * the same name and its number, 办理记录（2）, with its own header.
 */
export class SheetSeries<Row> {
  /** Data rows written, over all its sheets. */
  rows = 0;
  private sheet: SheetWriter<Row>;
  private count = 1;

  constructor(
    private readonly book: WorkbookWriter,
    private readonly name: string,
    private readonly columns: readonly Column<Row>[],
    private readonly sheetRows = XLSX_SHEET_ROWS,
  ) {
    this.sheet = book.sheet(name, columns);
  }

  add(rows: readonly Row[]): void {
    let from = 0;
    while (from < rows.length) {
      let room = this.sheetRows - this.sheet.entry.rows;
      if (room <= 0) {
        this.sheet = this.book.sheet(`${this.name}（${++this.count}）`, this.columns);
        room = this.sheetRows - this.sheet.entry.rows;
      }
      const part = from === 0 && rows.length <= room ? rows : rows.slice(from, from + room);
      this.sheet.add(part);
      from += part.length;
    }
    this.rows += rows.length;
  }
}

/** A1:AH5 as $A$1:$AH$5, as a defined name holds it. */
function absolute(range: string): string {
  return range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
}
