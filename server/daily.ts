/**
 * The daily job on the Node host: croner runs the same function as the Worker's scheduled()
 * (worker/daily.ts) at 03:00 Asia/Shanghai, whatever time zone the server keeps. wrangler.toml's
 * cron trigger, `0 19 * * *` in UTC, is the same moment (China keeps no summer time).
 */
import { Cron } from 'croner';
import { OUTBOX_JOB, runDailyJob, runOutboxJob } from '../worker/daily';
import type { Db } from '../worker/db/client';
import { failureText } from '../worker/lib/failure';
import type { Config } from '../worker/env';
import type { PhotoStore } from '../worker/ports';

export const DAILY_JOB = { pattern: '0 3 * * *', timezone: 'Asia/Shanghai' } as const;

/**
 * Schedules the job. `protect` skips a run while the last one is still going; a failure is
 * reported and the next day's run comes as usual.
 */
export function startDailyJob(db: Db, config: Config, photos: PhotoStore, report: (err: unknown) => void = (err) => console.error('daily job failed:', failureText(err))): Cron {
  return new Cron(DAILY_JOB.pattern, { timezone: DAILY_JOB.timezone, protect: true, catch: report }, () =>
    runDailyJob(db, Date.now(), config, { outbound: (request) => fetch(request), photos }),
  );
}

/** The notification outbox's retries every ten minutes, as the Worker's second cron trigger. */
export function startOutboxJob(db: Db, report: (err: unknown) => void = (err) => console.error('outbox job failed:', failureText(err))): Cron {
  return new Cron(OUTBOX_JOB.cron, { protect: true, catch: report }, () => runOutboxJob(db, Date.now(), { outbound: (request) => fetch(request) }));
}
