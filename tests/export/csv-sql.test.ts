/**
 * The ledger's CSV written by SQLite (db/export.ts `ledgerCsvRecords`) is byte
 * for byte the CSV that the columns' JavaScript cells write (`csvBody` over the
 * ledger's rows), on rows made to be awkward: quotes, commas and line breaks,
 * text starting like a formula (= + - @, a tab, a CR), white space at either end
 * (an ideographic space, a no-break space), Chinese and emoji, empty text and
 * nulls, instants on either side of midnight in Shanghai and before 1970, a day
 * logged without its time, every status with deadlines past and to come under
 * both overdue rules, follow-ups, photos, and names (notice, item, department)
 * renamed after the export began.
 *
 * Both sides read the same database at the same instant: the database's reader,
 * and the same reader without its SQL lines, which makes the export write every
 * row through JavaScript as it did before.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { CSV_RULES, csvCell } from '../../worker/export/csv';
import { databaseReader, type ExportReader, type ExportSelection } from '../../worker/export/query';
import { streamedExport } from '../../worker/export/run';
import type { PageWritten } from '../../worker/export/stream';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, setFeedback } from '../staff/helpers';
import { parseCsv, readToEnd } from './helpers';

/** Text that the CSV rules treat each in their own way. */
const AWKWARD = [
  'a,b', '他说"已完成"', '第一行\n第二行', 'a\r\nb', 'cr\ronly', '=1+1', '+86 138', '-2+3', '@SUM(A1)', '\t=1', '\r=1', ' 前面有空格',
  '后面有空格 ', '后面有全角空格\u3000', '\u3000前面有全角空格', '\u00a0不换行空格', '末尾制表符\t', '😀 ok 中文 русский', "it's", "'引号开头",
  '=a,b "q"\n', '-\u3000', '已 办 结', '\u2028行分隔', '\ufeff字节序标记', '\v竖制表', '"', ',', '=', ' ', '\u3000',
];

const DAY = 86_400_000;
/** The export's instant: 2026-06-15 10:00 in Shanghai. */
const NOW = Date.parse('2026-06-15T02:00:00Z');

/** Instants on either side of midnight in Shanghai (16:00 UTC), at the edges of a leap day, at and before 1970. */
const INSTANTS = [
  Date.parse('2026-02-28T15:59:59.999Z'), Date.parse('2026-02-28T16:00:00Z'), Date.parse('2024-02-28T16:00:00Z'), Date.parse('2024-02-29T15:59:00Z'),
  0, -1, -DAY - 1, Date.parse('1969-12-31T15:59:59.999Z'), Date.parse('2026-12-31T16:00:00.001Z'), Date.parse('2000-01-01T00:00:59.999Z'),
];

const STATUSES = ['new', 'accepted', 'in_progress', 'replied', 'closed', 'declined', 'duplicate', 'spam'] as const;
/** Deadlines past, today and to come, as of NOW (Shanghai 2026-06-15). */
const DAYS = ['2026-06-14', '2026-06-15', '2026-06-16', '2025-01-01'];

let department: { id: number; name: string };
let rows = 0;

/** A feedback put straight into the table (many more than the public form lets one client send), then set to these columns. */
async function feedbackWith(columns: Record<string, string | number | null>): Promise<{ id: number; ref: string }> {
  const f = (await env.DB.prepare(
    `insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at)
     select 'CS-' || lower(hex(randomblob(4))), 'x', id, 'opinion', '', 0, 'web', 0, 'new', '2026-01-01', '2026-01-01', 0 from notices where slug = ? returning id, ref`,
  )
    .bind(SLUG)
    .first<{ id: number; ref: string }>())!;
  await setFeedback(f.id, columns);
  return f;
}

async function insertEvent(feedbackId: number, type: string, at: number, text: string | null) {
  await env.DB.prepare('insert into feedback_events (feedback_id, at, type, public, text) values (?, ?, ?, 1, ?)').bind(feedbackId, at, type, text).run();
}

beforeAll(async () => {
  await seedSample();
  department = { id: 0, name: '城管科,"二"\u3000' };
  department.id = await createDepartment(department.name);
  const itemId = await itemIdAt(1, 2, 1);
  let original: { id: number; ref: string } | null = null;
  for (let i = 0; i < AWKWARD.length; i++) {
    const text = AWKWARD[i]!;
    const other = AWKWARD[(i + 7) % AWKWARD.length]!;
    const status = STATUSES[i % STATUSES.length]!;
    const at = INSTANTS[i % INSTANTS.length]!;
    const f = await feedbackWith({
      content: text,
      name: i % 5 === 4 ? null : text,
      phone: i % 5 === 3 ? null : other,
      email: i % 5 === 2 ? null : `${other}@example.com`,
      anonymous: i % 2,
      channel: ['web', 'phone', 'post', 'email', 'in_person'][i % 5]!,
      kind: ['opinion', 'suggestion', 'report', 'praise'][i % 4]!,
      item_id: i % 3 === 0 ? null : itemId,
      department_id: i % 4 === 0 ? null : department.id,
      status,
      received_at: at,
      received_time_unknown: i % 6 === 5 ? 1 : 0,
      accepted_at: i % 3 === 1 ? null : INSTANTS[(i + 1) % INSTANTS.length]!,
      replied_at: i % 3 === 2 ? null : INSTANTS[(i + 2) % INSTANTS.length]!,
      closed_at: i % 2 === 0 ? null : INSTANTS[(i + 3) % INSTANTS.length]!,
      acknowledge_by: DAYS[i % DAYS.length]!,
      reply_by: DAYS[(i + 1) % DAYS.length]!,
      acknowledge_by_legal: i % 3 === 0 ? null : DAYS[(i + 2) % DAYS.length]!,
      reply_by_legal: i % 4 === 0 ? null : DAYS[(i + 3) % DAYS.length]!,
      extension_days: i % 3 === 0 ? 0 : i,
      extension_reason: i % 2 === 0 ? null : other,
      reply: i % 4 === 1 ? null : other,
      rating: i % 4 === 0 ? null : i % 4,
      rating_comment: i % 3 === 0 ? null : text,
      duplicate_of_id: status === 'duplicate' && original ? original.id : null,
      attention: [null, 'follow_up', 'review'][i % 3]!,
      attention_by: i % 2 === 0 ? '2026-06-20' : null,
      review_requested_at: i % 4 === 3 ? INSTANTS[(i + 4) % INSTANTS.length]! : null,
    });
    original ??= f;
    if (status === 'declined') await insertEvent(f.id, 'declined', NOW - DAY, other);
    for (let n = 0; n < i % 3; n++) await insertEvent(f.id, 'follow_up', INSTANTS[(i + n) % INSTANTS.length]!, text);
    if (i % 4 === 2) {
      await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size, storage_key, erased_at) values (?, ?, 'image/jpeg', ?, ?, ?)")
        .bind(f.id, `${text}.jpg`, 1024 * 1024 + i * 52_429, i % 8 === 2 ? null : `k-${f.id}`, i % 8 === 2 ? NOW : null)
        .run();
      await env.DB.prepare("insert into feedback_attachments (feedback_id, name, type, size, storage_key) values (?, ?, 'image/png', ?, ?)")
        .bind(f.id, `图${i}.png`, 100 + i * 700, `k2-${f.id}`)
        .run();
    }
    rows++;
  }
});

/** The database's reader, without the SQL lines (so every row is written by the columns' JavaScript), or as it is; with whether it wrote SQL lines. */
function readers() {
  const db = createDb(env.DB);
  const real = databaseReader(db);
  const javascript: ExportReader = { ledgerPages: (s, t) => real.ledgerPages(s, t), timelinePages: (s) => real.timelinePages(s) };
  const used = { sql: false };
  const sqlReader: ExportReader = {
    ...real,
    ledgerPages: (s, t) => real.ledgerPages(s, t),
    timelinePages: (s) => real.timelinePages(s),
    ledgerCsvPages: async (s) => {
      const pages = await real.ledgerCsvPages!(s);
      used.sql = pages !== null;
      return pages;
    },
  };
  return { javascript, sql: sqlReader, used };
}

async function csvOf(reader: ExportReader, s: ExportSelection): Promise<string> {
  const noop = { onEnd: async () => undefined, onCancel: () => undefined, onError: () => undefined };
  const { text, error } = await readToEnd(streamedExport(reader, s, { format: 'csv', part: 'ledger', timeline: false }, noop));
  expect(error).toBeNull();
  return text;
}

function selection(overdueRule: 'calendar' | 'legal', filter: ExportSelection['filter'] = {}): ExportSelection {
  return { filter, scope: { departmentId: null, overdueRule }, now: NOW, reveal: true, origin: 'https://zg.example.gov.cn' };
}

describe('the ledger CSV written by SQLite', () => {
  it.each(['calendar', 'legal'] as const)('is byte for byte the CSV of the JavaScript cells (overdue rule %s)', async (rule) => {
    const r = readers();
    const expected = await csvOf(r.javascript, selection(rule));
    const actual = await csvOf(r.sql, selection(rule));
    expect(r.used.sql).toBe(true);
    // Every awkward row is in it, and the file parses as RFC 4180.
    expect(parseCsv(expected).rows.length).toBeGreaterThanOrEqual(rows + 1);
    expect(actual).toBe(expected);
  });

  it('is so through a filter too, read by its index', async () => {
    const r = readers();
    const s = selection('calendar', { departmentId: department.id });
    const expected = await csvOf(r.javascript, s);
    expect(await csvOf(r.sql, s)).toBe(expected);
    expect(expected).toContain(csvCell(department.name));
  });

  it('keeps the names read when the export began, as the JavaScript rows do', async () => {
    const r = readers();
    const s = selection('calendar');
    const expected = await csvOf(r.javascript, s);
    // A department renamed to text the CSV rules quote: the names came with the first page, before it.
    const reader = r.sql;
    const pages = (await reader.ledgerCsvPages!(s))!;
    await env.DB.prepare('update departments set name = ? where id = ?').bind('=改名,"了"', department.id).run();
    try {
      let text = '';
      for await (const page of pages as AsyncIterable<PageWritten>) text += page.text;
      // The file less its byte-order mark and header.
      expect(text).toBe(expected.slice(expected.indexOf('\r\n') + 2));
      expect(text).toContain(csvCell(department.name));
    } finally {
      await env.DB.prepare('update departments set name = ? where id = ?').bind(department.name, department.id).run();
    }
  });

  it('leaves a masked export to JavaScript, which masks the contact details', async () => {
    const r = readers();
    const s = { ...selection('calendar'), reveal: false };
    expect(await csvOf(r.sql, s)).toBe(await csvOf(r.javascript, s));
    expect(r.used.sql).toBe(false);
  });
});

describe('the CSV rules as characters', () => {
  it('are those of the regular expressions csvCell applies', () => {
    const ws: string[] = [];
    for (let c = 0; c <= 0xffff; c++) if (/\s/.test(String.fromCharCode(c))) ws.push(String.fromCharCode(c));
    expect([...CSV_RULES.whiteSpace].sort()).toEqual(ws.sort());
    for (const c of CSV_RULES.formulaStart) expect(csvCell(`${c}x`).replace(/^"/, '').startsWith("'")).toBe(true);
    for (const c of CSV_RULES.quoteAnywhere) expect(csvCell(`x${c}x`).startsWith('"')).toBe(true);
    for (let c = 0x20; c < 0x7f; c++) {
      const ch = String.fromCharCode(c);
      if (!CSV_RULES.formulaStart.includes(ch)) expect(csvCell(`${ch}x`).startsWith("'")).toBe(false);
      if (!CSV_RULES.quoteAnywhere.includes(ch) && ch !== ' ') expect(csvCell(`x${ch}x`).startsWith('"')).toBe(false);
    }
  });
});
