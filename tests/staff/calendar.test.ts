/**
 * The holiday calendar through the staff API and the stores that use it: admins see the years
 * covered and the open deadlines in a year without data (2027 in the shipped snapshot), enter a
 * year with a message per field when it is wrong, audited, and the legal last days of the feedback
 * it affects are recomputed; storing feedback sets the legal days; OVERDUE_RULE decides which day
 * the inbox and today counts call overdue.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshLegalDays } from '../../worker/calendar/deadlines';
import { CALENDAR_MESSAGES as m } from '../../worker/calendar/entry';
import { createDb } from '../../worker/db/d1';
import { inboxPage, todayCounts } from '../../worker/db/staff-inbox';
import { deadlineConfig, overdueRule } from '../../worker/feedback/deadlines';
import { storeFeedback } from '../../worker/feedback/submit';
import { seedSample } from '../helpers/api';
import { sampleNoticeId } from './flood-helpers';
import { json, signedIn, staff, type TestUser } from './helpers';

let admin: TestUser;
let handler: TestUser;
let noticeId: number;

async function insertFeedback(f: { status: string; acknowledgeBy: string; replyBy: string; acknowledgeByLegal?: string | null; replyByLegal?: string | null }): Promise<number> {
  const row = await env.DB.prepare(
    `insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, channel, received_at, status, acknowledge_by, reply_by, acknowledge_by_legal, reply_by_legal, updated_at)
     values (?, 'x', ?, 'report', '日历测试', 1, 'web', 0, ?, ?, ?, ?, ?, 0) returning id`,
  )
    .bind(`CL-${crypto.randomUUID().slice(0, 8)}`, noticeId, f.status, f.acknowledgeBy, f.replyBy, f.acknowledgeByLegal ?? null, f.replyByLegal ?? null)
    .first<{ id: number }>();
  return row!.id;
}

const legalOf = (id: number) =>
  env.DB.prepare('select acknowledge_by_legal as ack, reply_by_legal as reply from feedback where id = ?').bind(id).first<{ ack: string | null; reply: string | null }>();

interface CalendarAnswer {
  years: Array<{ year: number; origin: string; source: string[]; offDays: number; workDays: number; addedBy: string | null }>;
  shippedSource: string;
  uncovered: Array<{ year: number; deadlines: number; firstDeadline: string }>;
}

beforeAll(async () => {
  await seedSample();
  noticeId = await sampleNoticeId();
  admin = await signedIn('admin');
  handler = await signedIn('handler');
});

describe('storing feedback', () => {
  it('sets the legal days beside the calendar ones: received 2026-02-04, 15 days end in the Spring Festival, 60 in 清明', async () => {
    const db = createDb(env.DB);
    const receipt = await storeFeedback(
      db,
      { noticeId, refPrefix: 'CL', itemId: null, kind: 'opinion', content: '春节期间到期', anonymous: true, consent: false, name: null, phone: null, email: null, trapped: false, channel: 'post', receivedAt: Date.parse('2026-02-04T10:00:00+08:00') },
      deadlineConfig({}),
    );
    expect(receipt).toMatchObject({ acknowledgeBy: '2026-02-19', replyBy: '2026-04-05' });
    expect(await legalOf(receipt.id)).toEqual({ ack: '2026-02-24', reply: '2026-04-07' });
  });

  it('stores no legal day when the calendar day is a workday, a make-up Saturday included', async () => {
    const db = createDb(env.DB);
    // Received 2026-02-13: 15 days end on Saturday 2-28, a make-up workday (调休).
    const receipt = await storeFeedback(
      db,
      { noticeId, refPrefix: 'CL', itemId: null, kind: 'opinion', content: '调休上班日到期', anonymous: true, consent: false, name: null, phone: null, email: null, trapped: false, channel: 'post', receivedAt: Date.parse('2026-02-13T10:00:00+08:00') },
      deadlineConfig({}),
    );
    expect(receipt.acknowledgeBy).toBe('2026-02-28');
    expect((await legalOf(receipt.id))!.ack).toBeNull();
  });
});

describe('GET /api/staff/calendar', () => {
  it('lists the shipped years with their gov.cn source, and flags open deadlines in 2027, which has no data', async () => {
    const open = await insertFeedback({ status: 'accepted', acknowledgeBy: '2026-12-01', replyBy: '2027-02-08' });
    await insertFeedback({ status: 'closed', acknowledgeBy: '2026-12-01', replyBy: '2027-03-01' }); // closed: not flagged
    const res = await staff('/calendar', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    const body = await json<CalendarAnswer>(res);
    expect(body.years.map((y) => y.year)).not.toContain(2027);
    expect(body.years.find((y) => y.year === 2026)).toEqual({
      year: 2026, origin: 'shipped', source: ['https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm'], offDays: 33, workDays: 6, addedAt: null, addedBy: null,
    });
    expect(body.shippedSource).toMatch(/^NateScarlet\/holiday-cn@[0-9a-f]{7} \(2026-08-07\)$/);
    expect(body.uncovered).toEqual([{ year: 2027, deadlines: 1, firstDeadline: '2027-02-08' }]);
    // The detail says so too, rather than showing the calendar day as if it were the legal one.
    const detail = await json<{ legal: { replyBy: string | null; uncoveredYear: number | null } }>(await staff(`/feedback/${open}`, { cookie: admin.cookie }));
    expect(detail.legal).toEqual({ acknowledgeBy: null, replyBy: null, uncoveredYear: 2027 });
  });

  it('is for admins only', async () => {
    expect((await staff('/calendar', { cookie: handler.cookie })).status).toBe(403);
    expect((await staff('/calendar/years', { method: 'POST', cookie: handler.cookie, body: {} })).status).toBe(403);
  });
});

describe('POST /api/staff/calendar/years', () => {
  const good = {
    year: 2027,
    source: 'https://www.gov.cn/zhengce/content/2027-test.htm',
    days: [
      { day: '2027-02-06', kind: 'off', name: '春节' },
      { day: '2027-02-07', kind: 'off', name: '春节' },
      { day: '2027-02-08', kind: 'off', name: '春节' },
      { day: '2027-02-09', kind: 'off', name: '春节' },
      { day: '2027-02-20', kind: 'work', name: '春节' },
    ],
  };

  it.each([
    [{ ...good, year: 1999 }, { year: m.year.invalid }],
    [{ ...good, source: '  ' }, { source: m.source.required }],
    [{ ...good, days: [] }, { days: m.days.required }],
    [{ ...good, days: [{ day: '2027-02-30', kind: 'off', name: '春节' }] }, { days: m.days.date(1) }],
    [{ ...good, days: [good.days[0], { day: '2028-01-01', kind: 'off', name: '元旦' }] }, { days: m.days.outOfYear(2, 2027) }],
    [{ ...good, days: [good.days[0], { day: '2027-02-10', kind: 'rest', name: '春节' }] }, { days: m.days.kind(2) }],
    [{ ...good, days: [{ day: '2027-02-06', kind: 'off', name: '' }] }, { days: m.days.name(1) }],
    [{ ...good, days: [good.days[0], good.days[0]] }, { days: m.days.duplicate(2, '2027-02-06') }],
    [{ ...good, days: [good.days[0], { day: '2027-02-10', kind: 'work', name: '春节' }] }, { days: m.days.workOnWeekday(2, '2027-02-10') }],
    [{ ...good, days: [good.days[4]] }, { days: m.days.noOffDay }],
  ])('refuses %j with a message for the field', async (body, fields) => {
    const res = await staff('/calendar/years', { method: 'POST', cookie: admin.cookie, body });
    expect(res.status).toBe(422);
    expect((await json<{ error: { fields: Record<string, string> } }>(res)).error.fields).toEqual(fields);
  });

  it('answers JSON that is not an object with a message for each field, never a 500', async () => {
    for (const body of ['null', '42', '[]']) {
      const res = await staff('/calendar/years', { method: 'POST', cookie: admin.cookie, body });
      expect(res.status).toBe(422);
      expect((await json<{ error: { fields: Record<string, string> } }>(res)).error.fields).toEqual({ year: m.year.invalid, source: m.source.required, days: m.days.required });
    }
  });

  it('enters 2027: audited, covered from then on, and the legal days of the feedback it affects recomputed', async () => {
    // Due on Saturday 2027-02-06, in the entered Spring Festival: legally 2-10. Due 2026-12-26 (a Saturday
    // that waited for the 2027 notice): legally Monday 12-28.
    const affected = await insertFeedback({ status: 'accepted', acknowledgeBy: '2026-12-26', replyBy: '2027-02-06' });
    const unaffected = await insertFeedback({ status: 'accepted', acknowledgeBy: '2026-03-02', replyBy: '2026-05-06' });
    expect(await legalOf(affected)).toEqual({ ack: null, reply: null });

    const res = await staff('/calendar/years', { method: 'POST', cookie: admin.cookie, body: good });
    expect(res.status).toBe(201);
    const answer = await json<{ year: number; days: number; recomputed: number }>(res);
    expect(answer).toMatchObject({ year: 2027, days: 5 });
    expect(answer.recomputed).toBeGreaterThanOrEqual(1);
    expect(await legalOf(affected)).toEqual({ ack: '2026-12-28', reply: '2027-02-10' });
    expect(await legalOf(unaffected)).toEqual({ ack: null, reply: null });

    const audit = await env.DB.prepare("select actor_id, target_type, target_id, before, after from audit_log where action = 'calendar.year' order by id desc").first<Record<string, unknown>>();
    expect(audit).toMatchObject({ actor_id: admin.id, target_type: 'calendar_year', target_id: '2027', before: null });
    expect(JSON.parse(String(audit!.after))).toEqual({ source: good.source, days: good.days });

    const body = await json<CalendarAnswer>(await staff('/calendar', { cookie: admin.cookie }));
    expect(body.years[0]).toMatchObject({ year: 2027, origin: 'entered', source: [good.source], offDays: 4, workDays: 1, addedBy: '测试admin' });
    expect(body.uncovered).toEqual([]);
    const year = await json<{ days: unknown[] }>(await staff('/calendar/years/2027', { cookie: admin.cookie }));
    expect(year.days).toEqual(good.days);
  });

  it('replaces an entered year when it is entered again, and records what it was', async () => {
    const res = await staff('/calendar/years', { method: 'POST', cookie: admin.cookie, body: { ...good, days: good.days.slice(0, 2) } });
    expect(res.status).toBe(201);
    const year = await json<{ days: unknown[] }>(await staff('/calendar/years/2027', { cookie: admin.cookie }));
    expect(year.days).toEqual(good.days.slice(0, 2));
    const audit = await env.DB.prepare("select before from audit_log where action = 'calendar.year' order by id desc").first<{ before: string }>();
    expect(JSON.parse(audit!.before)).toEqual({ source: good.source, days: good.days });
  });
});

describe('the daily refresh', () => {
  it('fills the legal days a deadline lacked while its year was not covered (a deploy that ships the year), once', async () => {
    const db = createDb(env.DB);
    // Closed: the ledger keeps its legal day too; and it stays out of the open counts below.
    const id = await insertFeedback({ status: 'closed', acknowledgeBy: '2026-09-01', replyBy: '2026-10-03' });
    expect(await refreshLegalDays(db, '2026-09-15')).toBeGreaterThanOrEqual(1);
    expect(await legalOf(id)).toEqual({ ack: null, reply: '2026-10-08' });
    expect(await refreshLegalDays(db, '2026-09-15')).toBe(0);
  });
});

describe('OVERDUE_RULE', () => {
  it("reads 'legal' and falls back to the stricter 'calendar' for anything else", () => {
    expect(overdueRule({ OVERDUE_RULE: 'legal' })).toBe('legal');
    expect(overdueRule({})).toBe('calendar');
    expect(overdueRule({ OVERDUE_RULE: 'lenient' })).toBe('calendar');
  });

  it('decides whether feedback due in National Day is overdue on 10-06: by its calendar day, or by its legal day 10-08', async () => {
    const db = createDb(env.DB);
    const now = Date.parse('2026-10-06T10:00:00+08:00');
    const id = await insertFeedback({ status: 'new', acknowledgeBy: '2026-10-03', acknowledgeByLegal: '2026-10-08', replyBy: '2026-11-30' });
    const listed = async (rule: 'calendar' | 'legal') =>
      (await inboxPage(db, { overdue: true }, { departmentId: null, overdueRule: rule }, { cursor: null, limit: 50 }, now)).feedback.map((r) => r.id);
    expect(await listed('calendar')).toContain(id);
    expect(await listed('legal')).not.toContain(id);
    const calendar = await todayCounts(db, { departmentId: null, overdueRule: 'calendar' }, now);
    const legal = await todayCounts(db, { departmentId: null, overdueRule: 'legal' }, now);
    expect(calendar.overdue - legal.overdue).toBe(1);
    // Under 'legal' it is due soon instead (10-08 is within three days).
    expect(legal.dueSoon - calendar.dueSoon).toBe(1);
    // The row flags agree with the lists.
    const page = await inboxPage(db, {}, { departmentId: null, overdueRule: 'legal' }, { cursor: null, limit: 50 }, now);
    expect(page.feedback.find((r) => r.id === id)).toMatchObject({ acknowledgeByLegal: '2026-10-08', overdue: { acknowledge: false, reply: false } });
  });
});
