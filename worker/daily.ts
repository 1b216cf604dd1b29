/**
 * The daily job, at 03:00 Asia/Shanghai on either platform (the Worker's cron trigger,
 * croner on the Node host): erases expired contact details and stale counters and sessions.
 */
import type { Db } from './db/client';
import { purgeStaleState } from './db/housekeeping';
import type { Config } from './env';
import type { Outbound } from './ports';
import { purgeExpiredContacts, retentionDays } from './feedback/retention';

/** What the daily job may send out through (reminders and the outbox, issue 13). */
export interface DailyPorts {
  outbound: Outbound;
}

export async function runDailyJob(db: Db, now: number, config: Config, _ports: DailyPorts): Promise<void> {
  await Promise.all([purgeExpiredContacts(db, now, retentionDays(config.CONTACT_RETENTION_DAYS)), purgeStaleState(db, now)]);
}
