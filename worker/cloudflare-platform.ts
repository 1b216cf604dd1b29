/**
 * What Cloudflare gives the app, for both of its Workers (worker/index.ts, the public one; and
 * worker/office.ts, the staff API's): D1, the PHOTOS bucket, the ASSETS binding, the client's
 * address from Cloudflare's edge, the send_email binding, and the notice cache where the Worker
 * serves the public notice.
 */
import type { Context } from 'hono';
import type { Platform } from './platform';
import { createDb, createReadDb } from './db/d1';
import { edgeNoticeCache } from './edge-notice-cache';
import { configuredOrigin } from './http/origin';
import type { AppEnv, Env } from './env';
import type { Mailer } from './ports';
import { r2PhotoStore } from './r2-photos';

/**
 * The Mailer over a send_email binding, with its structured form (from, to, subject, text,
 * headers: developers.cloudflare.com/email-service/api/send-emails/workers-api), so no MIME is
 * built here. The answer threads under the mail it answers (In-Reply-To, References) and is
 * marked as an automatic reply (RFC 3834 Auto-Submitted), so that the sender's own
 * auto-responder does not answer it back.
 */
export function sendEmailMailer(binding: SendEmail): Mailer {
  return {
    async send(mail) {
      const headers: Record<string, string> = { 'Auto-Submitted': 'auto-replied' };
      if (mail.inReplyTo) Object.assign(headers, { 'In-Reply-To': mail.inReplyTo, References: mail.inReplyTo });
      await binding.send({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers,
      });
    },
  };
}

/** The Mailer on the Worker: the SEND_EMAIL binding where configured, else none. */
export function workerMailer(env: Env): Mailer | undefined {
  return env.SEND_EMAIL ? sendEmailMailer(env.SEND_EMAIL) : undefined;
}

/**
 * One drizzle database per D1 binding, made once per isolate: making one costs some 80 µs of CPU
 * (the schema's tables and casing are walked), more than a notice served from the cache costs in all.
 */
const databases = new WeakMap<D1Database, ReturnType<typeof createDb>>();
export function dbOf(d1: D1Database) {
  let db = databases.get(d1);
  if (!db) databases.set(d1, (db = createDb(d1)));
  return db;
}

const envOf = (c: Context<AppEnv>) => c.env as Env;

/**
 * The platform on a Worker. `noticeCache`: whether this Worker keeps the public notice's copies
 * (the public Worker, which serves the notice and purges it after staff writes); the staff API's
 * Worker serves no notice and keeps none.
 */
export function workerPlatform({ noticeCache }: { noticeCache: boolean }): Platform {
  return {
    database: (c) => dbOf(envOf(c).DB),
    readDatabase: (c) => createReadDb(envOf(c).DB),
    assets: (c) => envOf(c).ASSETS,
    // Cloudflare's edge sets CF-Connecting-IP; a client cannot forge it past the edge. The public
    // Worker hands the staff API's requests on as they came, this header with them.
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    mailer: (c) => workerMailer(envOf(c)),
    photos: (c) => r2PhotoStore(envOf(c).PHOTOS),
    // Keyed on the public origin where configured, so that mail in and the cron purge the same keys.
    noticeCache: noticeCache
      ? (c) => {
          const own = new URL(c.req.url).origin;
          const env = envOf(c);
          // Purges close together are gathered into one delete after the response (edge-notice-cache.ts).
          return edgeNoticeCache(configuredOrigin(env.PUBLIC_ORIGIN) ?? own, [own], env.CF_VERSION_METADATA?.id, (work) => c.executionCtx.waitUntil(work));
        }
      : undefined,
  };
}
