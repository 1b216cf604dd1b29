/**
 * An export from request to bytes, without HTTP: which rows (query.ts), in which
 * format (serialise.ts, xlsx.ts), under which name (filename.ts). Every format
 * streams a page at a time (stream.ts), however many rows match.
 *
 * The timeline: XLSX puts it on a second sheet (办理记录), read after the ledger
 * (a ZIP holds one sheet after the other, and holding one back would hold it in
 * memory), from the same selection at the same instant, up to the same cut (the
 * last feedback and event when the export began: db/export.ts); NDJSON puts each
 * feedback's events in its line (`timeline`); CSV, having one table per file,
 * gives it as a file of its own (`part=timeline`, same filters), one row per
 * event with the feedback's reference first.
 *
 * The pages come from an ExportReader (query.ts), given by the caller.
 */
import type { DownloadName } from './filename';
import { ledgerColumns, type LedgerRow } from './ledger';
import type { ExportReader, ExportSelection, LedgerPage } from './query';
import { csvBody, csvFailure, csvHead, embeddedEvent, exportFailedMessage, ndjsonBody, ndjsonFailure } from './serialise';
import { pagedStream, type PageWritten, type StreamSummary, type StreamText } from './stream';
import { timelineColumns, type TimelineRow } from './timeline';
import { SheetSeries, WorkbookWriter, XLSX_TYPE } from './xlsx';

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

export function downloadName(r: ExportRequest, period?: DownloadName['period']): DownloadName {
  return r.part === 'timeline'
    ? { name: TIMELINE_SHEET, ascii: 'timeline', extension: r.format, period }
    : { name: LEDGER_SHEET, ascii: 'ledger', extension: r.format, period };
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

type XlsxStep = { sheet: 'ledger'; rows: LedgerRow[] } | { sheet: 'timeline'; rows: TimelineRow[] };

/** The ledger's pages, then the timeline's, as the workbook's sheets want them. */
async function* xlsxSteps(reader: ExportReader, s: ExportSelection, r: ExportRequest): AsyncGenerator<XlsxStep> {
  if (r.part === 'ledger') for await (const page of reader.ledgerPages(s, false)) yield { sheet: 'ledger', rows: page.rows };
  if (r.part === 'timeline' || r.timeline) for await (const rows of reader.timelinePages(s)) yield { sheet: 'timeline', rows };
}

/** The workbook's sheets, each begun when its first rows come (or at the end, empty but for its header). */
function xlsxWriter(r: ExportRequest) {
  const out: Uint8Array[] = [];
  const book = new WorkbookWriter((chunk) => out.push(chunk));
  const take = (): Uint8Array[] => out.splice(0);
  let ledger: SheetSeries<LedgerRow> | null = null;
  let timeline: SheetSeries<TimelineRow> | null = null;
  const ledgerSheet = () => (ledger ??= new SheetSeries(book, LEDGER_SHEET, ledgerColumns));
  const timelineSheet = () => {
    if (r.part === 'ledger') ledgerSheet();
    return (timeline ??= new SheetSeries(book, TIMELINE_SHEET, timelineColumns));
  };
  return {
    write(step: XlsxStep): PageWritten {
      if (step.sheet === 'ledger') {
        ledgerSheet().add(step.rows);
        return { text: take(), rows: step.rows.length };
      }
      timelineSheet().add(step.rows);
      return r.part === 'timeline' ? { text: take(), rows: step.rows.length } : { text: take(), rows: 0, timelineRows: step.rows.length };
    },
    tail(): StreamText {
      if (r.part === 'ledger') ledgerSheet();
      if (r.part === 'timeline' || r.timeline) timelineSheet();
      book.finish();
      return take();
    },
    failure(): StreamText {
      // The rows of the sheet that stopped: the timeline's once it has begun.
      const sheet = timeline ?? ledger;
      book.fail(exportFailedMessage(sheet?.rows ?? 0));
      return take();
    },
  };
}

/**
 * XLSX, streamed: the ledger, the timeline, or both on two sheets. One that fails
 * midway is closed as a workbook that opens on a sheet saying it is incomplete
 * (xlsx.ts, `fail`), then the stream errors.
 */
export function xlsxExport(reader: ExportReader, s: ExportSelection, r: ExportRequest, hooks: StreamHooks): ReadableStream<Uint8Array> {
  const writer = xlsxWriter(r);
  return pagedStream<XlsxStep>({
    head: '',
    pages: xlsxSteps(reader, s, r),
    write: writer.write,
    tail: writer.tail,
    failure: writer.failure,
    timelineRows: r.part === 'ledger' && r.timeline,
    ...hooks,
  });
}
