/**
 * The daily cron, called as the runtime calls it: the worker's scheduled handler
 * with a controller, the environment and an execution context. Its clock is the
 * controller's scheduledTime, chosen here years from the real clock so that a
 * handler reading Date.now() instead would erase and remove the wrong rows.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { seedSample } from '../helpers/api';
import { setFeedback, submitPublic } from '../staff/helpers';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 03:00 Asia/Shanghai on 15 January 2031, when the cron fires. */
const SCHEDULED = Date.UTC(2031, 0, 14, 19, 0);
const CONTACTS = { name: '王五', phone: '13800138000', email: 'wangwu@example.com' };
const ERASED = { name: null, phone: null, email: null };

async function runCron(scheduledTime: number, withEnv: typeof env = env): Promise<void> {
  const controller = createScheduledController({ scheduledTime, cron: '0 19 * * *' });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, withEnv, ctx);
  await waitOnExecutionContext(ctx);
}

/** Feedback with contact details, put straight into `status` with the given columns. */
async function feedbackWithContacts(status: string, columns: Record<string, number | null>): Promise<number> {
  const f = await submitPublic({ anonymous: false, ...CONTACTS, consent: true });
  await setFeedback(f.id, { status, ...columns });
  return f.id;
}

function contactsOf(id: number) {
  return env.DB.prepare('select name, phone, email from feedback where id = ?').bind(id).first();
}

async function erasureAudits(at: number) {
  const rows = await env.DB.prepare("select actor_id, after from audit_log where action = 'retention.erase_contacts' and at = ?").bind(at).all<{ actor_id: number | null; after: string }>();
  return rows.results.map((r) => {
    const after = JSON.parse(r.after) as { count: number; retentionDays: number; ids: number[] };
    return { actorId: r.actor_id, ...after, ids: [...after.ids].sort((a, b) => a - b) };
  });
}

async function column(sql: string): Promise<unknown[]> {
  const rows = await env.DB.prepare(sql).raw();
  return rows.map((r) => r[0]);
}

beforeAll(async () => {
  await seedSample();
});

// Storage is shared by the tests of this file: each starts with no contact details,
// counters or sessions on file, so that what a run removes is this test's rows alone.
beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare('update feedback set name = null, phone = null, email = null'),
    env.DB.prepare('delete from login_failures'),
    env.DB.prepare('delete from rate_limits'),
    env.DB.prepare('delete from staff_sessions'),
  ]);
});

describe('the daily cron', () => {
  it('erases expired contact details and removes stale counters and sessions as of its scheduled time', async () => {
    const beyond = SCHEDULED - 1096 * DAY;
    const within = SCHEDULED - 1094 * DAY;
    const closedLongAgo = await feedbackWithContacts('closed', { closed_at: beyond, updated_at: beyond });
    const spamLongAgo = await feedbackWithContacts('spam', { updated_at: beyond });
    const closedWithin = await feedbackWithContacts('closed', { closed_at: within, updated_at: within });
    const declinedWithin = await feedbackWithContacts('declined', { updated_at: within });
    const open = await feedbackWithContacts('in_progress', { received_at: beyond, updated_at: beyond });

    await env.DB.batch([
      env.DB.prepare('insert into login_failures (key, failures, last_failure_at, locked_until) values (?, ?, ?, ?)').bind('account:stale', 3, SCHEDULED - 25 * HOUR, null),
      env.DB.prepare('insert into login_failures (key, failures, last_failure_at, locked_until) values (?, ?, ?, ?)').bind('account:recent', 3, SCHEDULED - HOUR, null),
      env.DB.prepare('insert into rate_limits (key, window_start, count) values (?, ?, ?)').bind('track:OLD', SCHEDULED - 25 * HOUR, 10),
      env.DB.prepare('insert into used_proofs (salt_hash, expires_at) values (?, ?)').bind('expired', SCHEDULED - MINUTE),
      env.DB.prepare('insert into used_proofs (salt_hash, expires_at) values (?, ?)').bind('fresh', SCHEDULED + MINUTE),
      env.DB.prepare('insert into rate_limits (key, window_start, count) values (?, ?, ?)').bind('track:NOW', SCHEDULED - MINUTE, 3),
    ]);
    const user = await env.DB.prepare(
      "insert into staff_users (email, display_name, role, password_hash, password_salt, password_iterations) values ('cron@example.gov.cn', 'cron', 'viewer', 'x', 'y', 1) returning id",
    ).first<{ id: number }>();
    await env.DB.batch([
      env.DB.prepare('insert into staff_sessions (token_hash, user_id, last_seen_at, expires_at) values (?, ?, ?, ?)').bind('expired', user!.id, SCHEDULED - MINUTE, SCHEDULED - 1),
      env.DB.prepare('insert into staff_sessions (token_hash, user_id, last_seen_at, expires_at) values (?, ?, ?, ?)').bind('live', user!.id, SCHEDULED - MINUTE, SCHEDULED + HOUR),
    ]);

    await runCron(SCHEDULED);

    expect(await contactsOf(closedLongAgo)).toEqual(ERASED);
    expect(await contactsOf(spamLongAgo)).toEqual(ERASED);
    for (const kept of [closedWithin, declinedWithin, open]) expect(await contactsOf(kept)).toEqual(CONTACTS);
    expect(await erasureAudits(SCHEDULED)).toEqual([
      { actorId: null, count: 2, retentionDays: 1095, ids: [closedLongAgo, spamLongAgo].sort((a, b) => a - b) },
    ]);
    expect(await column('select key from login_failures order by key')).toEqual(['account:recent']);
    expect(await column('select key from rate_limits order by key')).toEqual(['track:NOW']);
    expect(await column('select salt_hash from used_proofs order by salt_hash')).toEqual(['fresh']);
    expect(await column('select token_hash from staff_sessions order by token_hash')).toEqual(['live']);
  });

  it('honours CONTACT_RETENTION_DAYS from the environment', async () => {
    const now = SCHEDULED + 7 * DAY;
    const closed40DaysAgo = await feedbackWithContacts('closed', { closed_at: now - 40 * DAY, updated_at: now - 40 * DAY });
    const closed20DaysAgo = await feedbackWithContacts('closed', { closed_at: now - 20 * DAY, updated_at: now - 20 * DAY });

    // With the configured three years, forty days is well within the period.
    expect(env.CONTACT_RETENTION_DAYS).toBe('1095');
    await runCron(now);
    expect(await contactsOf(closed40DaysAgo)).toEqual(CONTACTS);
    expect(await erasureAudits(now)).toEqual([]);

    await runCron(now, { ...env, CONTACT_RETENTION_DAYS: '30' });

    expect(await contactsOf(closed40DaysAgo)).toEqual(ERASED);
    expect(await contactsOf(closed20DaysAgo)).toEqual(CONTACTS);
    expect(await erasureAudits(now)).toEqual([{ actorId: null, count: 1, retentionDays: 30, ids: [closed40DaysAgo] }]);
  });
});

describe('the outbox trigger, every ten minutes', () => {
  it('delivers notifications only: contact details due for erasure stay until the daily run', async () => {
    const id = await feedbackWithContacts('closed', { closed_at: SCHEDULED - 1200 * DAY, updated_at: SCHEDULED - 1200 * DAY });
    const controller = createScheduledController({ scheduledTime: SCHEDULED, cron: '*/10 * * * *' });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await contactsOf(id)).toEqual(CONTACTS);
    await runCron(SCHEDULED);
    expect(await contactsOf(id)).toEqual(ERASED);
  });
});

