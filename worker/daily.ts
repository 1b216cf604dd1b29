/**
 * The daily job, at 03:00 Asia/Shanghai on either platform (the Worker's cron trigger,
 * croner on the Node host): erases expired evidence photos and contact details, stale counters and sessions,
 * brings the legal last days up to date with the holiday calendar, and sends the day's
 * notifications (reminders, overdue digests, the outbox's retries).
 */
import type { Db } from './db/client';
import { purgeStaleState } from './db/housekeeping';
import type { Config } from './env';
import type { Outbound, PhotoStore } from './ports';
import { refreshLegalDays } from './calendar/deadlines';
import { shanghaiDate } from './feedback/deadlines';
import { purgeExpiredContacts, purgeExpiredPersonalData, retentionDays } from './feedback/retention';
import { dailyNotifications } from './notify/daily';
import { drainOutbox } from './notify/deliver';

/** What the daily job may send out through (reminders and the outbox, issue 13). */
export interface DailyPorts {
  outbound: Outbound;
  /**
   * Where evidence photos are kept: the retention erasure deletes expired ones. Both platforms
   * pass it; a test of other parts of the job may leave it out, and photos are then not erased.
   */
  photos?: PhotoStore;
  /** The time now (notifications' attempts); by default the clock runs on from `now` at real speed. */
  clock?: () => number;
  /** Waits (backoff and rate limits while the outbox drains); setTimeout by default. */
  sleep?: (ms: number) => Promise<void>;
}

export async function runDailyJob(db: Db, now: number, config: Config, ports: DailyPorts): Promise<void> {
  const started = Date.now();
  const clock = ports.clock ?? (() => now + (Date.now() - started));
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const days = retentionDays(config.CONTACT_RETENTION_DAYS);
  await Promise.all([
    // Photos, then contact details (feedback/retention.ts); without a store (a test of other parts), contact details only.
    ports.photos ? purgeExpiredPersonalData(db, ports.photos, now, days) : purgeExpiredContacts(db, now, days),
    purgeStaleState(db, now),
    // The legal last days, after a deploy that ships a year the calendar lacked (calendar/deadlines.ts).
    refreshLegalDays(db, shanghaiDate(now)),
    // Reminders, the overdue digests and the outbox's retries (notify/daily.ts).
    dailyNotifications(db, now, config, { outbound: ports.outbound, clock, sleep }),
  ]);
}

/**
 * The outbox's own trigger, every ten minutes on either platform: retries come when their
 * backoff ends, not only with the next write or the next day. Delivers what is due and what falls
 * due within the next two minutes, then stops.
 */
export const OUTBOX_JOB = { cron: '*/10 * * * *', drainMs: 2 * 60_000 } as const;

export async function runOutboxJob(db: Db, now: number, ports: DailyPorts): Promise<void> {
  const started = Date.now();
  const clock = ports.clock ?? (() => now + (Date.now() - started));
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  await drainOutbox(db, ports.outbound, clock, sleep, now + OUTBOX_JOB.drainMs);
}
