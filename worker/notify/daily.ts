/**
 * The daily job's part in notifications: the day's reminders (due within three days, and the
 * overdue digests) written to the outbox, then the outbox delivered — retries due included —
 * waiting out backoff and rate limits for up to DRAIN_MS. Safe to run twice: each reminder's
 * eventKey makes a repeat a no-op, and what was sent is not sent again.
 */
import type { Db } from '../db/client';
import type { Config } from '../env';
import { overdueRule } from '../feedback/deadlines';
import type { Outbound } from '../ports';
import { drainOutbox, type DeliveryReport } from './deliver';
import { reminderNotifications, writeNotifications } from './enqueue';
import { configuredOrigin } from '../http/origin';

/** How long the daily job goes on delivering (a Cron Trigger may run for 15 minutes). */
export const DRAIN_MS = 10 * 60_000;

export interface NotifyPorts {
  outbound: Outbound;
  /** The time now; the daily job's clock runs on from its scheduled time. */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
}

export async function dailyNotifications(db: Db, now: number, config: Pick<Config, 'PUBLIC_ORIGIN' | 'OVERDUE_RULE'>, ports: NotifyPorts): Promise<DeliveryReport> {
  await writeNotifications(db, await reminderNotifications(db, now, configuredOrigin(config.PUBLIC_ORIGIN), overdueRule(config)), now);
  return drainOutbox(db, ports.outbound, ports.clock, ports.sleep, now + DRAIN_MS);
}
