/**
 * Feedback entered by staff from a call, a letter, an e-mail or a visit: back-dated
 * to the day it came, with the time of day if known (never a made-up one), and
 * told when a deadline had already passed before it was logged.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDate } from '../../worker/feedback/deadlines';
import { call, itemIdAt, seedSample, SLUG } from '../helpers/api';
import { download, parseCsv, parseNdjson } from '../export/helpers';
import { dateProblem, normaliseDate, normaliseTime } from '../../web/staff/components/fields/date';
import { createDepartment, json, signedIn, staff, type TestUser } from './helpers';

let handler: TestUser;
const today = () => shanghaiDate(Date.now());

function entry(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'phone', receivedAt: today(), noticeSlug: SLUG, itemId: null, kind: 'report',
    content: '电话反映：小区门口垃圾桶无人清理。', anonymous: false, name: '李四', phone: '13912345678', consent: true,
    ...overrides,
  };
}

beforeAll(async () => {
  await seedSample();
  handler = await signedIn('handler');
});

describe('POST /api/staff/feedback', () => {
  it('stores the feedback with its channel and the staff member who entered it, and returns the reference and query code to pass on', async () => {
    const itemId = await itemIdAt(1, 2, 1);
    const res = await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: entry({ itemId }) });
    expect(res.status).toBe(201);
    const receipt = await json<{ ref: string; queryCode: string; acknowledgeBy: string; replyBy: string }>(res);
    expect(receipt).toMatchObject({ ref: expect.stringMatching(/^DX-\d{4}-/), queryCode: expect.stringMatching(/^\w{4}-\w{4}-\w{4}$/) });
    expect(receipt.acknowledgeBy).toBe(addDays(today(), 15));
    const row = await env.DB.prepare('select * from feedback where ref = ?').bind(receipt.ref).first<Record<string, unknown>>();
    expect(row).toMatchObject({ channel: 'phone', item_id: itemId, entered_by: handler.id, name: '李四', phone: '13912345678', status: 'new' });
    expect(row!.consent_at).toBe(row!.received_at);
    const event = await env.DB.prepare('select type, actor_id from feedback_events where feedback_id = ?').bind(row!.id).first();
    expect(event).toEqual({ type: 'submitted', actor_id: handler.id });
    // The submitter can follow it like any other.
    expect((await call(`/api/feedback/${receipt.ref}`, { headers: { 'x-query-code': receipt.queryCode } })).status).toBe(200);
  });

  it('counts the deadlines from the day the letter arrived, not from the day it was entered', async () => {
    const arrived = addDays(today(), -10);
    const receipt = await json<{ acknowledgeBy: string; replyBy: string }>(
      await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: entry({ channel: 'post', receivedAt: arrived }) }),
    );
    expect(receipt).toEqual(expect.objectContaining({ acknowledgeBy: addDays(arrived, 15), replyBy: addDays(arrived, 60) }));
  });

  it('records the time of day when it is given, in Asia/Shanghai', async () => {
    const day = addDays(today(), -3);
    const receipt = await json<{ ref: string; receivedTimeUnknown: boolean }>(
      await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: entry({ receivedAt: day, receivedTime: '09:30' }) }),
    );
    expect(receipt.receivedTimeUnknown).toBe(false);
    const row = await env.DB.prepare('select received_at, received_time_unknown from feedback where ref = ?').bind(receipt.ref).first();
    expect(row).toEqual({ received_at: Date.parse(`${day}T09:30:00+08:00`), received_time_unknown: 0 });
  });

  it('stores a receipt without its time as unknown, at the start of its day, never a made-up noon; the ledger gives its date alone', async () => {
    const day = addDays(today(), -3);
    const res = await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: entry({ channel: 'post', receivedAt: day, receivedTime: '' }) });
    expect(res.status).toBe(201);
    const receipt = await json<{ id: number; ref: string; receivedTimeUnknown: boolean }>(res);
    expect(receipt.receivedTimeUnknown).toBe(true);
    const row = await env.DB.prepare('select received_at, received_time_unknown from feedback where ref = ?').bind(receipt.ref).first();
    expect(row).toEqual({ received_at: Date.parse(`${day}T00:00:00+08:00`), received_time_unknown: 1 });
    const audit = await env.DB.prepare("select after from audit_log where action = 'feedback.create' and target_id = ?").bind(String(receipt.id)).first<{ after: string }>();
    expect(JSON.parse(audit!.after)).toMatchObject({ receivedAt: day, receivedTime: null });

    const csv = parseCsv((await download(`?format=csv&q=${receipt.ref}`, handler.cookie)).text).rows;
    expect(csv[1]![csv[0]!.indexOf('收到时间（北京时间）')]).toBe(day);
    const [line] = parseNdjson((await download(`?format=ndjson&timeline=1&q=${receipt.ref}`, handler.cookie)).text);
    expect(line).toMatchObject({ receivedAt: day, receivedTimeUnknown: true, timeline: [expect.objectContaining({ type: 'submitted', at: day })] });
    // Without a time at all, too, as an older client sends it.
    const without = entry({ receivedAt: day });
    expect(without).not.toHaveProperty('receivedTime');
    const other = await json<{ ref: string; receivedTimeUnknown: boolean }>(await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: without }));
    expect(other.receivedTimeUnknown).toBe(true);
  });

  it.each([
    ['20 days ago: its acknowledgement deadline has passed', -20, { acknowledge: true, reply: false }],
    ['61 days ago: both have', -61, { acknowledge: true, reply: true }],
    ['15 days ago: the acknowledgement is due today, not overdue', -15, { acknowledge: false, reply: false }],
    ['today: neither', 0, { acknowledge: false, reply: false }],
  ])('says on the receipt whether it is already overdue when logged, for a letter that came %s', async (_, daysAgo, overdue) => {
    const arrived = addDays(today(), daysAgo);
    const res = await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: entry({ channel: 'post', receivedAt: arrived }) });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ acknowledgeBy: addDays(arrived, 15), replyBy: addDays(arrived, 60), overdue });
  });

  it('audits the entry without the contact details', async () => {
    const receipt = await json<{ ref: string }>(await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: entry({ channel: 'in_person' }) }));
    const audit = await env.DB.prepare("select after from audit_log where action = 'feedback.create' and actor_id = ? order by id desc").bind(handler.id).first<{ after: string }>();
    expect(JSON.parse(audit!.after)).toMatchObject({ ref: receipt.ref, channel: 'in_person', hasContact: true, consentRecordedByStaff: true });
    expect(audit!.after).not.toContain('李四');
    expect(audit!.after).not.toContain('13912345678');
  });

  it.each([
    [{ channel: 'web' }, { channel: '请选择收到反馈的渠道：电话、信件、电子邮件或来访' }],
    [{ receivedAt: '2026/11/27' }, { receivedAt: '请填写收到反馈的日期，格式如 2026-11-27' }],
    [{ receivedAt: '2026-13-01' }, { receivedAt: '请填写收到反馈的日期，格式如 2026-11-27' }],
    [{ receivedAt: '2026-02-30' }, { receivedAt: '请填写收到反馈的日期，格式如 2026-11-27' }],
    [{ receivedAt: '2026-00-10' }, { receivedAt: '请填写收到反馈的日期，格式如 2026-11-27' }],
    [{ receivedAt: 'TOMORROW' }, { receivedAt: '收到日期不能晚于今天' }],
    [{ receivedAt: 'LAST_YEAR' }, { receivedAt: '收到日期不能早于一年前' }],
    [{ receivedTime: '25:00' }, { receivedTime: '请按 24 小时制填写收到的时间，如 14:30；不清楚时间可以留空' }],
    [{ receivedTime: '下午三点' }, { receivedTime: '请按 24 小时制填写收到的时间，如 14:30；不清楚时间可以留空' }],
    [{ receivedTime: 930 }, { receivedTime: '请按 24 小时制填写收到的时间，如 14:30；不清楚时间可以留空' }],
    [{ receivedTime: 'LATER_TODAY' }, { receivedTime: '收到时间不能晚于现在' }],
    // Addressed to the member of staff, who records the person's consent (the public form's words say 您同意).
    [{ consent: false }, { consent: '记录联系方式前，请向反映人说明个人信息处理规则，征得同意后勾选此项；反映人不同意的，请删除联系方式或勾选匿名' }],
    [{ content: '太短' }, { content: '反馈内容至少需要 5 个字' }],
    [{ phone: '12345' }, { phone: '请填写正确的电话号码，如 13812345678 或 0755-25772603' }],
  ])('refuses %j with %j', async (overrides, fields) => {
    const o: Record<string, unknown> = { ...overrides };
    if (o.receivedAt === 'TOMORROW') o.receivedAt = addDays(today(), 1);
    if (o.receivedAt === 'LAST_YEAR') o.receivedAt = addDays(today(), -367);
    if (o.receivedTime === 'LATER_TODAY') {
      // A minute from now, or today's last minute: either is later than now (skip in the last minute of the day).
      const later = new Date(Date.now() + 8 * 3_600_000 + 60_000).toISOString().slice(11, 16);
      if (later === '00:00') return;
      o.receivedTime = later;
    }
    const res = await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: entry(o) });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: 'validation_failed', message: '提交的信息有误，请按提示修改', fields } });
  });

  it('refuses an unknown notice with 404', async () => {
    const res = await staff('/feedback', { method: 'POST', cookie: handler.cookie, body: entry({ noticeSlug: 'no-such-notice' }) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('找不到这份通报');
  });

  it('assigns the entry to the department of a handler who has one, who could not see it otherwise', async () => {
    const department = await createDepartment();
    const scoped = await signedIn('handler', { departmentId: department });
    const receipt = await json<{ ref: string }>(await staff('/feedback', { method: 'POST', cookie: scoped.cookie, body: entry({ anonymous: true, name: null, phone: null, consent: false }) }));
    const row = await env.DB.prepare('select id, department_id from feedback where ref = ?').bind(receipt.ref).first<{ id: number; department_id: number }>();
    expect(row!.department_id).toBe(department);
    expect((await staff(`/feedback/${row!.id}`, { cookie: scoped.cookie })).status).toBe(200);
    const audit = await env.DB.prepare("select after from audit_log where action = 'feedback.create' and target_id = ?").bind(String(row!.id)).first<{ after: string }>();
    expect(JSON.parse(audit!.after)).toMatchObject({ ref: receipt.ref, departmentId: department });
  });
});

describe('the console’s date and time fields', () => {
  it.each([
    ['2026-11-30', '2026-11-30'],
    ['20261130', '2026-11-30'],
    ['2026/11/30', '2026-11-30'],
    ['2026.1.5', '2026-01-05'],
    ['2026年11月30日', '2026-11-30'],
    [' ２０２６－１１－３０ ', '2026-11-30'],
    ['11/30/2026', '11/30/2026'],
  ])('read %j as %j', (typed, date) => expect(normaliseDate(typed)).toBe(date));

  it('name a date that is not a day, and leave an empty one to the form', () => {
    expect(dateProblem('2026-02-30')).toBe('日期须按“年-月-日”填写，如 2026-11-30');
    expect(dateProblem('11/30/2026')).toBe('日期须按“年-月-日”填写，如 2026-11-30');
    expect(dateProblem('2026/11/30')).toBeNull();
    expect(dateProblem('')).toBeNull();
  });

  it.each([
    ['14:30', '14:30'],
    ['930', '09:30'],
    ['9:30', '09:30'],
    ['9.30', '09:30'],
    ['14：05', '14:05'],
    ['9点30', '09:30'],
    ['下午三点', '下午三点'],
  ])('read the time %j as %j', (typed, time) => expect(normaliseTime(typed)).toBe(time));
});
