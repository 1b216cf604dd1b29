/**
 * An export from request to bytes, without HTTP: which rows (query.ts), in which
 * format (serialise.ts, xlsx.ts), under which name (filename.ts). CSV and NDJSON
 * stream a page at a time; XLSX is built whole, within its cap.
 *
 * The timeline: XLSX puts it on a second sheet (办理记录); NDJSON puts each
 * feedback's events in its line (`timeline`); CSV, having one table per file,
 * gives it as a file of its own (`part=timeline`, same filters), one row per
 * event with the feedback's reference first.
 *
 * The pages come from an ExportReader (query.ts), given by the caller.
 */
import type { Db } from '../db/client';
import type { DownloadName } from './filename';
import { ledgerColumns, type LedgerRow } from './ledger';
import { exportSize, type ExportReader, type ExportSelection, type LedgerPage } from './query';
import { csvBody, csvFailure, csvHead, embeddedEvent, ndjsonBody, ndjsonFailure } from './serialise';
import { pagedStream, type StreamSummary } from './stream';
import { timelineColumns, type TimelineRow } from './timeline';
import { XLSX_MAX_EVENTS, XLSX_MAX_ROWS, XLSX_MAX_TEXT_CHARS } from './limits';
import { SheetBuilder, workbookBytes, XLSX_TYPE } from './xlsx';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'ndjson'] as const;
export const EXPORT_PARTS = ['ledger', 'timeline'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportPart = (typeof EXPORT_PARTS)[number];

export interface ExportRequest {
  format: ExportFormat;
  part: ExportPart;
  /** The ledger with its timeline (XLSX: second sheet; NDJSON: in each line). */
  timeline: boolean;
}

export const LEDGER_SHEET = '台账';
export const TIMELINE_SHEET = '办理记录';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  xlsx: XLSX_TYPE,
};

export function downloadName(r: ExportRequest): DownloadName {
  return r.part === 'timeline'
    ? { name: TIMELINE_SHEET, ascii: 'timeline', extension: r.format }
    : { name: LEDGER_SHEET, ascii: 'ledger', extension: r.format };
}

export interface StreamHooks {
  onEnd(summary: StreamSummary): Promise<void>;
  onCancel(summary: StreamSummary): void;
  onError(error: unknown, summary: StreamSummary): void;
}

function ledgerWriter(format: 'csv' | 'ndjson', withTimeline: boolean) {
  return (page: LedgerPage) => {
    const text =
      format === 'csv'
        ? csvBody(ledgerColumns, page.rows)
        : ndjsonBody(ledgerColumns, page.rows, withTimeline ? (r: LedgerRow) => ({ timeline: (page.timeline?.get(r.id) ?? []).map(embeddedEvent) }) : undefined);
    return { text, rows: page.rows.length };
  };
}

function timelineWriter(format: 'csv' | 'ndjson') {
  return (rows: TimelineRow[]) => ({ text: format === 'csv' ? csvBody(timelineColumns, rows) : ndjsonBody(timelineColumns, rows), rows: rows.length });
}

/** CSV or NDJSON, streamed; one that fails midway ends with a line saying so, then an error. */
export function streamedExport(reader: ExportReader, s: ExportSelection, r: ExportRequest & { format: 'csv' | 'ndjson' }, hooks: StreamHooks): ReadableStream<Uint8Array> {
  const csv = r.format === 'csv';
  const failure = (summary: StreamSummary) => (csv ? csvFailure : ndjsonFailure)(summary.rows);
  if (r.part === 'timeline') {
    return pagedStream({ head: csv ? csvHead(timelineColumns) : '', pages: reader.timelinePages(s), write: timelineWriter(r.format), failure, ...hooks });
  }
  const withTimeline = r.format === 'ndjson' && r.timeline;
  return pagedStream({ head: csv ? csvHead(ledgerColumns) : '', pages: reader.ledgerPages(s, withTimeline), write: ledgerWriter(r.format, withTimeline), failure, ...hooks });
}

export type XlsxRefusal = { kind: 'rows'; rows: number; max: number } | { kind: 'text'; maxChars: number };

/** Why an XLSX export would not fit in a Worker's memory, or null when it fits. */
export async function xlsxRefusal(db: Db, s: ExportSelection, r: ExportRequest): Promise<XlsxRefusal | null> {
  const size = await exportSize(db, s);
  const sheets = r.part === 'timeline' ? { ledger: false, timeline: true } : { ledger: true, timeline: r.timeline };
  if (sheets.ledger && size.rows > XLSX_MAX_ROWS) return { kind: 'rows', rows: size.rows, max: XLSX_MAX_ROWS };
  if (sheets.ledger && size.textChars > XLSX_MAX_TEXT_CHARS) return { kind: 'text', maxChars: XLSX_MAX_TEXT_CHARS };
  // Events are about a third of a ledger row each; the cap is given to people in feedback.
  if (sheets.timeline && size.events > XLSX_MAX_EVENTS) return { kind: 'rows', rows: size.rows, max: Math.floor((size.rows * XLSX_MAX_EVENTS) / size.events) };
  return null;
}

/** XLSX, whole: the ledger, the timeline, or both on two sheets. */
export async function xlsxExport(reader: ExportReader, s: ExportSelection, r: ExportRequest): Promise<{ bytes: Uint8Array<ArrayBuffer>; rows: number; timelineRows: number | null }> {
  if (r.part === 'timeline') {
    const timeline = new SheetBuilder(TIMELINE_SHEET, timelineColumns);
    for await (const rows of reader.timelinePages(s)) timeline.add(rows);
    return { bytes: workbookBytes([{ name: TIMELINE_SHEET, sheet: timeline.finish() }]), rows: timeline.rows, timelineRows: null };
  }
  const ledger = new SheetBuilder(LEDGER_SHEET, ledgerColumns);
  const timeline = r.timeline ? new SheetBuilder(TIMELINE_SHEET, timelineColumns) : null;
  for await (const page of reader.ledgerPages(s, r.timeline)) {
    ledger.add(page.rows);
    if (timeline && page.timeline) timeline.add(page.rows.flatMap((row) => page.timeline?.get(row.id) ?? []));
  }
  const sheets = [{ name: LEDGER_SHEET, sheet: ledger.finish() }];
  if (timeline) sheets.push({ name: TIMELINE_SHEET, sheet: timeline.finish() });
  return { bytes: workbookBytes(sheets), rows: ledger.rows, timelineRows: timeline?.rows ?? null };
}
