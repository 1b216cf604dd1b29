/**
 * An export while feedback keeps coming and changing: every feedback that existed
 * when it began, exactly once, whatever happens to it meanwhile; none sent after
 * it began; and the workbook's two sheets (read one after the other) of the same
 * feedback. While the body is being read, staff accept a feedback through the
 * real route (bulk), and a feedback sent meanwhile is inserted as it is stored.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PAGE_ROWS } from '../../worker/db/export';
import { seedSample } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, type TestUser } from '../staff/helpers';
import { parseCsv, parseNdjson, readXlsx } from './helpers';

let admin: TestUser;

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

/** More than two pages of new feedback in a department of their own, reply-by dates in the past and in id order. */
async function department(): Promise<{ id: number; refs: string[]; ids: number[] }> {
  const id = await createDepartment();
  const n = EXPORT_PAGE_ROWS * 2 + 300;
  const tag = crypto.randomUUID().slice(0, 8);
  await env.DB.prepare(`
    with recursive n(i) as (select 1 union all select i + 1 from n where i < ?2)
    insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id)
    select ?3 || '-' || i, 'x', (select min(id) from notices), 'opinion', '并发' || i, 1, 'web', 0, 'new', '2020-01-01',
      date('2020-01-01', '+' || (i / 10) || ' days'), 0, ?1 from n`)
    .bind(id, n, `CON${tag}`)
    .run();
  await env.DB.prepare(`insert into feedback_events (feedback_id, at, type, public, from_status, to_status)
    select id, 1, 'submitted', 1, null, 'new' from feedback where department_id = ?1`)
    .bind(id)
    .run();
  const rows = (await env.DB.prepare('select id, ref from feedback where department_id = ? order by id').bind(id).all<{ id: number; ref: string }>()).results;
  return { id, refs: rows.map((r) => r.ref), ids: rows.map((r) => r.id) };
}

/**
 * The export's body, with `meanwhile` run once its first page has arrived (so the
 * export has begun: its first page is read before any byte of rows is sent).
 */
async function exportWhile(query: string, meanwhile: () => Promise<void>): Promise<Uint8Array> {
  const res = await staff(`/export${query}`, { cookie: admin.cookie });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const chunks: Uint8Array[] = [];
  let ran = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    if (!ran && chunks.reduce((n, c) => n + c.byteLength, 0) > 10_000) {
      ran = true;
      await meanwhile();
    }
  }
  expect(ran).toBe(true);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The writes: the first feedback (already written) accepted, which moves its reply-by
 * date past every other's; the last (not yet read) given a reply-by date before every
 * other's; a note on the last; and a new feedback in the department.
 */
async function writes(d: { id: number; ids: number[] }): Promise<{ sentMeanwhile: string }> {
  const first = d.ids[0]!;
  const last = d.ids[d.ids.length - 1]!;
  const accepted = await staff('/feedback/bulk', { method: 'POST', cookie: admin.cookie, body: { action: 'accept', ids: [first] } });
  expect(await json(accepted)).toMatchObject({ done: 1 });
  await setFeedback(last, { reply_by: '2019-12-01' });
  await env.DB.prepare(`insert into feedback_events (feedback_id, at, type, public, from_status, to_status, text) values (?, 2, 'note', 0, null, null, '导出期间的备注')`)
    .bind(last)
    .run();
  const sent = `NEW-${crypto.randomUUID().slice(0, 8)}`;
  await env.DB.prepare(`insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id)
    values (?, 'x', (select min(id) from notices), 'opinion', '导出期间收到的反馈', 1, 'web', 0, 'new', '2020-01-01', '2019-01-01', 0, ?)`)
    .bind(sent, d.id)
    .run();
  return { sentMeanwhile: sent };
}

const text = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('an export while feedback is sent and handled', () => {
  it('writes each feedback that existed when it began exactly once (CSV), in the order they were logged', async () => {
    const d = await department();
    let sentMeanwhile = '';
    const body = await exportWhile(`?format=csv&department=${d.id}`, async () => void ({ sentMeanwhile } = await writes(d)));
    const refs = parseCsv(text(body)).rows.slice(1).map((r) => r[0]);
    // Paged by (reply-by, id), the first feedback came again at the end and the last never came.
    expect(refs).toEqual(d.refs);
    expect(refs).not.toContain(sentMeanwhile);
    // The writes did happen: the next export has the new feedback too.
    const after = parseCsv(text((await staff(`/export?format=csv&department=${d.id}`, { cookie: admin.cookie }).then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b))))).rows.slice(1);
    expect(after.map((r) => r[0])).toEqual([...d.refs, sentMeanwhile]);
  });

  it('gives each line its own events, up to when it began (NDJSON with the timeline)', async () => {
    const d = await department();
    const body = await exportWhile(`?format=ndjson&timeline=1&department=${d.id}`, async () => void (await writes(d)));
    const lines = parseNdjson(text(body));
    expect(lines.map((l) => l.ref)).toEqual(d.refs);
    // The acceptance of the first and the note on the last came after the start.
    for (const l of lines) expect((l.timeline as Array<{ type: string }>).map((e) => e.type)).toEqual(['submitted']);
  });

  it('fills both sheets of a workbook with the same feedback, the timeline read after the ledger', async () => {
    const d = await department();
    let sentMeanwhile = '';
    const body = await exportWhile(`?format=xlsx&timeline=1&department=${d.id}`, async () => void ({ sentMeanwhile } = await writes(d)));
    const { sheets } = readXlsx(body);
    const ledger = sheets['台账']!.slice(1).map((r) => r[0]);
    const timeline = sheets['办理记录']!.slice(1);
    expect(ledger).toEqual(d.refs);
    // One event each (their receipt), for the same feedback, in the same order.
    expect(timeline.map((r) => r[0])).toEqual(d.refs);
    expect(timeline.every((r) => r[2] === '收到反馈')).toBe(true);
    expect([...ledger, ...timeline.map((r) => r[0])]).not.toContain(sentMeanwhile);
  });
});
