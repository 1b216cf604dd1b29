/**
 * The worker's entry point: HTTP requests, and the daily housekeeping cron.
 */
import { app } from './app';
import { createDb } from './db/client';
import type { Env } from './env';
import { purgeExpiredContacts, retentionDays } from './feedback/retention';

export type { AppType } from './app';

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(purgeExpiredContacts(createDb(env.DB), controller.scheduledTime, retentionDays(env.CONTACT_RETENTION_DAYS)));
  },
} satisfies ExportedHandler<Env>;
