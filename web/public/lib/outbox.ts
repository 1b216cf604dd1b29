/**
 * Never lose a submission: it is written to the outbox, with its Idempotency-Key,
 * before it is sent, and leaves the outbox only when the server has stored it or
 * has refused it. Retries reuse the key, so however often a submission is sent,
 * the server stores it once.
 */
import type { Receipt } from '../../../worker/feedback/submit';
import { postFeedback, type FeedbackBody } from './api';
import { load, save } from './storage';

export interface Pending {
  key: string;
  body: FeedbackBody;
  at: number;
}

export interface SavedReceipt extends Receipt {
  noticeSlug: string;
  at: number;
}

const OUTBOX = 'rw.outbox';
const RECEIPTS = 'rw.receipts';

export function pending(): Pending[] {
  return load<Pending[]>(OUTBOX, []);
}

export function receipts(): SavedReceipt[] {
  return load<SavedReceipt[]>(RECEIPTS, []);
}

export function forgetReceipt(ref: string): void {
  save(RECEIPTS, receipts().filter((r) => r.ref !== ref));
}

function drop(key: string): void {
  save(OUTBOX, pending().filter((p) => p.key !== key));
}

function keep(receipt: SavedReceipt): void {
  save(RECEIPTS, [receipt, ...receipts().filter((r) => r.ref !== receipt.ref)].slice(0, 20));
}

export function newKey(): string {
  return crypto.randomUUID ? crypto.randomUUID() : fallbackUuid();
}

function fallbackUuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type SendResult = Awaited<ReturnType<typeof postFeedback>>;
type Listener = (p: Pending, r: SendResult) => void;
const listeners = new Set<Listener>();

/** Hears of every submission that got through, was refused, or is still waiting. */
export function subscribe(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Queues and sends one submission; on a refusal it leaves the queue, on no answer it stays. */
export async function send(p: Pending): Promise<SendResult> {
  if (!pending().some((q) => q.key === p.key)) save(OUTBOX, [...pending(), p]);
  const result = await postFeedback(p.body, p.key);
  if (result.ok) {
    keep({ ...result.value, noticeSlug: p.body.noticeSlug, at: Date.now() });
    drop(p.key);
  } else if (!result.retry) {
    drop(p.key);
  }
  for (const fn of listeners) fn(p, result);
  return result;
}

let flushing = false;

/** Sends everything still queued, oldest first. */
export async function flush(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    for (const p of pending()) {
      const r = await send(p);
      if (!r.ok && r.retry) break; // still offline: the rest would fail too
    }
  } finally {
    flushing = false;
  }
}
