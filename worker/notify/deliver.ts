/**
 * Delivering the outbox: each pending notification that is due goes to its target through the
 * platform's Outbound port (never global fetch), and every attempt is recorded. A failure is
 * retried with backoff (BACKOFF_MS), and after MAX_ATTEMPTS the notification is 'dead' — still
 * there for admins to see, never silently dropped. A target's rate limit (targets.ts RATE_LIMITS,
 * the vendors' limits) postpones what would exceed it, without counting an attempt.
 *
 * Who delivers: the request that enqueued something, in the background right after its answer
 * (waitUntil), and the daily job, which also waits out backoff and rate limits for a while
 * (drainOutbox). Both may run at once: an entry is claimed before it is sent (claimEntry).
 */
import type { Db } from '../db/client';
import { attemptTimes, claimEntry, dueEntries, nextDue, postpone, recordAttempt, type DueEntry } from '../db/notify-outbox';
import type { Outbound } from '../ports';
import { deliveryOutcome, deliveryRequest, type NotifyMessage } from './message';
import { RATE_LIMITS, type NotifyTargetKind } from './targets';

const MINUTE = 60_000;
/** The wait after the 1st, 2nd, … failed attempt; the last is repeated. */
export const BACKOFF_MS = [1, 5, 30, 120, 360, 720, 1440].map((m) => m * MINUTE);
/** Failed attempts after which a notification is dead (about two days of retries). */
export const MAX_ATTEMPTS = 8;
/** How long a claimed entry is left to its deliverer before another may try it (a crash mid-send). */
export const CLAIM_MS = 2 * MINUTE;
/** An answer slower than this is a failure. */
export const SEND_TIMEOUT_MS = 10_000;

export function backoffAfter(failedAttempts: number): number {
  return BACKOFF_MS[Math.min(failedAttempts, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0]!;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  dead: number;
  /** Left for later by a rate limit. */
  postponed: number;
}

/**
 * When the target may next be sent to, given the times of its recent attempts (and those made
 * in this run): `now` when every window has room, else when the oldest attempt of a full window
 * leaves it.
 */
export function nextSlot(kind: NotifyTargetKind, recent: readonly number[], now: number): number {
  let slot = now;
  for (const { count, windowMs } of RATE_LIMITS[kind]) {
    const inWindow = recent.filter((at) => at > now - windowMs);
    if (inWindow.length >= count) slot = Math.max(slot, inWindow[inWindow.length - count]! + windowMs);
  }
  return slot;
}

const LONGEST_WINDOW = Math.max(...Object.values(RATE_LIMITS).flatMap((l) => l.map((w) => w.windowMs)));

async function send(outbound: Outbound, e: DueEntry, clock: () => number) {
  const started = clock();
  const message = JSON.parse(e.message) as NotifyMessage;
  try {
    const request = await deliveryRequest(e, message, `notify-${e.id}`, started);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const res = await Promise.race([
      outbound(request),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${SEND_TIMEOUT_MS / 1000} s`)), SEND_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    const outcome = await deliveryOutcome(e.kind, res);
    return { at: started, ok: outcome.ok, status: res.status, error: outcome.error, durationMs: Math.max(0, clock() - started) };
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : '发送失败';
    return { at: started, ok: false, status: null, error: error.slice(0, 500), durationMs: Math.max(0, clock() - started) };
  }
}

/**
 * Delivers what is due now (at most `limit` entries), target by target in order, each target's
 * entries one after another so that its rate limit holds.
 */
export async function deliverDue(db: Db, outbound: Outbound, clock: () => number, limit = 50, onlyId?: number): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, dead: 0, postponed: 0 };
  const due = await dueEntries(db, clock(), limit, onlyId);
  const byTarget = new Map<number, DueEntry[]>();
  for (const e of due) byTarget.set(e.targetId, [...(byTarget.get(e.targetId) ?? []), e]);
  await Promise.all(
    [...byTarget.values()].map(async (entries) => {
      const first = entries[0]!;
      const recent = await attemptTimes(db, first.targetId, clock() - LONGEST_WINDOW);
      for (const e of entries) {
        const now = clock();
        const slot = nextSlot(e.kind, recent, now);
        if (slot > now) {
          await postpone(db, e.id, slot);
          report.postponed++;
          continue;
        }
        if (!(await claimEntry(db, e, now + CLAIM_MS))) continue;
        const attempt = await send(outbound, e, clock);
        recent.push(attempt.at);
        const attempts = e.attempts + 1;
        const state = attempt.ok ? 'sent' : attempts >= MAX_ATTEMPTS ? 'dead' : 'pending';
        await recordAttempt(db, e.id, attempt, { state, attempts, nextAttemptAt: state === 'pending' ? attempt.at + backoffAfter(attempts) : attempt.at });
        if (state === 'sent') report.sent++;
        else if (state === 'dead') report.dead++;
        else report.failed++;
      }
    }),
  );
  return report;
}

/**
 * Delivers until nothing is due before `until`: what a rate limit or a short backoff holds back
 * is waited for (`sleep`), so the daily job's reminders all go out in one run, 20 a minute.
 */
export async function drainOutbox(db: Db, outbound: Outbound, clock: () => number, sleep: (ms: number) => Promise<void>, until: number): Promise<DeliveryReport> {
  const total: DeliveryReport = { sent: 0, failed: 0, dead: 0, postponed: 0 };
  for (;;) {
    const r = await deliverDue(db, outbound, clock);
    for (const k of Object.keys(total) as Array<keyof DeliveryReport>) total[k] += r[k];
    const next = await nextDue(db);
    if (next === null || next > until) return total;
    const wait = next - clock();
    if (wait > 0) await sleep(wait);
  }
}
