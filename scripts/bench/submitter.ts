/**
 * A public submission as a bench sends it, following the contract of
 * POST /api/feedback: fetch a challenge (GET /api/feedback/challenge), solve it
 * here with node:crypto (ALTCHA v1: the n in 0..maxnumber whose
 * SHA-256(salt + n) is the challenge), and send the body with a fresh
 * Idempotency-Key and the solution, base64 JSON, in X-Proof.
 *
 * Each step reports its own request to `record`, so that the benches can show
 * the challenge and the submission apart.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { BenchClient, Reply } from './http';

export interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

export interface Receipt {
  ref: string;
  queryCode: string;
}

/** The number that solves `c`, or null if none in 0..maxnumber does (a broken challenge). */
export function solve(c: Challenge): number | null {
  if (c.algorithm !== 'SHA-256') throw new Error(`unexpected algorithm ${c.algorithm}`);
  for (let n = 0; n <= c.maxnumber; n++) {
    if (createHash('sha256').update(c.salt + String(n)).digest('hex') === c.challenge) return n;
  }
  return null;
}

export function proofHeader(c: Challenge, number: number): string {
  const payload = { algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
}

export type Step = 'challenge' | 'submission';
export type Record = (step: Step, reply: Reply | null, ms: number) => void;

/** Sends one request, timing it, and reports it (null: no answer); rethrows a network failure. */
async function timed(step: Step, record: Record, send: () => Promise<Reply>): Promise<Reply> {
  const started = performance.now();
  try {
    const reply = await send();
    record(step, reply, performance.now() - started);
    return reply;
  } catch (err) {
    record(step, null, performance.now() - started);
    throw err;
  }
}

export interface Submission {
  noticeSlug: string;
  itemId: number | null;
  kind: 'opinion' | 'suggestion' | 'report' | 'praise';
  content: string;
}

export interface SubmitResult {
  /** The POST's answer, or the challenge's when that failed. */
  reply: Reply;
  receipt: Receipt | null;
  /** Time spent solving, in ms. */
  solveMs: number;
}

/**
 * One submission: a challenge, its solution, the POST. Rejects on a network
 * failure of either request; a challenge answered with anything but 200 is
 * returned as the result (no POST is sent).
 */
export async function submitOnce(client: BenchClient, s: Submission, record: Record, extraHeaders: { [name: string]: string } = {}): Promise<SubmitResult> {
  const got = await timed('challenge', record, () => client.request('GET', '/api/feedback/challenge', extraHeaders));
  if (got.status !== 200) return { reply: got, receipt: null, solveMs: 0 };
  const challenge = JSON.parse(got.body) as Challenge;
  const t = performance.now();
  const number = solve(challenge);
  const solveMs = performance.now() - t;
  if (number === null) throw new Error(`challenge without a solution in 0..${challenge.maxnumber}`);
  const body = JSON.stringify({ ...s, anonymous: true, consent: false });
  const reply = await timed('submission', record, () =>
    client.request(
      'POST',
      '/api/feedback',
      { ...extraHeaders, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-proof': proofHeader(challenge, number) },
      body,
    ),
  );
  const receipt = reply.status === 201 ? (JSON.parse(reply.body) as Receipt) : null;
  return { reply, receipt, solveMs };
}

/** Opinions of ordinary length, told apart by a counter so that no two bodies are the same. */
export function content(n: number): string {
  return `第${n}条：社区宣传栏的内容仍然没有更新，垃圾桶长期无人清理，希望有关部门尽快处理。`;
}
