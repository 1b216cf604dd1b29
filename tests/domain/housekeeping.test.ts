import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { IDEMPOTENCY_KEEP_DAYS, purgeStaleState } from '../../worker/db/housekeeping';
import { postJson, seedSample, validFeedback } from '../helpers/api';

const HOUR = 3_600_000;

describe('daily housekeeping', () => {
  it('removes only counters and sessions that no longer have any effect', async () => {
    const now = Date.now();
    const db = createDb(env.DB);
    await env.DB.batch([
      env.DB.prepare('insert into login_failures (key, failures, last_failure_at, locked_until) values (?, ?, ?, ?)').bind('account:old', 3, now - 25 * HOUR, null),
      env.DB.prepare('insert into login_failures (key, failures, last_failure_at, locked_until) values (?, ?, ?, ?)').bind('account:recent', 3, now - HOUR, null),
      env.DB.prepare('insert into login_failures (key, failures, last_failure_at, locked_until) values (?, ?, ?, ?)').bind('account:still-locked', 9, now - 25 * HOUR, now + HOUR),
      env.DB.prepare('insert into rate_limits (key, window_start, count) values (?, ?, ?)').bind('track:OLD', now - 25 * HOUR, 10),
      // A day's window (submissions per day) still in force.
      env.DB.prepare('insert into rate_limits (key, window_start, count) values (?, ?, ?)').bind('submit-day:NOW', now - 23 * HOUR, 20),
      env.DB.prepare('insert into used_proofs (salt_hash, expires_at) values (?, ?)').bind('expired', now - 1),
      env.DB.prepare('insert into used_proofs (salt_hash, expires_at) values (?, ?)').bind('fresh', now + 60_000),
    ]);
    const user = await env.DB.prepare(
      "insert into staff_users (email, display_name, role, password_hash, password_salt, password_iterations) values ('hk@example.gov.cn', 'hk', 'viewer', 'x', 'y', 1) returning id",
    ).first<{ id: number }>();
    await env.DB.batch([
      env.DB.prepare('insert into staff_sessions (token_hash, user_id, last_seen_at, expires_at) values (?, ?, ?, ?)').bind('idle', user!.id, now - HOUR, now + HOUR),
      env.DB.prepare('insert into staff_sessions (token_hash, user_id, last_seen_at, expires_at) values (?, ?, ?, ?)').bind('expired', user!.id, now - 60_000, now - 1),
      env.DB.prepare('insert into staff_sessions (token_hash, user_id, last_seen_at, expires_at) values (?, ?, ?, ?)').bind('live', user!.id, now - 60_000, now + HOUR),
    ]);

    expect(await purgeStaleState(db, now)).toEqual({ loginFailures: 1, rateLimits: 1, sessions: 2, usedProofs: 1, idempotencyKeys: 0 });

    const keys = await env.DB.prepare('select key from login_failures order by key').all<{ key: string }>();
    expect(keys.results.map((r) => r.key)).toEqual(['account:recent', 'account:still-locked']);
    const limits = await env.DB.prepare('select key from rate_limits').all<{ key: string }>();
    expect(limits.results.map((r) => r.key)).toEqual(['submit-day:NOW']);
    const proofs = await env.DB.prepare('select salt_hash from used_proofs').all<{ salt_hash: string }>();
    expect(proofs.results.map((r) => r.salt_hash)).toEqual(['fresh']);
    const sessions = await env.DB.prepare('select token_hash from staff_sessions').all<{ token_hash: string }>();
    expect(sessions.results.map((r) => r.token_hash)).toEqual(['live']);
  });

  it('deletes the idempotency records of submissions older than IDEMPOTENCY_KEEP_DAYS, and keeps their feedback', async () => {
    const now = Date.now();
    await seedSample();
    for (let i = 0; i < 2; i++) expect((await postJson('/api/feedback', validFeedback())).status).toBe(201);
    const records = await env.DB.prepare('select key_hash from idempotency_keys order by created_at').all<{ key_hash: string }>();
    const [old, recent] = records.results.map((r) => r.key_hash);
    const DAY = 24 * HOUR;
    await env.DB.prepare('update idempotency_keys set created_at = ? where key_hash = ?').bind(now - IDEMPOTENCY_KEEP_DAYS * DAY - 1, old).run();
    await env.DB.prepare('update idempotency_keys set created_at = ? where key_hash = ?').bind(now - (IDEMPOTENCY_KEEP_DAYS - 1) * DAY, recent).run();

    expect((await purgeStaleState(createDb(env.DB), now)).idempotencyKeys).toBe(1);

    const kept = await env.DB.prepare('select key_hash from idempotency_keys').all<{ key_hash: string }>();
    expect(kept.results.map((r) => r.key_hash)).toEqual([recent]);
    expect((await env.DB.prepare('select count(*) as n from feedback').first<{ n: number }>())!.n).toBe(2);
  });
});
