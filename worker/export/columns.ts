/**
 * A column of an export, defined once and written by every format: its header
 * (CSV, XLSX) and its stable English key (NDJSON), the cell as people read it
 * (labels in Chinese, Asia/Shanghai wall-clock times), the value as machines
 * read it (codes, ISO 8601 instants, booleans), and for XLSX, where a time or a
 * day is a real date cell (a serial number with a date format), that cell.
 */
import { excelDate, shanghaiDateTime, shanghaiIso } from './format';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A cell as written to CSV or XLSX: text (never a formula), a number, or empty. */
export type Cell = string | number | null;

/** An XLSX date cell: Excel's serial day number of the Asia/Shanghai wall time, shown with its format. */
export interface DateCell {
  t: 'n';
  v: number;
  z: typeof DATE_TIME_FORMAT | typeof DATE_FORMAT;
}

export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
export const DATE_FORMAT = 'yyyy-mm-dd';

export interface Column<Row> {
  key: string;
  header: string;
  cell(row: Row): Cell;
  json(row: Row): JsonValue;
  /** The XLSX cell, where it is not `cell` (dates). */
  xlsx?(row: Row): Cell | DateCell;
  /** NDJSON only: a machine's field that people read in another column. */
  jsonOnly?: boolean;
  /** Width in characters in XLSX; 12 when not given. */
  width?: number;
}

/** An instant as an XLSX date-and-time cell (to the second), or a day as a date cell. */
export function dateTimeCell(ms: number): DateCell {
  return { t: 'n', v: excelDate(ms), z: DATE_TIME_FORMAT };
}

/** A calendar day (YYYY-MM-DD) as an XLSX date cell. */
export function dateCell(date: string): DateCell {
  return { t: 'n', v: excelDate(Date.parse(`${date}T00:00:00+08:00`)), z: DATE_FORMAT };
}

/** The column with its XLSX width. */
export function wide<Row>(column: Column<Row>, width: number): Column<Row> {
  return { ...column, width };
}

/** Instants carry the time zone in their header, so nobody reads them as UTC. */
export const SHANGHAI_TIME = '（北京时间）';

export function text<Row>(key: string, header: string, get: (r: Row) => string | null): Column<Row> {
  return { key, header, cell: get, json: get };
}

export function instant<Row>(key: string, header: string, get: (r: Row) => number | null): Column<Row> {
  return {
    key,
    header: header + SHANGHAI_TIME,
    cell: (r) => {
      const ms = get(r);
      return ms === null ? null : shanghaiDateTime(ms);
    },
    json: (r) => {
      const ms = get(r);
      return ms === null ? null : shanghaiIso(ms);
    },
    xlsx: (r) => {
      const ms = get(r);
      return ms === null ? null : dateTimeCell(ms);
    },
  };
}

/** A calendar day (a deadline), YYYY-MM-DD as text and in NDJSON, a date cell in XLSX. */
export function day<Row>(key: string, header: string, get: (r: Row) => string | null): Column<Row> {
  return {
    key,
    header,
    cell: get,
    json: get,
    xlsx: (r) => {
      const d = get(r);
      return d === null ? null : dateCell(d);
    },
  };
}

/** A code with a Chinese label: people read the label, machines the code. */
export function labelled<Row, Code extends string | number>(
  key: string,
  header: string,
  get: (r: Row) => Code | null,
  labels: Record<Code, string>,
): Column<Row> {
  return {
    key,
    header,
    cell: (r) => {
      const v = get(r);
      return v === null ? null : labels[v];
    },
    json: get,
  };
}

export function yesNo<Row>(key: string, header: string, get: (r: Row) => boolean): Column<Row> {
  return { key, header, cell: (r) => (get(r) ? '是' : '否'), json: get };
}

/** The columns people read (CSV, XLSX): all but the NDJSON-only ones. */
export function tableColumns<Row>(columns: readonly Column<Row>[]): readonly Column<Row>[] {
  return columns.some((c) => c.jsonOnly) ? columns.filter((c) => !c.jsonOnly) : columns;
}

export function headers<Row>(columns: readonly Column<Row>[]): string[] {
  return tableColumns(columns).map((c) => c.header);
}

export function jsonObject<Row>(columns: readonly Column<Row>[], row: Row): { [key: string]: JsonValue } {
  const o: { [key: string]: JsonValue } = {};
  for (const c of columns) o[c.key] = c.json(row);
  return o;
}
