/**
 * The daily job, at 03:00 Asia/Shanghai on either platform (the Worker's cron trigger,
 * croner on the Node host): erases expired contact details and stale counters and sessions,
 * brings the legal last days up to date with the holiday calendar, and sends the day's
 * notifications (reminders, overdue digests, the outbox's retries).
 */
import type { Db } from './db/client';
import { purgeStaleState } from './db/housekeeping';
import type { Config } from './env';
import type { Outbound } from './ports';
import { refreshLegalDays } from './calendar/deadlines';
import { shanghaiDate } from './feedback/deadlines';
import { purgeExpiredContacts, retentionDays } from './feedback/retention';
import { dailyNotifications } from './notify/daily';

/** What the daily job may send out through (reminders and the outbox, issue 13). */
export interface DailyPorts {
  outbound: Outbound;
  /** The time now (notifications' attempts); by default the clock runs on from `now` at real speed. */
  clock?: () => number;
  /** Waits (backoff and rate limits while the outbox drains); setTimeout by default. */
  sleep?: (ms: number) => Promise<void>;
}

export async function runDailyJob(db: Db, now: number, config: Config, ports: DailyPorts): Promise<void> {
  const started = Date.now();
  const clock = ports.clock ?? (() => now + (Date.now() - started));
  const sleep = ports.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  await Promise.all([
    purgeExpiredContacts(db, now, retentionDays(config.CONTACT_RETENTION_DAYS)),
    purgeStaleState(db, now),
    // The legal last days, after a deploy that ships a year the calendar lacked (calendar/deadlines.ts).
    refreshLegalDays(db, shanghaiDate(now)),
    // Reminders, the overdue digests and the outbox's retries (notify/daily.ts).
    dailyNotifications(db, now, config, { outbound: ports.outbound, clock, sleep }),
  ]);
}
