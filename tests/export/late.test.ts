/**
 * Honest figures: GET /api/staff/stats counts feedback acknowledged late and
 * replied to late, whenever that was, beside what is overdue now. A letter
 * logged 76 days after it came and accepted today is acknowledged late, though
 * it is no longer overdue; an extension moves the reply deadline; a deadline
 * holds to the end of its day in Asia/Shanghai. The report's heading names the
 * notice, its issuer and the days of the first and last receipt.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, computeDeadlines, DEFAULT_DEADLINES, shanghaiDate } from '../../worker/feedback/deadlines';
import { seedSample, SLUG } from '../helpers/api';
import { json, setFeedback, signedIn, staff, submitPublic, type TestUser } from '../staff/helpers';
import { recordSteps, shanghaiAt } from './helpers';

/** An instant given as Asia/Shanghai wall time. */
const at = shanghaiAt;
const RECEIVED = at('2026-01-10T10:00:00'); // acknowledge by 2026-01-25, reply by 2026-03-11 until accepted

interface Row {
  status: string;
  /** [status decided, Shanghai wall time] */
  decided?: [string, string];
  replied?: string;
  replyBy?: string;
  extensionDays?: number;
}

const ROWS: Record<string, Row> = {
  // Decided at 23:30 on the last day: on time.
  ackLastMinute: { status: 'replied', decided: ['accepted', '2026-01-25T23:30:00'], replied: '2026-02-01T09:00:00', replyBy: '2026-03-26' },
  // 00:30 the day after, in Shanghai (still 2026-01-25 in UTC): late.
  ackNextDay: { status: 'replied', decided: ['accepted', '2026-01-26T00:30:00'], replied: '2026-02-01T09:00:00', replyBy: '2026-03-27' },
  // A late refusal is a late decision too; declined feedback awaits no reply.
  declinedLate: { status: 'declined', decided: ['declined', '2026-02-20T10:00:00'] },
  repliedLate: { status: 'replied', decided: ['accepted', '2026-01-11T10:00:00'], replied: '2026-03-13T00:10:00', replyBy: '2026-03-12' },
  // Replied after the 60 days but within the 20 days of its extension: on time.
  extended: { status: 'replied', decided: ['accepted', '2026-01-11T10:00:00'], replied: '2026-03-25T10:00:00', replyBy: '2026-04-01', extensionDays: 20 },
  repliedOnLastDay: { status: 'closed', decided: ['accepted', '2026-01-11T10:00:00'], replied: '2026-03-12T23:59:00', replyBy: '2026-03-12' },
  // Never decided, never replied: late on both counts.
  undecided: { status: 'new' },
  unreplied: { status: 'in_progress', decided: ['accepted', '2026-01-11T10:00:00'], replyBy: '2026-03-12' },
};

let admin: TestUser;
const refs: Record<string, string> = {};
let letter: { id: number; ref: string };
let notice: { slug: string; title: string; issuer: string };

async function stats(query = '') {
  const res = await staff(`/stats${query}`, { cookie: admin.cookie });
  expect(res.status).toBe(200);
  return json<Record<string, any>>(res);
}

beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
  notice = (await env.DB.prepare('select slug, title, issuer from notices where slug = ?').bind(SLUG).first())!;
  for (const [name, r] of Object.entries(ROWS)) {
    const f = await submitPublic();
    const deadlines = computeDeadlines({ receivedAt: RECEIVED }, DEFAULT_DEADLINES);
    await setFeedback(f.id, {
      status: r.status, received_at: RECEIVED, acknowledge_by: deadlines.acknowledgeBy, reply_by: r.replyBy ?? deadlines.replyBy, extension_days: r.extensionDays ?? 0,
    });
    await env.DB.prepare('update feedback_events set at = ? where feedback_id = ?').bind(RECEIVED, f.id).run();
    await recordSteps(f.id, r);
    refs[name] = f.ref;
  }
  // A letter that came 76 days ago, logged today, and accepted today.
  const today = shanghaiDate(Date.now());
  const res = await staff('/feedback', {
    method: 'POST',
    cookie: admin.cookie,
    body: { channel: 'post', receivedAt: addDays(today, -76), noticeSlug: SLUG, itemId: null, kind: 'report', content: '来信反映：宣传栏两个多月没有更新。', anonymous: true, consent: false },
  });
  expect(res.status).toBe(201);
  letter = await json<{ id: number; ref: string }>(res);
  expect((await staff(`/feedback/${letter.id}/transition`, { method: 'POST', cookie: admin.cookie, body: { to: 'accepted' } })).status).toBe(200);
});

describe('late figures', () => {
  it('count the letter accepted 76 days after it came as acknowledged late, though it is no longer overdue', async () => {
    const s = await stats(`?from=${addDays(shanghaiDate(Date.now()), -80)}`);
    expect(s.total).toBe(1);
    expect(s.overdue.total).toBe(0);
    expect(s.late).toEqual({ acknowledge: { total: 1, decidedLate: 1, undecided: 0 }, reply: { total: 0, repliedLate: 0, unreplied: 0 } });
    expect(s.timeToAcknowledge.medianDays).toBeGreaterThanOrEqual(75);
  });

  it('count decisions and replies after their day, and what still waits past it, by the Shanghai calendar and with the extension', async () => {
    const s = await stats('?from=2026-01-01&to=2026-01-31');
    expect(s.total).toBe(Object.keys(ROWS).length);
    expect(s.late).toEqual({
      // ackNextDay, declinedLate; undecided
      acknowledge: { total: 3, decidedLate: 2, undecided: 1 },
      // repliedLate; unreplied and undecided (new feedback awaits its reply from receipt)
      reply: { total: 3, repliedLate: 1, unreplied: 2 },
    });
    // What is overdue now is another figure: only what is still open.
    expect(s.overdue).toMatchObject({ total: 2, acknowledge: 1, reply: 2 });
    expect([...s.overdue.refs].sort()).toEqual([refs.undecided, refs.unreplied].sort());
  });

  it('moves a reply from late to on time by its extension, and back without it', async () => {
    const before = (await stats('?from=2026-01-01&to=2026-01-31')).late.reply.repliedLate;
    const row = (await env.DB.prepare('select id from feedback where ref = ?').bind(refs.extended).first<{ id: number }>())!;
    await setFeedback(row.id, { reply_by: '2026-03-12', extension_days: 0 });
    expect((await stats('?from=2026-01-01&to=2026-01-31')).late.reply.repliedLate).toBe(before + 1);
    await setFeedback(row.id, { reply_by: '2026-04-01', extension_days: 20 });
  });

  it('head the report with the notice, its issuer, and the first and last day a feedback came', async () => {
    const all = await stats();
    // The letter is the last to have come.
    expect(all.heading).toEqual({ notices: [notice], firstReceived: '2026-01-10', lastReceived: addDays(shanghaiDate(Date.now()), -76) });
    const one = await stats(`?notice=${SLUG}&from=2026-01-01&to=2026-01-31`);
    expect(one.heading).toEqual({ notices: [notice], firstReceived: '2026-01-10', lastReceived: '2026-01-10' });
    // A period with no feedback still names the notice chosen.
    const empty = await stats(`?notice=${SLUG}&from=2025-01-01&to=2025-01-31`);
    expect(empty.heading).toEqual({ notices: [notice], firstReceived: null, lastReceived: null });
    expect((await stats('?from=2025-01-01&to=2025-01-31')).heading).toEqual({ notices: [], firstReceived: null, lastReceived: null });
  });
});
