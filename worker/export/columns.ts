/**
 * A column of an export, defined once and written by every format: its header
 * (CSV, XLSX) and its stable English key (NDJSON), the cell as people read it
 * (labels in Chinese, Asia/Shanghai wall-clock times) and the value as machines
 * read it (codes, ISO 8601 instants, booleans).
 */
import { shanghaiDateTime, shanghaiIso } from './format';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A cell as written to CSV or XLSX: text (never a formula), a number, or empty. */
export type Cell = string | number | null;

export interface Column<Row> {
  key: string;
  header: string;
  cell(row: Row): Cell;
  json(row: Row): JsonValue;
  /** Width in characters in XLSX; 12 when not given. */
  width?: number;
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

export function headers<Row>(columns: readonly Column<Row>[]): string[] {
  return columns.map((c) => c.header);
}

export function cells<Row>(columns: readonly Column<Row>[], row: Row): Cell[] {
  return columns.map((c) => c.cell(row));
}

export function jsonObject<Row>(columns: readonly Column<Row>[], row: Row): { [key: string]: JsonValue } {
  const o: { [key: string]: JsonValue } = {};
  for (const c of columns) o[c.key] = c.json(row);
  return o;
}
