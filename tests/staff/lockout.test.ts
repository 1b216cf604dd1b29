/**
 * Backoff and lockout of staff sign-in, per account and per client address.
 * Each test signs in from an address of its own, so that only the per-account
 * count is at work unless the test says otherwise.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedSample } from '../helpers/api';
import { createUser, login, uniqueEmail } from './helpers';

beforeAll(async () => {
  await seedSample();
});

let address = 0;
const newClient = () => ({ 'cf-connecting-ip': `198.51.100.${++address}` });

async function failTimes(n: number, email: string, client: Record<string, string>) {
  for (let i = 0; i < n; i++) expect((await login(email, 'wrong password ' + i, client)).status).toBe(401);
}

/** Ends every lock now, keeping the counts, as if the lock period had passed. */
async function letLocksExpire() {
  await env.DB.prepare('update login_failures set locked_until = ? where locked_until is not null').bind(Date.now() - 1).run();
}

describe('per account and client', () => {
  it('locks the account for that client for a minute after 5 failures, even against the right password', async () => {
    const u = await createUser('handler');
    const client = newClient();
    await failTimes(5, u.email, client);
    const res = await login(u.email, u.password, client);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: { code: 'too_many_attempts', message: '登录失败次数过多，请 1 分钟后再试' } });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(55);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('never locks the owner out for a stranger: another address signs in with the right password', async () => {
    const u = await createUser('handler');
    const stranger = newClient();
    await failTimes(5, u.email, stranger);
    expect((await login(u.email, u.password, stranger)).status).toBe(429);
    expect((await login(u.email, u.password, newClient())).status).toBe(200);
  });

  it('holds under parallel guesses: of 40 at once, only 5 passwords are checked', { timeout: 30_000 }, async () => {
    const u = await createUser('handler');
    const client = newClient();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(u.email, `parallel guess ${i}`, client)));
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 401)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(35);
  });

  it('doubles the lock with each further failure', async () => {
    const u = await createUser('handler');
    const client = newClient();
    await failTimes(5, u.email, client);
    await letLocksExpire();
    await failTimes(1, u.email, client);
    expect(await (await login(u.email, u.password, client)).json()).toEqual({ error: { code: 'too_many_attempts', message: '登录失败次数过多，请 2 分钟后再试' } });
    await letLocksExpire();
    await failTimes(1, u.email, client);
    expect(await (await login(u.email, u.password, client)).json()).toEqual({ error: { code: 'too_many_attempts', message: '登录失败次数过多，请 4 分钟后再试' } });
  });

  it('lets the right password in once the lock has passed, and then forgets the failures', async () => {
    const u = await createUser('handler');
    const client = newClient();
    await failTimes(5, u.email, client);
    await letLocksExpire();
    expect((await login(u.email, u.password, client)).status).toBe(200);
    await failTimes(4, u.email, client);
    expect((await login(u.email, u.password, client)).status).toBe(200);
  });

  it('locks an e-mail that has no account exactly as one that has, so a lock tells nothing', async () => {
    const nobody = uniqueEmail('nobody');
    const client = newClient();
    await failTimes(5, nobody, client);
    expect(await (await login(nobody, 'anything at all', client)).json()).toEqual({
      error: { code: 'too_many_attempts', message: '登录失败次数过多，请 1 分钟后再试' },
    });
  });

  it('keeps no e-mail or address in the table of failures', async () => {
    const u = await createUser('viewer');
    await failTimes(1, u.email, { 'cf-connecting-ip': '192.0.2.77' });
    const text = JSON.stringify((await env.DB.prepare('select * from login_failures').all()).results);
    expect(text).not.toContain(u.email);
    expect(text).not.toContain('192.0.2.77');
  });
});

describe('account-wide brake', () => {
  it('locks the account everywhere after 30 failures spread over many addresses', async () => {
    const u = await createUser('handler');
    for (let i = 0; i < 30; i++) expect((await login(u.email, 'spread guess', newClient())).status).toBe(401);
    expect((await login(u.email, u.password, newClient())).status).toBe(429);
  });

  it('counts nothing while the account is locked, so a stranger cannot keep lengthening the lock', async () => {
    const u = await createUser('handler');
    const stranger = newClient();
    await failTimes(5, u.email, stranger);
    for (let i = 0; i < 10; i++) expect((await login(u.email, 'still guessing', stranger)).status).toBe(429);
    const rows = await env.DB.prepare('select failures from login_failures where failures >= 5 and free_failures = 5 order by last_failure_at desc limit 1').all<{ failures: number }>();
    expect(rows.results[0]!.failures).toBe(5);
  });
});

describe('per client', () => {
  it('locks an address after 20 failures across accounts, for every account, but not other addresses', async () => {
    const client = newClient();
    for (let i = 0; i < 20; i++) expect((await login(uniqueEmail('guess'), 'guessing', client)).status).toBe(401);
    const u = await createUser('admin');
    const res = await login(u.email, u.password, client);
    expect(res.status).toBe(429);
    expect((await login(u.email, u.password, newClient())).status).toBe(200);
  });
});
