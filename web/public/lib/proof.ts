/**
 * Proof of work for a submission, in the ALTCHA v1 format that `altcha-lib/v1` checks on the
 * server: find n in 0..maxnumber with hex(SHA-256(salt + n)) = challenge, and send n back with
 * the signed challenge in the X-Proof header. No widget and no third party: this is the whole
 * client, and it needs only WebCrypto.
 *
 * `crypto.subtle.digest` is asynchronous, and awaiting it costs more than hashing a few bytes,
 * so candidates are hashed in batches: one await per batch, not per number. Yet Chromium runs a
 * chain of digests to the end inside one task, which froze the form for the whole solve (0.5–2.5 s
 * on a 4× slower CPU); so after each batch the solver yields to the page with a message (which,
 * unlike setTimeout, is not clamped to 4 ms). A batch of 100 is a task of about 10 ms there:
 * typing stays responsive, and the yields cost no measurable speed.
 *
 * One proof is solved ahead, while the person types (prepare), kept in localStorage for one
 * send (take), and given back if that send never left the phone (putBack). The server keeps a
 * challenge 30 minutes; a proof older than 25 is not risked, and a refused one is replaced by
 * the outbox (lib/outbox.ts).
 */
import type { Challenge } from 'altcha-lib/v1/types';
import { request, type Outcome } from './api';
import { load, save } from './storage';

function getChallenge() {
  return request<Challenge>('/api/feedback/challenge', { cache: 'no-store' });
}

const BATCH = 100;
const FRESH_MS = 25 * 60_000;
const SPARE = 'rw.proof';

/** The X-Proof header's value, and when its challenge was fetched (ms, this phone's clock). */
export interface Proof {
  header: string;
  at: number;
}

/** Lets the page handle input and paint before the next batch. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** The number hidden in a challenge, or null when nothing in 0..maxnumber matches. */
export async function solve({ algorithm, challenge, salt, maxnumber = 1e6 }: Challenge): Promise<number | null> {
  const target = (challenge.match(/../g) ?? []).map((h) => parseInt(h, 16));
  const encoder = new TextEncoder();
  for (let start = 0; start <= maxnumber; start += BATCH) {
    const batch: Array<Promise<ArrayBuffer>> = [];
    for (let n = start; n < start + BATCH && n <= maxnumber; n++) batch.push(crypto.subtle.digest(algorithm, encoder.encode(salt + n)));
    const found = (await Promise.all(batch)).findIndex((d) => new Uint8Array(d).every((b, i) => b === target[i]));
    if (found >= 0) return start + found;
    await yieldToPage();
  }
  return null;
}

export function proofHeader({ algorithm, challenge, salt, signature }: Challenge, number: number): string {
  return btoa(JSON.stringify({ algorithm, challenge, number, salt, signature }));
}

/** Fetches a challenge and solves it; never throws (no WebCrypto outside a secure context is a passing fault too). */
async function solveNew(): Promise<Outcome<Proof>> {
  const at = Date.now();
  const got = await getChallenge();
  if (!got.ok) return got;
  try {
    const number = await solve(got.value);
    if (number !== null) return { ok: true, value: { header: proofHeader(got.value, number), at } };
  } catch {
    // falls through
  }
  return { ok: false, retry: true };
}

const fresh = (p: Proof | null): p is Proof => !!p && Date.now() - p.at < FRESH_MS && Date.now() >= p.at;

/** A solve under way that no send has claimed yet. */
let coming: Promise<Outcome<Proof>> | null = null;

/** Solves one proof ahead, unless a fresh one is kept or on its way. */
export function prepare(): void {
  if (coming || fresh(load<Proof | null>(SPARE, null))) return;
  const mine = (coming = solveNew());
  void mine.then((r) => {
    if (coming !== mine) return;
    coming = null;
    if (r.ok) save(SPARE, r.value);
  });
}

/** A proof for one send: the one solved ahead if it is still fresh, or a new one. */
export function take(): Promise<Outcome<Proof>> {
  const spare = load<Proof | null>(SPARE, null);
  save(SPARE, null);
  if (fresh(spare)) return Promise.resolve({ ok: true, value: spare });
  const next = coming ?? solveNew();
  coming = null;
  return next;
}

/** Keeps a proof whose send never reached the server for the next try. */
export function putBack(p: Proof): void {
  if (fresh(p)) save(SPARE, p);
}
