/**
 * The notification outbox against a receiver that this test is (an Outbound function): a target
 * that fails and then recovers loses nothing, retries wait their backoff, every attempt is
 * recorded, a notification is dead after MAX_ATTEMPTS; each target's rate limit holds; two
 * deliverers at once send each notification once; the daily job's drain waits out the limits.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { outboxInsert } from '../../worker/db/notify-outbox';
import { runOutboxJob } from '../../worker/daily';
import { BACKOFF_MS, deliverDue, drainOutbox, MAX_ATTEMPTS } from '../../worker/notify/deliver';
import type { NotifyMessage } from '../../worker/notify/message';
import type { Outbound } from '../../worker/ports';

const T0 = Date.parse('2031-05-06T09:00:00+08:00');
const MINUTE = 60_000;

let clockAt = T0;
const clock = () => clockAt;

/** A receiver answering from a script (a status, or 'error' for a network failure), then 200; it keeps what it got. */
function receiver(script: Array<number | 'error'> = []) {
  const got: Array<{ at: number; url: string; body: string }> = [];
  const outbound: Outbound = async (request) => {
    got.push({ at: clockAt, url: request.url, body: await request.text() });
    const next = script.shift() ?? 200;
    if (next === 'error') throw new TypeError('fetch failed: connection refused');
    if (request.url.includes('hooks.example')) return new Response(null, { status: next });
    const code = next === 200 ? 0 : 500;
    return Response.json(request.url.includes('feishu') ? { code, msg: code ? 'error' : 'success' } : { errcode: code, errmsg: code ? 'error' : 'ok' }, { status: next });
  };
  return { got, outbound };
}

async function target(kind: 'wecom' | 'dingtalk' | 'feishu' | 'webhook' = 'webhook'): Promise<number> {
  const url = { wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', dingtalk: 'https://oapi.dingtalk.com/robot/send?access_token=t', feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/h', webhook: 'https://hooks.example.gov.cn/in' }[kind];
  const row = await env.DB.prepare('insert into notify_targets (kind, name, url, secret, updated_at) values (?, ?, ?, ?, 1) returning id')
    .bind(kind, `目标-${crypto.randomUUID().slice(0, 6)}`, url, kind === 'wecom' ? null : 'SECsecret-for-tests-0123456789')
    .first<{ id: number }>();
  return row!.id;
}

const message = (title: string): string => JSON.stringify({ event: 'test', title, lines: ['编号：T-1'], link: null } satisfies NotifyMessage);

async function enqueue(targetId: number, n = 1, at = clockAt): Promise<void> {
  const db = createDb(env.DB);
  for (let i = 0; i < n; i++) await outboxInsert(db, { targetId, event: 'test', eventKey: `k-${crypto.randomUUID()}`, feedbackId: null, message: message(`消息 ${i}`) }, at);
}

async function outbox(targetId: number) {
  return (await env.DB.prepare('select id, state, attempts, next_attempt_at, last_error, sent_at from notify_outbox where target_id = ? order by id').bind(targetId).all<{ id: number; state: string; attempts: number; next_attempt_at: number; last_error: string | null; sent_at: number | null }>()).results;
}

async function attempts(targetId: number) {
  return (await env.DB.prepare('select a.at, a.ok, a.status, a.error from notify_attempts a join notify_outbox o on o.id = a.outbox_id where o.target_id = ? order by a.id').bind(targetId).all<{ at: number; ok: number; status: number | null; error: string | null }>()).results;
}

const deliver = (outbound: Outbound) => deliverDue(createDb(env.DB), outbound, clock);

// The file's tables are shared by its tests: each starts with no targets and an empty outbox.
beforeEach(async () => {
  clockAt = T0;
  await env.DB.batch(['notify_attempts', 'notify_outbox', 'notify_targets'].map((t) => env.DB.prepare(`delete from ${t}`)));
});

describe('a receiver that fails, then recovers', () => {
  it('keeps the notification, retries after 1 and then 5 minutes, never sooner, and records each attempt', async () => {
    const id = await target('webhook');
    await enqueue(id);
    const r = receiver([500, 'error']);

    expect(await deliver(r.outbound)).toMatchObject({ sent: 0, failed: 1 });
    expect((await outbox(id))[0]).toMatchObject({ state: 'pending', attempts: 1, next_attempt_at: T0 + BACKOFF_MS[0]! });

    clockAt = T0 + BACKOFF_MS[0]! - 1;
    await deliver(r.outbound);
    expect(r.got).toHaveLength(1);

    clockAt = T0 + BACKOFF_MS[0]!;
    expect(await deliver(r.outbound)).toMatchObject({ failed: 1 });
    const second = clockAt;
    clockAt = second + BACKOFF_MS[1]! - 1;
    await deliver(r.outbound);
    expect(r.got).toHaveLength(2);

    clockAt = second + BACKOFF_MS[1]!;
    expect(await deliver(r.outbound)).toMatchObject({ sent: 1 });
    expect((await outbox(id))[0]).toMatchObject({ state: 'sent', attempts: 3, sent_at: clockAt, last_error: null });
    expect((await attempts(id)).map((a) => [a.ok, a.status])).toEqual([[0, 500], [0, null], [1, 200]]);
    expect((await attempts(id))[1]!.error).toContain('connection refused');
    // The same notification each time, with one id a receiver can drop repeats by.
    expect(new Set(r.got.map((g) => JSON.parse(g.body).id)).size).toBe(1);

    clockAt += 7 * 24 * 60 * MINUTE;
    await deliver(r.outbound);
    expect(r.got).toHaveLength(3);
  });

  it('a bot answering 200 with an error code is retried too', async () => {
    const id = await target('wecom');
    await enqueue(id);
    const refusing: Outbound = async () => new Response(JSON.stringify({ errcode: 130101, errmsg: 'send too fast' }), { status: 200 });
    expect(await deliver(refusing)).toMatchObject({ failed: 1 });
    expect((await outbox(id))[0]).toMatchObject({ state: 'pending', last_error: '130101 send too fast' });
  });

  it('is dead after MAX_ATTEMPTS failures, every attempt kept, and tried no more', async () => {
    const id = await target('webhook');
    await enqueue(id);
    const r = receiver(Array.from({ length: 20 }, () => 503));
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliver(r.outbound);
      const [row] = await outbox(id);
      clockAt = row!.next_attempt_at;
    }
    expect((await outbox(id))[0]).toMatchObject({ state: 'dead', attempts: MAX_ATTEMPTS });
    expect(await attempts(id)).toHaveLength(MAX_ATTEMPTS);
    clockAt += 30 * 24 * 60 * MINUTE;
    await deliver(r.outbound);
    expect(r.got).toHaveLength(MAX_ATTEMPTS);
  });

  it('a target that is down holds back nothing of another target', async () => {
    const down = await target('webhook');
    const up = await target('wecom');
    await enqueue(down);
    await enqueue(up);
    const outbound: Outbound = async (req) => (req.url.includes('hooks.example') ? new Response('down', { status: 502 }) : Response.json({ errcode: 0, errmsg: 'ok' }));
    await deliver(outbound);
    expect((await outbox(up))[0]!.state).toBe('sent');
    expect((await outbox(down))[0]!.state).toBe('pending');
  });
});

describe('rate limits per target', () => {
  it('WeCom: 20 a minute; the rest wait for the window, without an attempt counted', async () => {
    const id = await target('wecom');
    await enqueue(id, 25);
    const r = receiver();
    expect(await deliver(r.outbound)).toMatchObject({ sent: 20, postponed: 5 });
    const waiting = (await outbox(id)).filter((e) => e.state === 'pending');
    expect(waiting).toHaveLength(5);
    expect(waiting.every((e) => e.attempts === 0 && e.next_attempt_at === T0 + MINUTE)).toBe(true);
    clockAt = T0 + MINUTE - 1;
    expect(await deliver(r.outbound)).toMatchObject({ sent: 0 });
    clockAt = T0 + MINUTE;
    expect(await deliver(r.outbound)).toMatchObject({ sent: 5 });
    expect(r.got).toHaveLength(25);
  });

  it('Feishu: 5 a second', async () => {
    const id = await target('feishu');
    await enqueue(id, 7);
    const r = receiver();
    expect(await deliver(r.outbound)).toMatchObject({ sent: 5, postponed: 2 });
    clockAt = T0 + 1_000;
    expect(await deliver(r.outbound)).toMatchObject({ sent: 2 });
  });

  it('one target at its limit does not slow another', async () => {
    const busy = await target('dingtalk');
    const quiet = await target('dingtalk');
    await enqueue(busy, 21);
    await enqueue(quiet, 1);
    const r = receiver();
    expect(await deliver(r.outbound)).toMatchObject({ sent: 21, postponed: 1 });
    expect((await outbox(quiet))[0]!.state).toBe('sent');
  });

  it('the drain sends a backlog at the pace allowed: 45 to WeCom over two minutes, never 21 in one', async () => {
    const id = await target('wecom');
    await enqueue(id, 45);
    const r = receiver();
    const sleep = async (ms: number) => void (clockAt += ms);
    const report = await drainOutbox(createDb(env.DB), r.outbound, clock, sleep, T0 + 10 * MINUTE);
    expect(report.sent).toBe(45);
    expect(r.got).toHaveLength(45);
    for (const g of r.got) expect(r.got.filter((o) => o.at > g.at - MINUTE && o.at <= g.at).length).toBeLessThanOrEqual(20);
    expect(clockAt).toBe(T0 + 2 * MINUTE);
  });
});

describe('two deliverers at once', () => {
  it('send each notification once', async () => {
    const id = await target('webhook');
    await enqueue(id, 6);
    const r = receiver();
    await Promise.all([deliver(r.outbound), deliver(r.outbound), deliver(r.outbound)]);
    expect(r.got).toHaveLength(6);
    expect(new Set(r.got.map((g) => JSON.parse(g.body).id)).size).toBe(6);
    expect((await outbox(id)).every((e) => e.state === 'sent' && e.attempts === 1)).toBe(true);
  });
});

describe('the outbox job, every ten minutes', () => {
  it('delivers a retry whose backoff has ended, and what falls due within its two minutes, then stops', async () => {
    const id = await target('webhook');
    await enqueue(id);
    const r = receiver([500, 500]);
    await deliver(r.outbound);
    // The first retry is due a minute later: the next run of the job, ten minutes on, sends it (and fails again).
    const sleep = async (ms: number) => void (clockAt += ms);
    clockAt = T0 + 10 * MINUTE;
    await runOutboxJob(createDb(env.DB), clockAt, { outbound: r.outbound, clock, sleep });
    expect(r.got).toHaveLength(2);
    // Its next retry is five minutes away: beyond this run's two minutes, left for the next run.
    expect(clockAt).toBe(T0 + 10 * MINUTE);
    clockAt = T0 + 20 * MINUTE;
    await runOutboxJob(createDb(env.DB), clockAt, { outbound: r.outbound, clock, sleep });
    expect((await outbox(id))[0]).toMatchObject({ state: 'sent', attempts: 3 });
  });
});

