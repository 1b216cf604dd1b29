/**
 * Test helpers: the sample notice in this file's D1, and requests through the worker's own fetch.
 */
import { env } from 'cloudflare:test';
import { createHash } from 'node:crypto';
import { maxNumberOf, newChallenge as makeChallenge, proofKey } from '../../worker/feedback/proof';
import { appSecret } from '../../worker/http/client';
import type { Challenge } from 'altcha-lib/v1/types';
import { workerFetch } from './worker';
import sampleText from '../../seed/dongxiao-notice.txt?raw';
import { dongxiaoMeta } from '../../seed/dongxiao';
import { createDb } from '../../worker/db/d1';
import { seedNotice } from '../../worker/db/seed';

export const SLUG = dongxiaoMeta.slug;

export async function seedSample() {
  const db = createDb(env.DB);
  await seedNotice(db, dongxiaoMeta, sampleText);
  return db;
}

/**
 * A request to the worker, through its own fetch handler, as the runtime calls it.
 * Not through the pool's `exports`/SELF: in @cloudflare/vitest-pool-workers 0.15.1
 * each call through it wraps the entry point once more, so every call is slower than
 * the one before (cloudflare/workers-sdk#15092); this stays flat.
 */
export async function call(path: string, init?: RequestInit): Promise<Response> {
  return workerFetch(new Request(`http://localhost${path}`, init));
}

/**
 * POSTs JSON. A public submission (POST /api/feedback) comes, unless `headers`
 * say otherwise, from a client of its own (a random CF-Connecting-IP, so that the
 * per-client limits do not join unrelated tests) with a freshly solved proof of work.
 */
export async function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const submission = path === '/api/feedback';
  return call(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
      ...(submission ? { 'cf-connecting-ip': randomAddress(), 'x-proof': await solvedProof() } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A random IPv4 address from 10.0.0.0/8: a client of its own. */
export function randomAddress(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** Finds the number a challenge hides, by trying (synchronous SHA-256: fast, and independent of the web page's solver). */
export function solve(challenge: Challenge): number {
  for (let n = 0; n <= (challenge.maxnumber ?? 0); n++) {
    if (createHash('sha256').update(challenge.salt + n).digest('hex') === challenge.challenge) return n;
  }
  throw new Error('challenge not solvable');
}

/** The X-Proof header value that answers `challenge` with `number`. */
export function proofHeader(challenge: Challenge, number = solve(challenge)): string {
  const { algorithm, challenge: hash, salt, signature } = challenge;
  return btoa(JSON.stringify({ algorithm, challenge: hash, number, salt, signature }));
}

export async function newChallenge(): Promise<Challenge> {
  return (await (await call('/api/feedback/challenge')).json()) as Challenge;
}

/**
 * A solved proof: the X-Proof header value. The challenge is made here with the
 * worker's own key rather than fetched: each request through the pool's worker
 * makes the later ones of a test file slower, and GET /api/feedback/challenge has
 * tests of its own (tests/api/limits.test.ts).
 */
export async function solvedProof(): Promise<string> {
  const challenge = await makeChallenge(await proofKey(appSecret(env)), maxNumberOf(env.PROOF_OF_WORK_MAX_NUMBER), Date.now());
  return proofHeader(challenge);
}

export interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** The id of an item of the sample notice, by its place: part, category and item, from 0. */
export async function itemIdAt(partIndex: number, categoryIndex: number, itemIndex: number): Promise<number> {
  const res = await call(`/api/notices/${SLUG}`);
  const notice = (await res.json()) as { parts: Array<{ categories: Array<{ items: Array<{ id: number }> }> }> };
  return notice.parts[partIndex]!.categories[categoryIndex]!.items[itemIndex]!.id;
}

export function validFeedback(overrides: Record<string, unknown> = {}) {
  return {
    noticeSlug: SLUG,
    itemId: null,
    kind: 'opinion',
    content: '社区宣传栏的内容仍然没有更新。',
    anonymous: true,
    consent: false,
    ...overrides,
  };
}
