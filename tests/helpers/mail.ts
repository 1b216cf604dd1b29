/**
 * Mail-in test helpers: the MIME fixtures (tests/fixtures/mail/) as bytes, and signed requests
 * to POST /api/inbound/email.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { desc, eq } from 'drizzle-orm';
import { workerFetch } from './worker';
import { createDb } from '../../worker/db/d1';
import { feedback, feedbackAttachments, feedbackEvents, inboundMail } from '../../worker/db/schema';
import { signMail } from '../../worker/mail/signature';
import gbkBase64 from '../fixtures/mail/gbk-base64.eml?raw';
import gb18030Qp from '../fixtures/mail/gb18030-qp.eml?raw';
import gb2312Html from '../fixtures/mail/gb2312-html.eml?raw';
import raw8bitSubject from '../fixtures/mail/raw-8bit-subject.eml.b64?raw';
import autoReply from '../fixtures/mail/auto-reply.eml?raw';
import bulk from '../fixtures/mail/bulk.eml?raw';
import noText from '../fixtures/mail/no-text.eml?raw';
import oversizedHead from '../fixtures/mail/oversized-head.eml?raw';
import unknownAddress from '../fixtures/mail/unknown-address.eml?raw';

export const NOTICE_ADDRESS = 'lh_dxb@szlh.gov.cn';
export const INBOUND_SECRET = 'test-inbound-mail-secret';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Each fixture's bytes: the ASCII and UTF-8 ones as read; the raw 8-bit one from its base64. */
export const fixtures = {
  gbkBase64: () => utf8(gbkBase64),
  gb18030Qp: () => utf8(gb18030Qp),
  gb2312Html: () => utf8(gb2312Html),
  raw8bitSubject: () => Uint8Array.from(atob(raw8bitSubject.replace(/\s+/g, '')), (c) => c.charCodeAt(0)),
  autoReply: () => utf8(autoReply),
  bulk: () => utf8(bulk),
  noText: () => utf8(noText),
  unknownAddress: () => utf8(unknownAddress),
  /** A mail with an attachment of `bytes` (base64 in the message). */
  withAttachment: (bytes: number) => {
    const line = 'A'.repeat(76) + '\r\n';
    const lines = Math.ceil((bytes * 4) / 3 / 76);
    // A Message-ID of its own here: fresh() would copy the 14 MB byte by byte.
    return utf8(oversizedHead.replace('<oversized-0008@', `<${crypto.randomUUID()}@`) + line.repeat(lines) + '--b3--\r\n');
  },
};

/** A fixture with its Message-ID made unique (each test's mail is new unless it means to repeat one). */
export function fresh(raw: Uint8Array): Uint8Array {
  const id = crypto.randomUUID();
  // Byte for byte (each byte one UTF-16 unit), so that 8-bit GBK survives the round trip.
  const text = Array.from(raw, (b) => String.fromCharCode(b)).join('').replace(/Message-ID: <([^>]*)>/i, `Message-ID: <${id}-$1>`);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** The app's env with the door open. */
export const doorEnv = { ...env, INBOUND_MAIL_SECRET: INBOUND_SECRET, PUBLIC_ORIGIN: 'https://zhenggai.example.gov.cn' };

/** POSTs raw MIME to the HTTP door, signed as a gateway signs it unless `sign` says otherwise. */
export async function postMail(
  raw: Uint8Array,
  { secret = INBOUND_SECRET, timestamp = Math.floor(Date.now() / 1000), signature, bindings = doorEnv }: { secret?: string; timestamp?: number | string; signature?: string; bindings?: object } = {},
): Promise<Response> {
  const ts = String(timestamp);
  const sig = signature ?? `sha256=${await signMail(secret, ts, raw)}`;
  return workerFetch(
    new Request('http://localhost/api/inbound/email', { method: 'POST', headers: { 'content-type': 'message/rfc822', 'x-timestamp': ts, 'x-signature': sig }, body: raw as Uint8Array<ArrayBuffer> }),
    bindings as typeof env,
    createExecutionContext(),
  );
}

/** A feedback with its attachments, mail record and timeline. */
export async function storedMailFeedback(ref: string) {
  const db = createDb(env.DB);
  const f = await db.select().from(feedback).where(eq(feedback.ref, ref)).get();
  if (!f) return null;
  const [attachments, mail, events] = await Promise.all([
    db.select().from(feedbackAttachments).where(eq(feedbackAttachments.feedbackId, f.id)),
    db.select().from(inboundMail).where(eq(inboundMail.feedbackId, f.id)).get(),
    db.select().from(feedbackEvents).where(eq(feedbackEvents.feedbackId, f.id)),
  ]);
  return { f, attachments, mail, events };
}

/** The newest inbound_mail rows. */
export async function latestMailRows(n = 1) {
  return createDb(env.DB).select().from(inboundMail).orderBy(desc(inboundMail.id)).limit(n);
}

export async function feedbackCount(): Promise<number> {
  return (await createDb(env.DB).select({ id: feedback.id }).from(feedback)).length;
}
