/**
 * The ledger's 是否超期 and 受理决定时间 against the statistics: each row is late
 * exactly as GET /api/staff/stats counts it (a decision or reply on a day after its
 * deadline, whenever it came, or still waiting past it; both read db/stats.ts
 * `lateness`), so the rows of each kind add up to the statistics' figures over the
 * same selection, under either OVERDUE_RULE. The decision date is the first
 * acknowledgement decision's, a decline's or a duplicate's included.
 */
import { env } from 'cloudflare:test';
import { utils } from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { databaseReader, type ExportSelection } from '../../worker/export/query';
import type { LedgerRow } from '../../worker/export/ledger';
import type { OverdueRule } from '../../worker/feedback/deadlines';
import { statsReport } from '../../worker/stats/report';
import { seedSample } from '../helpers/api';
import { json, signedIn, staff, type TestUser } from '../staff/helpers';
import { download, feedbackWith, parseCsv, parseNdjson, readXlsx, recordSteps, shanghaiAt } from './helpers';

/** An instant given as Asia/Shanghai wall time. */
const at = shanghaiAt;
/** Received on one day of its own, so that `from`/`to` select these rows alone. */
const DAY = '2025-06-02';
const RECEIVED = at(`${DAY}T10:00:00`);
const FAR = '2099-12-31';

type Late = LedgerRow['late'];
interface Row {
  status: string;
  acknowledgeBy: string;
  /** The legal last day, where the calendar day falls on a rest day. */
  acknowledgeByLegal?: string;
  replyBy: string;
  /** [decision, Shanghai wall time] */
  decided?: [string, string];
  replied?: string;
  /** 受理决定时间 as the CSV shows it. */
  decidedCell: string;
  /** 是否超期 as the CSV shows it, and the lateness under each rule. */
  cell: string;
  late: Late;
  legal?: Late;
}

const ROWS: Record<string, Row> = {
  // Accepted two weeks after its day: no longer overdue, but late.
  acceptedLate: {
    status: 'accepted', acknowledgeBy: '2025-06-17', replyBy: FAR, decided: ['accepted', '2025-07-01T09:00:00'],
    decidedCell: '2025-07-01 09:00', cell: '超过期限才作出受理决定', late: { acknowledge: 'late', reply: null },
  },
  // Declined after its day: late too, and the decision has a date though 受理时间 stays empty.
  declinedLate: {
    status: 'declined', acknowledgeBy: '2025-06-04', replyBy: FAR, decided: ['declined', '2025-07-01T09:00:00'],
    decidedCell: '2025-07-01 09:00', cell: '超过期限才作出受理决定', late: { acknowledge: 'late', reply: null },
  },
  repliedLate: {
    status: 'replied', acknowledgeBy: '2025-06-17', replyBy: '2025-08-01', decided: ['accepted', '2025-06-03T09:00:00'], replied: '2025-08-02T00:10:00',
    decidedCell: '2025-06-03 09:00', cell: '超过期限才答复', late: { acknowledge: null, reply: 'late' },
  },
  // Still new past both days (new feedback awaits its reply from receipt).
  undecided: {
    status: 'new', acknowledgeBy: '2025-06-17', replyBy: '2025-08-01',
    decidedCell: '', cell: '超过期限仍未受理；超过期限仍未答复', late: { acknowledge: 'overdue', reply: 'overdue' },
  },
  unreplied: {
    status: 'in_progress', acknowledgeBy: '2025-06-17', replyBy: '2025-08-01', decided: ['accepted', '2025-06-03T09:00:00'],
    decidedCell: '2025-06-03 09:00', cell: '超过期限仍未答复', late: { acknowledge: null, reply: 'overdue' },
  },
  // Decided at 23:30 and replied at 23:59 of the last days: in time.
  inTime: {
    status: 'replied', acknowledgeBy: '2025-06-17', replyBy: '2025-08-01', decided: ['accepted', '2025-06-17T23:30:00'], replied: '2025-08-01T23:59:00',
    decidedCell: '2025-06-17 23:30', cell: '否', late: { acknowledge: null, reply: null },
  },
  // A duplicate decided after the calendar day, within the legal one: late or in time by the rule.
  duplicate: {
    status: 'duplicate', acknowledgeBy: '2025-06-14', acknowledgeByLegal: '2025-06-16', replyBy: FAR, decided: ['duplicate', '2025-06-16T10:00:00'],
    decidedCell: '2025-06-16 10:00', cell: '超过期限才作出受理决定', late: { acknowledge: 'late', reply: null }, legal: { acknowledge: null, reply: null },
  },
};

let admin: TestUser;
const refs: Record<string, string> = {};

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  for (const [name, r] of Object.entries(ROWS)) {
    const f = await feedbackWith({
      status: r.status, received_at: RECEIVED, acknowledge_by: r.acknowledgeBy, acknowledge_by_legal: r.acknowledgeByLegal ?? null, reply_by: r.replyBy,
      accepted_at: r.decided?.[0] === 'accepted' ? at(r.decided[1]) : null, replied_at: r.replied ? at(r.replied) : null,
    });
    await env.DB.prepare('update feedback_events set at = ? where feedback_id = ?').bind(RECEIVED, f.id).run();
    await recordSteps(f.id, r);
    refs[name] = f.ref;
  }
});

const SELECTION = `from=${DAY}&to=${DAY}`;
const names = Object.keys(ROWS);

/** The statistics' late figures, as the rows of the ledger make them. */
function countsOf(late: Late[]) {
  const n = (step: keyof Late, kind: 'late' | 'overdue') => late.filter((l) => l[step] === kind).length;
  return {
    acknowledge: { total: n('acknowledge', 'late') + n('acknowledge', 'overdue'), decidedLate: n('acknowledge', 'late'), undecided: n('acknowledge', 'overdue') },
    reply: { total: n('reply', 'late') + n('reply', 'overdue'), repliedLate: n('reply', 'late'), unreplied: n('reply', 'overdue') },
  };
}

describe('the ledger’s lateness', () => {
  it('is the statistics’ row by row: the CSV’s 是否超期 and 受理决定时间, summed, give their late figures', async () => {
    const { rows } = parseCsv((await download(`?format=csv&${SELECTION}`, admin.cookie)).text);
    const header = rows[0]!;
    const cells = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(cells.size).toBe(names.length);
    for (const name of names) {
      const r = cells.get(refs[name]!)!;
      expect([r[header.indexOf('受理决定时间（北京时间）')], r[header.indexOf('是否超期')]], name).toEqual([ROWS[name]!.decidedCell, ROWS[name]!.cell]);
    }
    // 受理时间 still means acceptance: empty for the decline and the duplicate.
    expect(cells.get(refs.declinedLate!)![header.indexOf('受理时间（北京时间）')]).toBe('');

    const res = await staff(`/stats?${SELECTION}`, { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const stats = await json<{ total: number; late: unknown }>(res);
    expect(stats.total).toBe(names.length);
    expect(stats.late).toEqual(countsOf(names.map((n) => ROWS[n]!.late)));
    expect(stats.late).toEqual({ acknowledge: { total: 4, decidedLate: 3, undecided: 1 }, reply: { total: 3, repliedLate: 1, unreplied: 2 } });
  });

  it('is structured in NDJSON (late: late, overdue or null per step) beside overdue as of now, with decidedAt', async () => {
    const lines = parseNdjson((await download(`?format=ndjson&${SELECTION}`, admin.cookie)).text);
    const byRef = new Map(lines.map((l) => [l.ref, l]));
    for (const name of names) {
      const r = ROWS[name]!;
      const line = byRef.get(refs[name]!)!;
      expect(line.late, name).toEqual(r.late);
      expect(line.decidedAt, name).toBe(r.decided ? new Date(at(r.decided[1]) + 8 * 3600_000).toISOString().replace('.000Z', '+08:00') : null);
      // overdue keeps its meaning: open and past its day now.
      expect(line.overdue, name).toEqual({ acknowledge: r.late.acknowledge === 'overdue', reply: r.late.reply === 'overdue' });
    }
  });

  it('gives the decision as a date-time cell in XLSX', async () => {
    const { workbook, sheets } = readXlsx((await download(`?format=xlsx&${SELECTION}`, admin.cookie)).bytes);
    const header = sheets['台账']![0]!;
    const row = sheets['台账']!.findIndex((r) => r[0] === refs.declinedLate);
    const cell = workbook.Sheets['台账']![utils.encode_cell({ r: row, c: header.indexOf('受理决定时间（北京时间）') })];
    // 2025-07-01 09:00 in Shanghai: day 45839 and 9 h of Excel's 1900 system.
    expect(cell).toMatchObject({ t: 'n', z: 'yyyy-mm-dd hh:mm' });
    expect(cell.v).toBeCloseTo(45839 + 9 / 24, 8);
  });

  it.each<OverdueRule>(['calendar', 'legal'])('agrees with the statistics under OVERDUE_RULE=%s, the legal day moving the duplicate in time', async (rule) => {
    const db = createDb(env.DB);
    const now = Date.now();
    const s: ExportSelection = { filter: { from: DAY, to: DAY }, scope: { departmentId: null, overdueRule: rule }, now, reveal: false };
    const ledger: LedgerRow[] = [];
    for await (const page of databaseReader(db).ledgerPages(s, false)) ledger.push(...page.rows);
    const late = new Map(ledger.map((r) => [r.ref, r.late]));
    expect(names.map((n) => late.get(refs[n]!))).toEqual(names.map((n) => (rule === 'legal' ? (ROWS[n]!.legal ?? ROWS[n]!.late) : ROWS[n]!.late)));
    const stats = await statsReport(db, { from: DAY, to: DAY }, s.scope, now);
    expect(stats.late).toEqual(countsOf(ledger.map((r) => r.late)));
  });
});
