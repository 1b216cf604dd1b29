/**
 * The Worker's entry point: the app over D1 and the ASSETS binding, mail in from Email Routing,
 * and the daily cron.
 */
import { createApp } from './app';
import { handleEmail, workerMailer } from './cloudflare-mail';
import { runDailyJob } from './daily';
import { createDb } from './db/d1';
import type { Env } from './env';

export type { AppType } from './app';

export const app = createApp({
  database: (c) => createDb((c.env as Env).DB),
  assets: (c) => (c.env as Env).ASSETS,
  // Cloudflare's edge sets CF-Connecting-IP; a client cannot forge it past the edge.
  clientAddress: (c) => c.req.header('cf-connecting-ip'),
  mailer: (c) => workerMailer(c.env as Env),
});

export default {
  fetch: app.fetch,
  async email(message, env, _ctx) {
    await handleEmail(message, env, Date.now());
  },
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runDailyJob(createDb(env.DB), controller.scheduledTime, env, { outbound: (request) => fetch(request) }));
  },
} satisfies ExportedHandler<Env>;
