/**
 * The worker's entry point: HTTP requests, and the daily cron that erases expired
 * contact details and stale counters and sessions.
 */
import { app } from './app';
import { createDb } from './db/client';
import { purgeStaleState } from './db/housekeeping';
import type { Env } from './env';
import { purgeExpiredContacts, retentionDays } from './feedback/retention';

export type { AppType } from './app';

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const db = createDb(env.DB);
    const now = controller.scheduledTime;
    ctx.waitUntil(Promise.all([purgeExpiredContacts(db, now, retentionDays(env.CONTACT_RETENTION_DAYS)), purgeStaleState(db, now)]));
  },
} satisfies ExportedHandler<Env>;
