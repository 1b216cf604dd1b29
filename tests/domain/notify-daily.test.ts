/**
 * The daily job's notifications, run as the platforms run it (runDailyJob with the Outbound
 * port, here the test): a reminder for each deadline within three days, to the department that
 * holds the feedback (the office while none does), once per deadline; an overdue digest per
 * department and one of everything to the office, once a day; a second run the same day sends
 * nothing more. And notifyAttention, which the follow-up and review requests call. No message
 * carries the submitter's name, phone, e-mail or words.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDailyJob } from '../../worker/daily';
import { createDb } from '../../worker/db/d1';
import { addDays } from '../../worker/feedback/deadlines';
import { notifyAttention } from '../../worker/notify/enqueue';
import type { Outbound } from '../../worker/ports';
import { seedSample } from '../helpers/api';
import { sampleNoticeId } from '../staff/flood-helpers';
import { createDepartment } from '../staff/helpers';

/** 03:00 on 2032-04-10 in Asia/Shanghai, when the job runs; years from any other row's deadlines. */
const NOW = Date.parse('2032-04-10T03:00:00+08:00');
const TODAY = '2032-04-10';
const day = (n: number) => addDays(TODAY, n);
const ORIGIN = 'https://jd.example.gov.cn';
const PERSONAL = { name: '李四光', phone: '13912345678', email: 'lisiguang@example.com', content: '李四光反映：小区门口的垃圾堆放点一直没有清理。' };

const got: Array<{ url: string; body: string }> = [];
const outbound: Outbound = async (request) => {
  got.push({ url: request.url, body: await request.text() });
  return request.url.includes('qq.com') ? Response.json({ errcode: 0, errmsg: 'ok' }) : new Response(null, { status: 204 });
};

let clockAt = NOW;
const ports = { outbound, clock: () => clockAt, sleep: async (ms: number) => void (clockAt += ms) };
const config = { ...env, PUBLIC_ORIGIN: ORIGIN };

let department: number;
let departmentName: string;
const ids: Record<string, number> = {};
const refs: Record<string, string> = {};

async function feedbackRow(name: string, f: { status: string; acknowledgeBy: string; replyBy: string; department: boolean }) {
  const ref = `ND-${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  const row = await env.DB.prepare(
    `insert into feedback (ref, query_code_hash, notice_id, kind, content, anonymous, name, phone, email, channel, received_at, status, acknowledge_by, reply_by, updated_at, department_id)
     values (?, 'x', ?, 'report', ?, 0, ?, ?, ?, 'web', ?, ?, ?, ?, ?, ?) returning id`,
  )
    .bind(ref, await sampleNoticeId(), PERSONAL.content, PERSONAL.name, PERSONAL.phone, PERSONAL.email, NOW - 30 * 86_400_000, f.status, f.acknowledgeBy, f.replyBy, NOW - 86_400_000, f.department ? department : null)
    .first<{ id: number }>();
  ids[name] = row!.id;
  refs[name] = ref;
}

const sentTo = (host: string) => got.filter((g) => g.url.includes(host));
const wecomText = (g: { body: string }) => (JSON.parse(g.body) as { markdown: { content: string } }).markdown.content;
const webhookBody = (g: { body: string }) => JSON.parse(g.body) as { event: string; text: string; lines: string[] };

beforeAll(async () => {
  await seedSample();
  departmentName = `城建科-${crypto.randomUUID().slice(0, 4)}`;
  department = await createDepartment(departmentName);
  await env.DB.batch([
    env.DB.prepare("insert into notify_targets (department_id, kind, name, url, updated_at) values (?, 'wecom', '城建科群', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=dept', 1)").bind(department),
    env.DB.prepare("insert into notify_targets (department_id, kind, name, url, secret, updated_at) values (null, 'webhook', '全办', 'https://hooks.example.gov.cn/office', 'office-secret-0123456789', 1)"),
  ]);
  await feedbackRow('replyInTwo', { status: 'accepted', acknowledgeBy: day(-20), replyBy: day(2), department: true });
  await feedbackRow('unassignedAckTomorrow', { status: 'new', acknowledgeBy: day(1), replyBy: day(46), department: false });
  await feedbackRow('overdueInDepartment', { status: 'in_progress', acknowledgeBy: day(-50), replyBy: day(-1), department: true });
  await feedbackRow('overdueUnassigned', { status: 'new', acknowledgeBy: day(-3), replyBy: day(42), department: false });
  await feedbackRow('replyInFour', { status: 'accepted', acknowledgeBy: day(-20), replyBy: day(4), department: true });
  await feedbackRow('repliedInDepartment', { status: 'replied', acknowledgeBy: day(-50), replyBy: day(5), department: true });
});

describe('the daily job', () => {
  it('reminds the department of its due-soon feedback, the office of the unassigned, and sends both digests', async () => {
    await runDailyJob(createDb(env.DB), NOW, config, ports);
    const toDepartment = sentTo('qq.com').map(wecomText);
    const toOffice = sentTo('hooks.example').map(webhookBody);

    const dueSoon = toDepartment.filter((t) => t.includes('反馈即将到期'));
    expect(dueSoon).toHaveLength(1);
    expect(dueSoon[0]).toContain(refs.replyInTwo);
    expect(dueSoon[0]).toContain('办理期限：2032年4月12日');
    expect(dueSoon[0]).toContain(`${ORIGIN}/staff/#/feedback/${ids.replyInTwo}`);
    expect(toDepartment.join('\n')).not.toContain(refs.replyInFour);

    const digest = toDepartment.filter((t) => t.includes('超期反馈汇总'));
    expect(digest).toHaveLength(1);
    expect(digest[0]).toContain(`${departmentName}共有 1 件反馈已超过办理期限`);
    expect(digest[0]).toContain(refs.overdueInDepartment);
    expect(digest[0]).not.toContain(refs.overdueUnassigned);

    expect(toOffice.filter((b) => b.event === 'due_soon').map((b) => b.text)).toEqual([expect.stringContaining(refs.unassignedAckTomorrow!)]);
    expect(toOffice.find((b) => b.event === 'due_soon')!.text).toContain('受理期限：2032年4月11日');
    const officeDigest = toOffice.filter((b) => b.event === 'overdue');
    expect(officeDigest).toHaveLength(1);
    expect(officeDigest[0]!.text).toContain('全办共有 2 件反馈已超过办理期限');
    for (const r of [refs.overdueInDepartment!, refs.overdueUnassigned!]) expect(officeDigest[0]!.text).toContain(r);
  });

  it('run again the same day, sends nothing more', async () => {
    const before = got.length;
    const rows = await env.DB.prepare('select count(*) n from notify_outbox').first<{ n: number }>();
    clockAt = NOW + 5 * 60_000;
    await runDailyJob(createDb(env.DB), NOW + 5 * 60_000, config, ports);
    expect(got).toHaveLength(before);
    expect(await env.DB.prepare('select count(*) n from notify_outbox').first<{ n: number }>()).toEqual(rows);
  });

  it('the next day: the digests again, a reminder for the deadline now within reach, none again for the same deadline', async () => {
    const before = got.length;
    const tomorrow = NOW + 86_400_000;
    clockAt = tomorrow;
    await runDailyJob(createDb(env.DB), tomorrow, config, ports);
    const sent = got.slice(before);
    const toDepartment = sent.filter((g) => g.url.includes('qq.com')).map(wecomText);
    const toOffice = sent.filter((g) => g.url.includes('hooks.example')).map(webhookBody);
    expect(toDepartment.filter((t) => t.includes('超期反馈汇总'))).toHaveLength(1);
    expect(toDepartment.filter((t) => t.includes('反馈即将到期'))).toEqual([expect.stringContaining(refs.replyInFour!)]);
    expect(toOffice.map((b) => b.event)).toEqual(['overdue']);
  });

  it('never sends the submitter\'s name, phone, e-mail or words', () => {
    const all = got.map((g) => g.body).join('\n');
    expect(got.length).toBeGreaterThan(0);
    for (const value of Object.values(PERSONAL)) expect(all).not.toContain(value);
    expect(all).not.toContain('垃圾堆放点');
  });
});

describe('notifyAttention (补充说明, 请求复查)', () => {
  it('tells the department and the office once, with the day to answer by', async () => {
    const db = createDb(env.DB);
    const at = NOW + 3 * 3_600_000;
    expect(await notifyAttention(db, ids.repliedInDepartment!, 'review', at, day(30), ORIGIN)).toBe(2);
    await notifyAttention(db, ids.repliedInDepartment!, 'review', at, day(30), ORIGIN);
    const rows = await env.DB.prepare("select message from notify_outbox where event = 'review' and feedback_id = ?").bind(ids.repliedInDepartment).all<{ message: string }>();
    expect(rows.results).toHaveLength(2);
    const message = JSON.parse(rows.results[0]!.message) as { title: string; lines: string[]; link: string };
    expect(message.title).toBe(`群众请求复查 ${refs.repliedInDepartment}`);
    expect(message.lines).toContain('回应期限：2032年5月10日');
    expect(message.link).toBe(`${ORIGIN}/staff/#/feedback/${ids.repliedInDepartment}`);
    for (const value of Object.values(PERSONAL)) expect(rows.results[0]!.message).not.toContain(value);
  });
});
