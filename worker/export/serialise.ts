/**
 * The streamed formats, a page of rows at a time. CSV: RFC 4180 through csv.ts,
 * which neutralises formulas; the byte-order mark is written once, before the
 * header. NDJSON: one JSON object per line (JSON.stringify escapes every newline
 * inside a value), keyed by the columns' English keys.
 *
 * An export that fails midway ends with a line saying so, in the format's own
 * terms: a CSV row of one cell, where whoever opens the file sees it last; an
 * NDJSON line in the API's error shape, which no row has.
 */
import { headers, jsonObject, tableColumns, type Column, type JsonValue } from './columns';
import { CSV_BOM, csvCell, csvRow } from './csv';
import { timelineColumns, type TimelineRow } from './timeline';

export function csvHead<Row>(columns: readonly Column<Row>[]): string {
  return CSV_BOM + csvRow(headers(columns));
}

/** The rows as CSV records: each cell written straight into the page's text, no array of cells between. */
export function csvBody<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const table = tableColumns(columns);
  const last = table.length - 1;
  let out = '';
  for (const r of rows) {
    for (let i = 0; i <= last; i++) out += i === last ? `${csvCell(table[i]!.cell(r))}\r\n` : `${csvCell(table[i]!.cell(r))},`;
  }
  return out;
}

/** An event inside its feedback's NDJSON line: the reference is the line's own. */
export function embeddedEvent(e: TimelineRow): { [key: string]: JsonValue } {
  const { ref: _ref, ...rest } = jsonObject(timelineColumns, e);
  return rest;
}

export function ndjsonBody<Row>(columns: readonly Column<Row>[], rows: readonly Row[], extra?: (row: Row) => { [key: string]: JsonValue }): string {
  let out = '';
  for (const r of rows) out += JSON.stringify(extra ? { ...jsonObject(columns, r), ...extra(r) } : jsonObject(columns, r)) + '\n';
  return out;
}

/** The words of the failure line, a part of the file like its column headers. */
export function exportFailedMessage(rows: number): string {
  return `导出中断：此文件不完整，只写出了前 ${rows} 行，不能作为完整台账使用。请重新导出`;
}

export function csvFailure(rows: number): string {
  return csvRow([exportFailedMessage(rows)]);
}

export function ndjsonFailure(rows: number): string {
  return JSON.stringify({ error: { code: 'export_failed', message: exportFailedMessage(rows) } }) + '\n';
}
