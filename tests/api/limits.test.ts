/**
 * Abuse defence on the public side (issue 10): the proof of work, the honeypot,
 * and the per-client limits on submissions and look-ups, which must hold under
 * parallel requests. Every request names its client (CF-Connecting-IP), as
 * Cloudflare does.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../worker/db/client';
import { sqlLimiter } from '../../worker/db/rate-limits';
import { acceptProof, PROOF_LIFETIME_MS, proofKey } from '../../worker/feedback/proof';
import { fingerprint, networkOf } from '../../worker/http/client';
import { HOUR_MS } from '../../worker/lib/limiter';
import { hmacHex } from '../../worker/lib/crypto';
import {
  call, itemIdAt, newChallenge, postJson, proofHeader, randomAddress, seedSample, SLUG, solve, solvedProof, validFeedback, type ErrorJson,
} from '../helpers/api';

let db: Db;
beforeAll(async () => {
  db = await seedSample();
});

const SUBMISSIONS_PER_HOUR = 5;

function submitFrom(client: string, body: Record<string, unknown> = validFeedback(), headers: Record<string, string> = {}) {
  return postJson('/api/feedback', body, { 'cf-connecting-ip': client, ...headers });
}

function track(ref: string, code: string, client: string) {
  return call(`/api/feedback/${encodeURIComponent(ref)}`, { headers: { 'cf-connecting-ip': client, 'x-query-code': code } });
}

async function rowsFrom(client: string) {
  const hash = await fingerprint(env.APP_SECRET!, client);
  return (await env.DB.prepare('select ref, status from feedback where client_hash = ? order by id').bind(hash).all<{ ref: string; status: string }>()).results;
}

const statuses = (responses: Response[]) => responses.map((r) => r.status).sort((a, b) => a - b);
const count = (xs: number[], x: number) => xs.filter((y) => y === x).length;

describe('proof of work', () => {
  it('hands out a fresh, signed challenge that is never cached', async () => {
    const res = await call('/api/feedback/challenge');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const [a, b] = [(await res.json()) as Record<string, unknown>, await newChallenge()];
    expect(a).toMatchObject({ algorithm: 'SHA-256', maxnumber: Number(env.PROOF_OF_WORK_MAX_NUMBER) });
    expect(a.salt).not.toBe(b.salt);
    const expires = Number(/expires=(\d+)/.exec(String(a.salt))![1]) * 1000;
    expect(expires - Date.now()).toBeGreaterThan(PROOF_LIFETIME_MS - 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(PROOF_LIFETIME_MS);
  });

  it('refuses a submission without a proof, with a wrong number, or with a forged signature, storing nothing', async () => {
    const client = randomAddress();
    const challenge = await newChallenge();
    const right = solve(challenge);
    const forged = { ...challenge, signature: challenge.signature.replace(/^./, (ch) => (ch === '0' ? '1' : '0')) };
    for (const proof of ['', 'not base64 !', btoa('{"algorithm":"SHA-1"}'), proofHeader(challenge, right + 1), proofHeader(forged, right)]) {
      const res = await submitFrom(client, validFeedback(), { 'x-proof': proof });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'proof_invalid', message: '页面校验已过期，请刷新页面后重新提交。您填写的内容已保存在本机' } });
    }
    expect(await rowsFrom(client)).toEqual([]);
  });

  it('accepts a solution once: a second submission with it is refused', async () => {
    const client = randomAddress();
    const proof = await solvedProof();
    expect((await submitFrom(client, validFeedback(), { 'x-proof': proof })).status).toBe(201);
    const again = await submitFrom(client, validFeedback(), { 'x-proof': proof });
    expect(again.status).toBe(403);
    expect(await rowsFrom(client)).toHaveLength(1);
  });

  it('accepts one of many parallel submissions sharing one solution', async () => {
    const client = randomAddress();
    const proof = await solvedProof();
    const results = await Promise.all(Array.from({ length: 8 }, () => submitFrom(client, validFeedback(), { 'x-proof': proof })));
    expect(statuses(results)).toEqual([201, 403, 403, 403, 403, 403, 403, 403]);
    expect(await rowsFrom(client)).toHaveLength(1);
  });

  it('refuses a solution once its challenge has expired, by the clock it is given', async () => {
    const key = await proofKey(env.APP_SECRET!);
    const proof = await solvedProof();
    expect(await acceptProof(db, key, proof, Date.now() + PROOF_LIFETIME_MS + 1000)).toBe(false);
    expect(await acceptProof(db, key, proof, Date.now())).toBe(true);
  });

  it('answers a replay of a stored submission with its receipt, whatever proof comes with it', async () => {
    const client = randomAddress();
    const key = crypto.randomUUID();
    const first = await submitFrom(client, validFeedback(), { 'idempotency-key': key });
    const replay = await submitFrom(client, validFeedback(), { 'idempotency-key': key, 'x-proof': '' });
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(await first.json());
  });
});

describe('honeypot', () => {
  it('answers whoever fills it like anyone else, and files the submission as spam that no count includes', async () => {
    const client = randomAddress();
    const itemId = await itemIdAt(1, 2, 0);
    const countOf = async () => {
      const notice = (await (await call(`/api/notices/${SLUG}`)).json()) as { parts: Array<{ categories: Array<{ items: Array<{ id: number; feedbackCount: number }> }> }> };
      return notice.parts.flatMap((p) => p.categories.flatMap((c) => c.items)).find((i) => i.id === itemId)!.feedbackCount;
    };
    const before = await countOf();
    const res = await submitFrom(client, validFeedback({ itemId, website: 'http://spam.example' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ ref: expect.any(String), queryCode: expect.any(String) });
    expect(await rowsFrom(client)).toEqual([{ ref: expect.any(String), status: 'spam' }]);
    expect(await countOf()).toBe(before);
    // An empty honeypot is what people send.
    expect((await submitFrom(client, validFeedback({ website: '' }))).status).toBe(201);
    expect((await rowsFrom(client)).map((r) => r.status)).toEqual(['spam', 'new']);
  });
});

describe('submissions per client', () => {
  it(`accepts ${SUBMISSIONS_PER_HOUR} an hour from one client, then answers 429 with Retry-After; other clients are not affected`, async () => {
    const client = randomAddress();
    for (let i = 0; i < SUBMISSIONS_PER_HOUR; i++) expect((await submitFrom(client)).status).toBe(201);
    const refused = await submitFrom(client);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(((await refused.json()) as ErrorJson).error).toEqual({
      code: 'too_many_requests',
      message: '提交过于频繁，请 1 小时后再提交。您填写的内容已保存在本机，不会丢失',
    });
    expect(await rowsFrom(client)).toHaveLength(SUBMISSIONS_PER_HOUR);
    expect((await submitFrom(randomAddress())).status).toBe(201);
  });

  it('holds under parallel requests: of 30 at once from one client, exactly the limit are stored', { timeout: 30_000 }, async () => {
    const client = randomAddress();
    const proofs = await Promise.all(Array.from({ length: 30 }, () => solvedProof()));
    const results = await Promise.all(proofs.map((proof) => submitFrom(client, validFeedback(), { 'x-proof': proof })));
    const codes = statuses(results);
    expect(count(codes, 201)).toBe(SUBMISSIONS_PER_HOUR);
    expect(count(codes, 429)).toBe(30 - SUBMISSIONS_PER_HOUR);
    expect(await rowsFrom(client)).toHaveLength(SUBMISSIONS_PER_HOUR);
  });

  it('does not count a submission that was refused for another reason', async () => {
    const client = randomAddress();
    for (let i = 0; i < SUBMISSIONS_PER_HOUR + 2; i++) {
      expect((await submitFrom(client, validFeedback({ itemId: 999_999 }))).status).toBe(404);
    }
    expect((await submitFrom(client)).status).toBe(201);
  });

  it('takes an IPv6 client by its /64, and keeps no address in the database', async () => {
    expect(networkOf('2001:db8:1:2:aaaa::1')).toBe(networkOf('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(networkOf('2001:db8:1:2::1')).not.toBe(networkOf('2001:db8:1:3::1'));
    expect(networkOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    for (let i = 0; i < SUBMISSIONS_PER_HOUR; i++) expect((await submitFrom(`2001:db8:77:1::${i + 1}`)).status).toBe(201);
    expect((await submitFrom('2001:db8:77:1:ffff::9')).status).toBe(429);
    expect((await submitFrom('2001:db8:77:2::1')).status).toBe(201);
    const dump = JSON.stringify([
      (await env.DB.prepare('select * from feedback').all()).results,
      (await env.DB.prepare('select * from rate_limits').all()).results,
    ]);
    expect(dump).not.toContain('2001:db8:77');
  });

  it('fingerprints a client as the HMAC of its network under the secret, the same under every door', async () => {
    const secret = env.APP_SECRET!;
    for (const address of ['203.0.113.7', '2001:db8:77:1::5']) {
      expect(await fingerprint(secret, address)).toBe(await hmacHex(secret, `client:${networkOf(address)}`));
    }
    expect(await fingerprint(secret, '203.0.113.7')).not.toBe(await fingerprint(`${secret}-other`, '203.0.113.7'));
  });
});

describe('look-ups per reference and client', () => {
  async function receipt() {
    return (await (await postJson('/api/feedback', validFeedback())).json()) as { ref: string; queryCode: string };
  }

  it('stops a stranger after 10 wrong codes for a reference, but never the owner elsewhere with the right code', async () => {
    const r = await receipt();
    const stranger = randomAddress();
    for (let i = 0; i < 10; i++) expect((await track(r.ref, 'WRONG-CODE', stranger)).status).toBe(404);
    const locked = await track(r.ref, r.queryCode, stranger);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(((await locked.json()) as ErrorJson).error).toEqual({
      code: 'too_many_attempts',
      message: '查询失败次数过多，请 1 小时后再试；请核对编号和查询码',
    });
    expect((await track(r.ref, r.queryCode, randomAddress())).status).toBe(200);
  });

  it('holds under parallel guesses: of 60 at once, only 10 are checked', { timeout: 30_000 }, async () => {
    const r = await receipt();
    const guesser = randomAddress();
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => track(r.ref, `GUESS-${i}`, guesser)));
    const codes = statuses(results);
    expect(count(codes, 404)).toBe(10);
    expect(count(codes, 429)).toBe(50);
  });

  it('costs the owner nothing for looking up with the right code', async () => {
    const r = await receipt();
    const owner = randomAddress();
    for (let i = 0; i < 15; i++) expect((await track(r.ref, r.queryCode, owner)).status).toBe(200);
  });

  it('stops one client after 30 wrong look-ups across references, known or not', { timeout: 30_000 }, async () => {
    const guesser = randomAddress();
    for (let i = 0; i < 30; i++) expect((await track(`DX-2611-${'ABCDEFGHJK'[i % 10]}${'MNPQ'[i % 4]}${i % 10}X`, 'WRONG', guesser)).status).toBe(404);
    expect((await track('DX-2611-ZZZZ', 'WRONG', guesser)).status).toBe(429);
    // Rating goes through the same look-up.
    const r = await receipt();
    expect((await postJson(`/api/feedback/${r.ref}/rating`, { rating: 3 }, { 'x-query-code': r.queryCode, 'cf-connecting-ip': guesser })).status).toBe(429);
  });
});

describe('the SQL limiter', () => {
  const rule = (key: string, limit = 2) => ({ key, limit, windowMs: HOUR_MS });

  it('counts per window, reports how long until the window ends, and takes a hit back', async () => {
    const limiter = sqlLimiter(db);
    const t = 1_000_000_000_000;
    const r = [rule(`unit:${crypto.randomUUID()}`)];
    expect(await limiter.take(r, t)).toEqual({ ok: true });
    expect(await limiter.take(r, t + 1000)).toEqual({ ok: true });
    expect(await limiter.take(r, t + 2000)).toEqual({ ok: false, retryAfterMs: HOUR_MS - 2000 });
    await limiter.giveBack(r, t + 3000);
    await limiter.giveBack(r, t + 3000);
    expect(await limiter.take(r, t + 4000)).toEqual({ ok: true });
    // A new window starts the count again.
    expect(await limiter.take(r, t + HOUR_MS)).toEqual({ ok: true });
  });

  it('refuses when any rule is full, and reports the longest wait', async () => {
    const limiter = sqlLimiter(db);
    const t = 1_000_000_000_000;
    const short = { key: `unit:${crypto.randomUUID()}`, limit: 1, windowMs: 60_000 };
    const long = rule(`unit:${crypto.randomUUID()}`, 1);
    expect(await limiter.take([short, long], t)).toEqual({ ok: true });
    expect(await limiter.take([short, long], t + 1000)).toEqual({ ok: false, retryAfterMs: HOUR_MS - 1000 });
  });
});
