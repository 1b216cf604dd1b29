/**
 * The Worker's entry point: the app over D1, the PHOTOS bucket and the ASSETS binding, mail in from Email Routing,
 * and the daily cron.
 */
import { createApp } from './app';
import { handleEmail, workerMailer } from './cloudflare-mail';
import { OUTBOX_JOB, runDailyJob, runOutboxJob } from './daily';
import { createDb, createReadDb } from './db/d1';
import { edgeNoticeCache } from './edge-notice-cache';
import type { Env } from './env';
import { r2PhotoStore } from './r2-photos';

export type { AppType } from './app';

/**
 * One drizzle database per D1 binding, made once per isolate: making one costs some 80 µs of CPU
 * (the schema's tables and casing are walked), more than a notice served from the cache costs in all.
 */
const databases = new WeakMap<D1Database, ReturnType<typeof createDb>>();
function dbOf(d1: D1Database) {
  let db = databases.get(d1);
  if (!db) databases.set(d1, (db = createDb(d1)));
  return db;
}

/** PUBLIC_ORIGIN's origin when it is a URL: the notice cache's keys, the same for requests and for mail in. */
function cacheOrigin(configured: string | undefined): string | undefined {
  const origin = configured?.trim();
  return origin && URL.canParse(origin) ? new URL(origin).origin : undefined;
}

export const app = createApp({
  database: (c) => dbOf((c.env as Env).DB),
  readDatabase: (c) => createReadDb((c.env as Env).DB),
  assets: (c) => (c.env as Env).ASSETS,
  // Cloudflare's edge sets CF-Connecting-IP; a client cannot forge it past the edge.
  clientAddress: (c) => c.req.header('cf-connecting-ip'),
  mailer: (c) => workerMailer(c.env as Env),
  photos: (c) => r2PhotoStore((c.env as Env).PHOTOS),
  // Keyed on the public origin where configured, so that mail in and the cron purge the same keys.
  noticeCache: (c) => {
    const own = new URL(c.req.url).origin;
    const env = c.env as Env;
    return edgeNoticeCache(cacheOrigin(env.PUBLIC_ORIGIN) ?? own, [own], env.CF_VERSION_METADATA?.id);
  },
});

export default {
  fetch: app.fetch,
  async email(message, env, _ctx) {
    await handleEmail(message, env, Date.now());
  },
  scheduled(controller, env, ctx) {
    const ports = { outbound: (request: Request) => fetch(request), photos: r2PhotoStore(env.PHOTOS) };
    // Two triggers (wrangler.toml): the outbox's every ten minutes, the daily job's at 03:00 Asia/Shanghai.
    const job = controller.cron === OUTBOX_JOB.cron ? runOutboxJob(createDb(env.DB), controller.scheduledTime, ports) : runDailyJob(createDb(env.DB), controller.scheduledTime, env, ports);
    ctx.waitUntil(job);
  },
} satisfies ExportedHandler<Env>;
