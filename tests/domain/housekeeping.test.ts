import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/d1';
import { IDEMPOTENCY_HASH_DAYS, purgeStaleState } from '../../worker/db/housekeeping';
import { sha256Hex } from '../../worker/lib/crypto';
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

    expect(await purgeStaleState(db, now)).toEqual({ loginFailures: 1, rateLimits: 1, sessions: 2, usedProofs: 1, requestHashes: 0 });

    const keys = await env.DB.prepare('select key from login_failures order by key').all<{ key: string }>();
    expect(keys.results.map((r) => r.key)).toEqual(['account:recent', 'account:still-locked']);
    const limits = await env.DB.prepare('select key from rate_limits').all<{ key: string }>();
    expect(limits.results.map((r) => r.key)).toEqual(['submit-day:NOW']);
    const proofs = await env.DB.prepare('select salt_hash from used_proofs').all<{ salt_hash: string }>();
    expect(proofs.results.map((r) => r.salt_hash)).toEqual(['fresh']);
    const sessions = await env.DB.prepare('select token_hash from staff_sessions').all<{ token_hash: string }>();
    expect(sessions.results.map((r) => r.token_hash)).toEqual(['live']);
  });

  it('forgets the request hash of idempotency records older than IDEMPOTENCY_HASH_DAYS, keeping the records, and a retry however late still gets its receipt, stored once', async () => {
    const now = Date.now();
    await seedSample();
    const keys = [crypto.randomUUID(), crypto.randomUUID()];
    const receipts = [];
    for (const key of keys) {
      const res = await postJson('/api/feedback', validFeedback(), { 'idempotency-key': key });
      expect(res.status).toBe(201);
      receipts.push(await res.json());
    }
    const DAY = 24 * HOUR;
    const [old, recent] = await Promise.all(keys.map((key) => sha256Hex(`idempotency:${key}`)));
    await env.DB.prepare('update idempotency_keys set created_at = ? where key_hash = ?').bind(now - IDEMPOTENCY_HASH_DAYS * DAY - 1, old).run();
    await env.DB.prepare('update idempotency_keys set created_at = ? where key_hash = ?').bind(now - (IDEMPOTENCY_HASH_DAYS - 1) * DAY, recent).run();
    const hashOf = async (keyHash: string) => (await env.DB.prepare('select request_hash from idempotency_keys where key_hash = ?').bind(keyHash).first<{ request_hash: string }>())?.request_hash;
    const recentHash = await hashOf(recent!);

    expect((await purgeStaleState(createDb(env.DB), now)).requestHashes).toBe(1);
    expect((await purgeStaleState(createDb(env.DB), now)).requestHashes).toBe(0);

    expect(await hashOf(old!)).toBe('');
    expect(await hashOf(recent!)).toBe(recentHash);
    // A phone offline past the period sends again with a fresh proof: the same receipt, nothing stored twice.
    const count = async () => (await env.DB.prepare('select count(*) as n from feedback').first<{ n: number }>())!.n;
    const before = await count();
    const late = await postJson('/api/feedback', validFeedback(), { 'idempotency-key': keys[0]! });
    expect(late.status).toBe(201);
    expect(await late.json()).toEqual(receipts[0]);
    expect(await count()).toBe(before);
  });
});
