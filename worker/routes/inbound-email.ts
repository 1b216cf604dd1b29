/**
 * POST /api/inbound/email: raw MIME from a mail gateway, for hosts without Cloudflare Email
 * Routing (the Node host in particular). Off unless INBOUND_MAIL_SECRET is set; each request
 * signed (mail/signature.ts). What the gateway signs is all that is trusted: the sender is the
 * From header of the signed message (the gateway is expected to have checked SPF and DMARC),
 * the recipient its Delivered-To, X-Original-To, To or Cc. The same path as the Worker's
 * email() handler (mail/receive.ts).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { deadlineConfig } from '../feedback/deadlines';
import { appSecret } from '../http/client';
import { ApiError, methodNotAllowed } from '../http/errors';
import { purgeEveryNotice } from '../http/notice-cache';
import { publicOrigin } from '../http/origin';
import { inboundMessages, refusalReasons } from '../mail/messages';
import { readUpTo } from '../lib/bytes';
import { MAX_RAW_BYTES, receiveMail } from '../mail/receive';
import { checkSignature } from '../mail/signature';

export const inboundRoute = new Hono<AppEnv>()
  .post('/email', async (c) => {
    const secret = c.env.INBOUND_MAIL_SECRET?.trim();
    if (!secret) throw new ApiError(503, 'inbound_mail_off', inboundMessages.off);
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > MAX_RAW_BYTES) throw new ApiError(413, 'too_large', inboundMessages.tooLarge);
    const raw = await readUpTo(c.req.raw.body, MAX_RAW_BYTES);
    if (!raw) throw new ApiError(413, 'too_large', inboundMessages.tooLarge);
    const now = c.var.clock();
    const verdict = await checkSignature(secret, c.req.header('x-timestamp'), c.req.header('x-signature'), raw, now);
    if (verdict === 'stale') throw new ApiError(401, 'stale_timestamp', inboundMessages.staleTimestamp);
    if (verdict === 'bad') throw new ApiError(401, 'bad_signature', inboundMessages.badSignature);
    if (raw.length === 0) throw new ApiError(400, 'empty', inboundMessages.empty);

    const result = await receiveMail(c.var.db, { door: 'http', raw, size: raw.length }, now, {
      deadlines: deadlineConfig(c.env),
      origin: publicOrigin(c),
      mailer: c.var.mailer,
      mailFrom: c.env.MAIL_FROM?.trim() || undefined,
      secret: appSecret(c.env),
    });
    if (result.outcome === 'accepted') {
      // The feedback counts on the public notice moved (the mail may name an item, or none).
      await purgeEveryNotice(c.var.db, c.var.noticeCache);
      return c.json({ outcome: 'accepted' as const, ref: result.ref, itemId: result.itemId, answer: result.answer }, 201);
    }
    // A gateway's retry of a mail already taken: nothing new, and nothing to retry.
    if (result.reason === 'duplicate') return c.json({ outcome: 'duplicate' as const, ref: result.ref ?? null }, 200);
    throw new ApiError(422, result.reason, refusalReasons[result.reason]);
  })
  .all('/email', methodNotAllowed);
