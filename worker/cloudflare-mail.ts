/**
 * Mail in on Cloudflare: the email() handler that Email Routing calls for each mail to the
 * Worker's addresses (the Mailer that answers is in cloudflare-platform.ts). Only worker/index.ts
 * imports this; routes and domain modules see the Mailer port and mail/receive.ts.
 */
import { appSecret } from './http/client';
import { deadlineConfig } from './feedback/deadlines';
import { edgeNoticeCache } from './edge-notice-cache';
import { purgeEveryNotice } from './http/notice-cache';
import type { Env } from './env';
import { rejectText } from './mail/messages';
import { readUpTo } from './lib/bytes';
import { MAX_RAW_BYTES, receiveMail } from './mail/receive';
import { dbOf, workerMailer } from './cloudflare-platform';
import { configuredOrigin } from './http/origin';
import { missingSecrets } from './settings';

/**
 * Email Routing's door. The envelope (MAIL FROM, RCPT TO) is Cloudflare's and trusted; the
 * raw stream is read up to MAX_RAW_BYTES (Email Routing takes mail up to 25 MiB). Mail a person
 * may have sent and that is refused is rejected at SMTP time with a reason in Chinese (the
 * sender's own server tells them); automatic mail, duplicates and the like are dropped
 * quietly, so that nothing answers a robot. A database failure throws: Email Routing then
 * answers with a temporary failure and the sending server tries again.
 *
 * So does a deployment without its secrets (APP_SECRET): the sender's fingerprint would be keyed
 * by the development value in this repository, and an address found again from it (as requests
 * are refused, http/configured.ts). The mail is not read; its server keeps it and retries (for
 * days, as mail servers do), so that it comes in once the secret is set, rather than being lost.
 */
export async function handleEmail(message: ForwardableEmailMessage, env: Env, now: number): Promise<void> {
  const missing = missingSecrets(env);
  if (missing.length > 0) {
    throw new Error(`mail in refused for now (the sending server will retry): ${missing.join(', ')} not set; set it with \`wrangler secret put\``);
  }
  const raw = message.rawSize > MAX_RAW_BYTES ? null : await readUpTo(message.raw, MAX_RAW_BYTES);
  const origin = configuredOrigin(env.PUBLIC_ORIGIN);
  const db = dbOf(env.DB);
  const result = await receiveMail(
    db,
    { door: 'email_routing', raw, size: message.rawSize, envelope: { from: message.from, to: message.to } },
    now,
    {
      deadlines: deadlineConfig(env),
      origin,
      mailer: workerMailer(env),
      mailFrom: env.MAIL_FROM?.trim() || undefined,
      secret: appSecret(env),
    },
  );
  // The public notice's counts moved: purge its cached copies, which are keyed on PUBLIC_ORIGIN
  // (cloudflare-platform.ts); without it the keys are the requests' own origins, and the copies expire (the TTL).
  if (result.outcome === 'accepted' && origin) {
    await purgeEveryNotice(db, edgeNoticeCache(origin, [], env.CF_VERSION_METADATA?.id));
  }
  if (result.outcome === 'refused') {
    const reason = rejectText[result.reason];
    if (reason) message.setReject(reason);
  }
}
