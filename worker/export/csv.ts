/**
 * CSV as Excel and WPS open it with Chinese intact: UTF-8 with a byte-order mark,
 * CRLF line ends and RFC 4180 quoting. A cell that a spreadsheet would run as a
 * formula (it starts with = + - @, a tab or a CR) is prefixed with an apostrophe,
 * as OWASP advises against CSV injection. So is one where = + - @ come after white
 * space (` =1+1`): a spreadsheet told to trim spaces on import (LibreOffice's
 * "Trim spaces", WPS alike) would read the rest as a formula.
 */
export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^\s*[=+\-@]|^[\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export type CellValue = string | number | boolean | null | undefined;

/** Makes a cell safe to open: text that would run as a formula gets a leading apostrophe. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** What makes a cell need quotes once neutralised: a quote, comma or line break anywhere, or white space at either end. */
const QUOTED_CHARACTERS = /[",\r\n]/;
const WHITE_SPACE = /\s/;

export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') {
    const text = String(value);
    return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
  if (value === '') return '';
  // NEEDS_QUOTES, tested as three cheaper steps (most cells are plain text).
  const text = neutralise(value);
  if (QUOTED_CHARACTERS.test(text) || WHITE_SPACE.test(text[0]!) || WHITE_SPACE.test(text[text.length - 1]!)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvRow(cells: readonly CellValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
