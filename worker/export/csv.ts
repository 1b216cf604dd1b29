/**
 * CSV as Excel and WPS open it with Chinese intact: UTF-8 with a byte-order mark,
 * CRLF line ends and RFC 4180 quoting. A cell that a spreadsheet would run as a
 * formula (it starts with = + - @, a tab or a CR) is prefixed with an apostrophe,
 * as OWASP advises against CSV injection.
 */
export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export type CellValue = string | number | boolean | null | undefined;

/** Makes a cell safe to open: text that would run as a formula gets a leading apostrophe. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutralise(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly CellValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
