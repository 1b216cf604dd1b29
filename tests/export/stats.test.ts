/**
 * GET /api/staff/stats on a small data set whose figures are known: counts by
 * item, kind, status, channel and department; median and 90th percentile of the
 * time to acknowledge and to reply; what is overdue; the satisfaction rate; the
 * weekly trend; and the same filters and scope as the inbox.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeDeadlines, DEFAULT_DEADLINES, shanghaiDate } from '../../worker/feedback/deadlines';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, json, setFeedback, signedIn, staff, submitPublic, type TestUser } from '../staff/helpers';

const DAY = 86_400_000;
const NOW = Date.now();
let admin: TestUser;
let d1: { id: number; name: string };
let d2: { id: number; name: string };
let itemX: { id: number; fullLabel: string; title: string };
let itemY: { id: number; fullLabel: string; title: string };
const refs: Record<string, string> = {};

interface Row {
  daysAgo: number;
  kind: string;
  channel: string;
  status: string;
  item: 'X' | 'Y' | null;
  department: 1 | 2 | null;
  /** Days after receipt: the triage decision (to status), the reply. */
  triage?: [number, string];
  reply?: number;
  rating?: number;
  overdue?: 'acknowledge' | 'reply';
}

const ROWS: Record<string, Row> = {
  A: { daysAgo: 30, kind: 'report', channel: 'web', status: 'closed', item: 'X', department: 1, triage: [1, 'accepted'], reply: 5, rating: 3 },
  B: { daysAgo: 30, kind: 'report', channel: 'phone', status: 'replied', item: 'X', department: 1, triage: [2, 'accepted'], reply: 20, rating: 3 },
  C: { daysAgo: 20, kind: 'opinion', channel: 'web', status: 'declined', item: 'Y', department: null, triage: [3, 'declined'] },
  D: { daysAgo: 20, kind: 'suggestion', channel: 'post', status: 'spam', item: null, department: null, triage: [4, 'spam'] },
  E: { daysAgo: 12, kind: 'praise', channel: 'web', status: 'in_progress', item: 'Y', department: 2, triage: [10, 'accepted'], overdue: 'reply' },
  F: { daysAgo: 20, kind: 'report', channel: 'email', status: 'new', item: 'X', department: null, overdue: 'acknowledge' },
  G: { daysAgo: 2, kind: 'opinion', channel: 'web', status: 'new', item: null, department: null },
  H: { daysAgo: 15, kind: 'opinion', channel: 'web', status: 'replied', item: 'Y', department: 2, triage: [1, 'accepted'], reply: 8, rating: 2 },
  I: { daysAgo: 15, kind: 'report', channel: 'web', status: 'closed', item: 'X', department: 1, triage: [2, 'accepted'], reply: 11, rating: 1 },
};

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  d1 = { id: 0, name: `甲科-${crypto.randomUUID().slice(0, 4)}` };
  d2 = { id: 0, name: `乙科-${crypto.randomUUID().slice(0, 4)}` };
  d1.id = await createDepartment(d1.name);
  d2.id = await createDepartment(d2.name);
  // Items of part 二, category （三）: named by their full label, as in every report.
  const item = async (i: number) => {
    const row = (await env.DB.prepare('select id, label, title from items where id = ?').bind(await itemIdAt(1, 2, i)).first<{ id: number; label: string; title: string }>())!;
    return { id: row.id, fullLabel: `二（三）${row.label.replace('.', '')}`, title: row.title };
  };
  [itemX, itemY] = [await item(1), await item(2)];
  for (const [name, r] of Object.entries(ROWS)) {
    const f = await submitPublic({ itemId: r.item === 'X' ? itemX.id : r.item === 'Y' ? itemY.id : null });
    const receivedAt = NOW - r.daysAgo * DAY;
    const deadlines = computeDeadlines({ receivedAt }, DEFAULT_DEADLINES);
    await setFeedback(f.id, {
      kind: r.kind, channel: r.channel, status: r.status, received_at: receivedAt, rating: r.rating ?? null,
      department_id: r.department === 1 ? d1.id : r.department === 2 ? d2.id : null,
      acknowledge_by: r.overdue === 'acknowledge' ? shanghaiDate(NOW - 5 * DAY) : deadlines.acknowledgeBy,
      reply_by: r.overdue === 'reply' ? shanghaiDate(NOW - DAY) : deadlines.replyBy,
    });
    const event = env.DB.prepare('insert into feedback_events (feedback_id, at, type, public, from_status, to_status) values (?, ?, ?, 1, ?, ?)');
    const events = [];
    if (r.triage) events.push(event.bind(f.id, receivedAt + r.triage[0] * DAY, r.triage[1], 'new', r.triage[1]));
    if (r.triage?.[1] === 'accepted' && r.reply) events.push(event.bind(f.id, receivedAt + (r.triage[0] + 0.5) * DAY, 'in_progress', 'accepted', 'in_progress'));
    if (r.reply) events.push(event.bind(f.id, receivedAt + r.reply * DAY, 'replied', 'in_progress', 'replied'));
    if (events.length > 0) await env.DB.batch(events);
    refs[name] = f.ref;
  }
});

async function stats(query = '', cookie = admin.cookie) {
  const res = await staff(`/stats${query}`, { cookie });
  expect(res.status).toBe(200);
  return json<Record<string, any>>(res);
}

/** The Monday (Asia/Shanghai) of an instant, worked out independently of the worker. */
function monday(ms: number): string {
  const local = new Date(ms + 8 * 3600_000);
  const back = (local.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - back)).toISOString().slice(0, 10);
}

describe('GET /api/staff/stats', () => {
  it('counts by item, kind, status, channel and department', async () => {
    const s = await stats();
    expect(s.total).toBe(9);
    expect(s.byItem).toEqual([
      { notice: { slug: SLUG }, item: itemX, count: 4 },
      { notice: { slug: SLUG }, item: itemY, count: 3 },
      { notice: { slug: SLUG }, item: null, count: 2 },
    ]);
    expect(s.byKind).toEqual([
      { kind: 'opinion', label: '意见', count: 3 },
      { kind: 'suggestion', label: '建议', count: 1 },
      { kind: 'report', label: '反映问题', count: 4 },
      { kind: 'praise', label: '表扬', count: 1 },
    ]);
    expect(s.byStatus.map((r: { status: string; count: number }) => [r.status, r.count])).toEqual([
      ['new', 2], ['accepted', 0], ['declined', 1], ['duplicate', 0], ['spam', 1], ['in_progress', 1], ['replied', 2], ['closed', 2],
    ]);
    expect(s.byStatus[0]).toEqual({ status: 'new', label: '待受理', count: 2 });
    expect(s.byChannel.map((r: { channel: string; count: number }) => [r.channel, r.count])).toEqual([
      ['web', 6], ['phone', 1], ['post', 1], ['email', 1], ['in_person', 0],
    ]);
    expect(s.byDepartment).toEqual([
      { department: null, count: 4 },
      { department: d1, count: 3 },
      { department: d2, count: 2 },
    ]);
  });

  it('gives the median and 90th percentile of the days to acknowledge and to reply, to one decimal and in whole days rounded up', async () => {
    const s = await stats();
    // Acknowledged after 1, 1, 2, 2, 3, 4 and 10 days; replied after 5, 8, 11 and 20.
    expect(s.timeToAcknowledge).toEqual({ count: 7, medianDays: 2, p90Days: 6.4, medianWholeDays: 2, p90WholeDays: 7 });
    expect(s.timeToReply).toEqual({ count: 4, medianDays: 9.5, p90Days: 17.3, medianWholeDays: 10, p90WholeDays: 18 });
  });

  it('lists what is overdue now, most urgent first', async () => {
    expect((await stats()).overdue).toEqual({ total: 2, acknowledge: 1, reply: 1, refs: [refs.E, refs.F], refsTruncated: false });
  });

  it('counts what was or is late beside what is overdue now (late.test.ts has the cases)', async () => {
    expect((await stats()).late).toEqual({ acknowledge: { total: 1, decidedLate: 0, undecided: 1 }, reply: { total: 1, repliedLate: 0, unreplied: 1 } });
  });

  it('gives the satisfaction rate: 满意 and 基本满意 over all rated', async () => {
    expect((await stats()).satisfaction).toEqual({ rated: 4, satisfied: 2, basicallySatisfied: 1, dissatisfied: 1, rate: 0.75 });
  });

  it('gives twelve weeks from Monday, Asia/Shanghai: received and replied', async () => {
    const s = await stats();
    expect(s.weekly).toHaveLength(12);
    expect(s.weekly[11].weekStart).toBe(monday(NOW));
    const expected = new Map<string, { received: number; replied: number }>(s.weekly.map((w: { weekStart: string }) => [w.weekStart, { received: 0, replied: 0 }]));
    for (const r of Object.values(ROWS)) {
      const received = NOW - r.daysAgo * DAY;
      expected.get(monday(received))!.received++;
      if (r.reply) expected.get(monday(received + r.reply * DAY))!.replied++;
    }
    expect(s.weekly).toEqual([...expected].map(([weekStart, c]) => ({ weekStart, ...c })));
  });

  it('takes the inbox’s notice and date filters', async () => {
    const recent = await stats(`?from=${shanghaiDate(NOW - 15 * DAY)}&to=${shanghaiDate(NOW)}`);
    expect(recent.total).toBe(4); // E, G, H, I
    expect(recent.timeToReply).toEqual({ count: 2, medianDays: 9.5, p90Days: 10.7, medianWholeDays: 10, p90WholeDays: 11 });
    expect(recent.filters).toEqual({ notice: null, from: shanghaiDate(NOW - 15 * DAY), to: shanghaiDate(NOW) });
    const none = await stats('?notice=no-such-notice');
    expect(none).toMatchObject({
      total: 0,
      byItem: [],
      timeToAcknowledge: { count: 0, medianDays: null, p90Days: null, medianWholeDays: null, p90WholeDays: null },
      overdue: { total: 0, acknowledge: 0, reply: 0, refs: [], refsTruncated: false },
      satisfaction: { rated: 0, rate: null },
    });
  });

  it("confines a department's handler to that department", async () => {
    const handler = await signedIn('handler', { departmentId: d2.id });
    const s = await stats('', handler.cookie);
    expect(s.total).toBe(2);
    expect(s.byDepartment).toEqual([{ department: d2, count: 2 }]);
    expect(s.overdue.refs).toEqual([refs.E]);
    expect(s.satisfaction).toMatchObject({ rated: 1, rate: 1 });
  });

  it.each([
    ['?from=2026-02-30', { from: '日期格式应为 2026-11-27' }],
    ['?from=2026-13-01', { from: '日期格式应为 2026-11-27' }],
    ['?to=2026-00-10', { to: '日期格式应为 2026-11-27' }],
    ['?notice=No%20Such', { notice: '请选择有效的通报' }],
  ])('refuses %s with 422', async (query, fields) => {
    const res = await staff(`/stats${query}`, { cookie: admin.cookie });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
  });
});
