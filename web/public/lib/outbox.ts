/**
 * Never lose a submission: it is written to the outbox, with its Idempotency-Key,
 * before it is sent, and leaves the outbox only when the server has stored it or
 * has refused it for something the person must change. Retries reuse the key, so
 * however often a submission is sent, the server stores it once.
 *
 * Each send carries a proof of work (lib/proof.ts), solved afresh unless one solved
 * ahead is still young. A proof the server refuses (stale after a long wait offline,
 * or already used) is replaced and the send repeated once; a second refusal, or a
 * 429 (too many from this address), is not the person's to fix either: the
 * submission stays, and a 429 holds it until the Retry-After has passed.
 *
 * A receipt that arrives after the person pressed 提交 and got "saved" instead (offline,
 * or held by a 429) is kept unread: every page shows it in full (components/outbox-status.tsx)
 * until they press 我已记下, unless the form that queued it is still open and shows it itself.
 */
import type { Receipt } from '../../../worker/feedback/submit';
import type { SentFeedback } from '../page-data';
import { postFeedback, type FeedbackBody, type Outcome } from './api';
import { load, save } from './storage';

export interface Pending {
  key: string;
  body: FeedbackBody;
  at: number;
  /** Not to be sent before this time (ms): the server asked to wait (429 with Retry-After). */
  notBefore?: number;
  /** What the receipt repeats that the body does not say. */
  about?: { noticeTitle: string; item: string };
  /** How many photos go with it: kept in IndexedDB under its key (lib/photo-outbox.ts), as localStorage is too small. */
  photos?: number;
}

export interface SavedReceipt extends Receipt {
  noticeSlug: string;
  at: number;
  /** The item's heading (二（三）2 标题, or 整份通报), so that this phone's list tells its feedback apart; absent in one kept before. */
  about?: string;
  key?: string;
  /** Not yet seen by the person: the whole receipt, with what was sent, until 我已记下. */
  unread?: SentFeedback;
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

/** The form that queued these keys is open and shows their receipts itself. */
const claimed = new Set<string>();

export function claim(key: string): void {
  claimed.add(key);
}

/** Receipts the person has not seen yet, and no open form shows. */
export function unreadReceipts(): SentFeedback[] {
  return receipts().flatMap((r) => (r.unread && !claimed.has(r.key ?? '') ? [r.unread] : []));
}

/** 我已记下: the receipt stays in the list of this phone's feedback, without the text sent. */
export function markRead(ref: string): void {
  save(RECEIPTS, receipts().map((r) => (r.ref === ref ? { ...r, unread: undefined } : r)));
}

/** Keeps a receipt the person has seen (the form sent without scripts) in this phone's list. */
export function remember(receipt: Receipt, noticeSlug: string, about: string): void {
  if (!receipts().some((r) => r.ref === receipt.ref)) keep({ ...receipt, noticeSlug, at: Date.now(), about });
}

/** A receipt and what was sent, from a submission. */
export function sentOf(p: Pending, receipt: Receipt): SentFeedback {
  const { noticeSlug: slug, kind, content } = p.body;
  return { receipt, notice: { slug, title: p.about?.noticeTitle ?? '' }, item: p.about?.item ?? '', itemId: p.body.itemId, kind, content, photos: p.photos };
}

function drop(p: Pending): void {
  save(OUTBOX, pending().filter((q) => q.key !== p.key));
  if (p.photos) void import('./photo-outbox').then((m) => m.forgetPhotos(p.key), () => undefined);
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

/** What came of a send: `retry` with `until` is a submission held back by a 429 until then (ms). */
export type SendResult = Outcome<Receipt> | { ok: false; retry: true; until: number };
type Listener = (p: Pending, r: SendResult) => void;
const listeners = new Set<Listener>();

/** Hears of every submission that got through, was refused, or is still waiting. */
export function subscribe(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** One try: a proof, then the submission with it. */
async function attempt(p: Pending): Promise<Outcome<Receipt>> {
  let proof: typeof import('./proof');
  try {
    // The solver loads only once something is sent (the form has usually loaded it, to solve ahead).
    proof = await import('./proof');
  } catch {
    return { ok: false, retry: true };
  }
  const got = await proof.take();
  if (!got.ok) return got.retry || got.status === 429 ? got : { ok: false, retry: true, status: got.status };
  // With photos, the photo code sends it as multipart (a rejected import: offline before it ever loaded, so try again later).
  const result = await (p.photos ? import('./photo-outbox').then((m) => m.postWithPhotos(p, got.value.header), (): Outcome<Receipt> => ({ ok: false, retry: true })) : postFeedback(p.body, p.key, got.value.header));
  if (!result.ok && result.retry && result.status === undefined) proof.putBack(got.value);
  return result;
}

const proofRefused = (r: Outcome<Receipt>) => !r.ok && !r.retry && r.status === 403 && r.error.code === 'proof_invalid';

/** The keys being sent right now, so that a flush does not send one a second time alongside. */
const sending = new Set<string>();

/**
 * Queues and sends one submission; on a refusal the person must act on it leaves the queue, otherwise it stays.
 * `seen`: the person is waiting for this answer (they just pressed 提交), so its receipt is not kept unread.
 */
export async function send(p: Pending, seen = false): Promise<SendResult> {
  if (!pending().some((q) => q.key === p.key)) save(OUTBOX, [...pending(), p]);
  sending.add(p.key);
  let result: SendResult;
  try {
    result = await attempt(p);
    if (proofRefused(result)) result = await attempt(p);
  } finally {
    sending.delete(p.key);
  }
  if (proofRefused(result)) result = { ok: false, retry: true, status: 403 };
  else if (!result.ok && !result.retry && result.status === 429) {
    result = { ok: false, retry: true, until: Date.now() + (result.retryAfter ?? 60) * 1000 };
  }
  if (result.ok) {
    keep({ ...result.value, noticeSlug: p.body.noticeSlug, at: Date.now(), key: p.key, about: p.about?.item, unread: seen ? undefined : sentOf(p, result.value) });
    drop(p);
  } else if (!result.retry) {
    drop(p);
  } else if ('until' in result) {
    const until = result.until;
    save(OUTBOX, pending().map((q) => (q.key === p.key ? { ...q, notBefore: until } : q)));
  }
  for (const fn of listeners) fn(p, result);
  return result;
}

/** When the first submission held back by a 429 may be sent (ms), or null if none is. */
export function heldUntil(): number | null {
  const times = pending().map((p) => p.notBefore ?? 0).filter((t) => t > Date.now());
  return times.length ? Math.min(...times) : null;
}

/** How long a held submission still waits, as a person reads it ("约 3 分钟后"). Here rather than in a component, so the form can use it without splitting the entry chunk. */
export function later(until: number): string {
  const minutes = Math.max(1, Math.ceil((until - Date.now()) / 60_000));
  return minutes < 60 ? `约 ${minutes} 分钟后` : `约 ${Math.ceil(minutes / 60)} 小时后`;
}

let flushing = false;

/** Sends everything still queued, oldest first, but nothing the server asked to hold back. */
export async function flush(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    for (const p of pending()) {
      if (sending.has(p.key) || (p.notBefore ?? 0) > Date.now()) continue;
      const r = await send(p);
      if (!r.ok && r.retry) break; // still offline, or told to wait: the rest would fare the same
    }
  } finally {
    flushing = false;
  }
}
