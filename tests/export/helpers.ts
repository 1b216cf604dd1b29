/**
 * Export test helpers: the download as bytes, CSV parsed by papaparse, XLSX read
 * back by SheetJS, NDJSON line by line, and feedback put straight into a state.
 */
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { CFB, read, utils } from '@e965/xlsx';
import Papa from 'papaparse';
import { setFeedback, staff, submitPublic } from '../staff/helpers';

/**
 * Everything a body gave before it ended, and the error it ended in (null: it
 * closed cleanly), where `text()` would give the error alone.
 */
export async function readToEnd(body: ReadableStream<Uint8Array> | null): Promise<{ text: string; error: unknown }> {
  if (!body) return { text: '', error: null };
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: null };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

export async function download(query: string, cookie: string | null) {
  const res = await staff(`/export${query}`, { cookie });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

/** Rows of cells, the header first; the byte-order mark is taken off first and reported. */
export function parseCsv(text: string): { bom: boolean; rows: string[][] } {
  const bom = text.startsWith('\uFEFF');
  const parsed = Papa.parse<string[]>(bom ? text.slice(1) : text, { newline: '\r\n', skipEmptyLines: false });
  if (parsed.errors.length > 0) throw new Error(`CSV does not parse: ${JSON.stringify(parsed.errors[0])}`);
  const rows = parsed.data;
  // A file ending in CRLF parses with one empty record after it.
  if (rows.length > 0 && rows[rows.length - 1]!.length === 1 && rows[rows.length - 1]![0] === '') rows.pop();
  return { bom, rows };
}

/**
 * Each sheet as rows of values (null where a cell is empty), as rows of what a
 * spreadsheet shows (numbers and dates in their formats), and the raw cells for
 * their types and formats.
 */
export function readXlsx(bytes: Uint8Array) {
  const wb = read(bytes, { type: 'array', cellNF: true });
  const sheets: Record<string, Array<Array<string | number | null>>> = {};
  const shown: Record<string, Array<Array<string | null>>> = {};
  for (const name of wb.SheetNames) {
    sheets[name] = utils.sheet_to_json(wb.Sheets[name]!, { header: 1, raw: true, defval: null });
    shown[name] = utils.sheet_to_json(wb.Sheets[name]!, { header: 1, raw: false, defval: null });
  }
  return { names: wb.SheetNames, sheets, shown, workbook: wb };
}

/** The XML of a worksheet inside the .xlsx (a ZIP), as written. */
export function sheetXml(bytes: Uint8Array, sheet: string): string {
  const entry = CFB.find(CFB.read(bytes, { type: 'array' }), `/xl/worksheets/${sheet}.xml`);
  if (!entry) throw new Error(`no ${sheet} in the workbook`);
  return new TextDecoder().decode(entry.content as Uint8Array);
}

export function parseNdjson(text: string): Array<Record<string, unknown>> {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A feedback through the public API, then set to exactly these columns. */
export async function feedbackWith(columns: Record<string, string | number | null>, overrides: Record<string, unknown> = {}) {
  const f = await submitPublic(overrides);
  await setFeedback(f.id, columns);
  return f;
}

export async function exportAudits(actorId: number) {
  const rows = await env.DB.prepare("select after from audit_log where action = 'feedback.export' and actor_id = ? order by id").bind(actorId).all<{ after: string }>();
  return rows.results.map((r) => JSON.parse(r.after) as Record<string, unknown>);
}

/** A Shanghai wall time ('2026-01-25T23:30:00') as an instant in ms. */
export const shanghaiAt = (local: string) => Date.parse(`${local}+08:00`);

/**
 * A feedback's triage decision and first reply as the workflow records them, public events at
 * the given Shanghai wall times: `decided` is [the status decided, its time], `replied` the reply's.
 */
export async function recordSteps(feedbackId: number, steps: { decided?: [string, string]; replied?: string }): Promise<void> {
  const event = env.DB.prepare('insert into feedback_events (feedback_id, at, type, public, from_status, to_status) values (?, ?, ?, 1, ?, ?)');
  const events = [];
  if (steps.decided) events.push(event.bind(feedbackId, shanghaiAt(steps.decided[1]), steps.decided[0], 'new', steps.decided[0]));
  if (steps.replied) events.push(event.bind(feedbackId, shanghaiAt(steps.replied), 'replied', 'in_progress', 'replied'));
  if (events.length > 0) await env.DB.batch(events);
}

/**
 * `rows` new feedback of one department in one statement, each with the reference `prefix-department-00001`
 * onwards and the content `contentSql` (an SQL expression over the row's number `i`), new and due in 2027.
 */
export async function insertFeedbackRows(department: number, rows: number, prefix: string, contentSql: string): Promise<void> {
  await env.DB.prepare(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
    insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id)
    select '${prefix}-' || ?1 || '-' || printf('%05d', i), 'x', (select min(id) from notices), 'opinion', ${contentSql}, 1, 'web', 0, 'new',
      '2027-01-01', '2027-02-01', 0, ?1 from n`)
    .bind(department, rows)
    .run();
}
