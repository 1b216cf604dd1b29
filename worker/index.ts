/**
 * The Worker's entry point: the app over D1 and the ASSETS binding, and the daily cron.
 */
import { createApp } from './app';
import { runDailyJob } from './daily';
import { createDb } from './db/d1';
import type { Env } from './env';

export type { AppType } from './app';

export const app = createApp({
  database: (c) => createDb((c.env as Env).DB),
  assets: (c) => (c.env as Env).ASSETS,
  // Cloudflare's edge sets CF-Connecting-IP; a client cannot forge it past the edge.
  clientAddress: (c) => c.req.header('cf-connecting-ip'),
});

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runDailyJob(createDb(env.DB), controller.scheduledTime, env, { outbound: (request) => fetch(request) }));
  },
} satisfies ExportedHandler<Env>;
