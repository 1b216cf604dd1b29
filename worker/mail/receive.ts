/**
 * Mail in: one path for both doors (the Worker's email() handler behind Cloudflare Email
 * Routing, and POST /api/inbound/email from a mail gateway). A mail a person sent to a
 * notice's published e-mail address becomes feedback on that notice (channel `email`), on
 * the item it names if it names one; the sender is answered with the reference, the query
 * code and the tracking link when the platform can send mail. Anything else is refused and
 * recorded in inbound_mail by reason, without the sender's address or the text.
 *
 * Which notice: the recipient (Email Routing's RCPT TO, else, for mail forwarded to the Worker's
 * own address, the headers; on the HTTP door, the Delivered-To, X-Original-To, To and Cc headers
 * the gateway signed) equals a notice's contact e-mail. Of
 * several notices with that address (an office publishes many), the published one whose
 * title the subject names, else the newest published one. No notice with the address:
 * unknown_address; only closed ones: notice_closed (the form refuses those too).
 *
 * Contact details and consent: the sender's address is kept as the feedback's e-mail and
 * erased by the same retention rule as the form's (feedback/retention.ts). consentAt stays
 * null: consent there is a box ticked after reading the privacy statement, and a sender has
 * read none. Writing from an address asks for the answer to go there, and answering a letter
 * is what the office is obliged to do (信访工作条例 第二十三条; PIPL 第十三条第一款第（三）项,
 * processing needed for a statutory duty, needs no consent); the answer itself carries the
 * form's privacy statement (PIPL 第十七条). The display name is not kept (PIPL 第六条).
 *
 * Nothing here throws for what a sender wrote. A database failure does throw: Email Routing
 * then gives the sending server a temporary failure and it tries again, and the gateway gets
 * a 500 and retries; the Message-ID makes the retry no second feedback.
 */
import { CONTENT_MIN, visibleCount } from '../feedback/rules';
import type { DeadlineConfig } from '../feedback/deadlines';
import { storeFeedback } from '../feedback/submit';
import type { Db } from '../db/client';
import { insertEventWhere } from '../db/feedback-events';
import { acceptedByMessageId, acceptedMailStatements, itemsWithLabels, noticesByContactEmail, recordAnswer, recordRefusal, type ContactNotice, type MailDoor } from '../db/inbound-mail';
import { feedback } from '../db/schema';
import { isUniqueViolation } from '../db/unique';
import { sqlLimiter } from '../db/rate-limits';
import { DAY_MS } from '../lib/limiter';
import { hmacHex, sha256Hex, toHex } from '../lib/crypto';
import type { Mailer } from '../ports';
import { eq } from 'drizzle-orm';
import { trackLink } from '../../web/public/lib/track-link';
import { automaticReason, robotSender } from './automatic';
import { matchItem } from './item-match';
import { answerMail, answerNotes, type MailAnswer, type RefusalReason } from './messages';
import { parseMail } from './parse';

/** Read at most this much of a mail: 10 MB of attachments in base64 (×4/3) and the text around them. */
export const MAX_RAW_BYTES = 15 * 1024 * 1024;
/** Attachments of one mail, decoded, at most. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** A mail's text is kept up to this many characters; a longer one is cut, and says so. */
export const MAIL_TEXT_MAX = 20_000;
/** One sender is answered at most this often a day: a flood to our address is no flood from it. */
export const ANSWERS_PER_SENDER_DAY = 5;

export interface IncomingMail {
  door: MailDoor;
  /** The message as sent, or null when it was larger than MAX_RAW_BYTES and not read. */
  raw: Uint8Array | null;
  size: number;
  /** Email Routing's envelope (MAIL FROM, RCPT TO); the HTTP door has none. */
  envelope?: { from: string; to: string };
}

export interface MailContext {
  deadlines: DeadlineConfig;
  /** Where the public reaches the service, for the tracking link; null leaves the link out. */
  origin: string | null;
  mailer: Mailer | undefined;
  /** The address answers come from (MAIL_FROM); without it nothing is sent. */
  mailFrom: string | undefined;
  /** Keys the sender's fingerprint (APP_SECRET): the address is counted and limited only as its HMAC. */
  secret: string;
}

export type MailOutcome =
  | { outcome: 'accepted'; ref: string; feedbackId: number; itemId: number | null; answer: MailAnswer }
  | { outcome: 'refused'; reason: RefusalReason; ref?: string };

export async function receiveMail(db: Db, mail: IncomingMail, now: number, ctx: MailContext): Promise<MailOutcome> {
  const refuse = async (reason: RefusalReason, extra: { noticeId?: number; ref?: string } = {}): Promise<MailOutcome> => {
    await recordRefusal(db, { receivedAt: now, door: mail.door, reason, size: mail.size, noticeId: extra.noticeId });
    return { outcome: 'refused', reason, ...(extra.ref ? { ref: extra.ref } : {}) };
  };
  if (!mail.raw || mail.size > MAX_RAW_BYTES) return refuse('too_large');
  const parsed = await parseMail(mail.raw);
  if (!parsed) return refuse('unreadable');

  // Robots first: an auto-reply is never answered, whatever else is wrong with it.
  const automatic = automaticReason(parsed.headers, mail.envelope ? mail.envelope.from : parsed.returnPath);
  if (automatic) return refuse(automatic as RefusalReason);
  if (!parsed.from) return refuse('no_sender');
  // Mail from a robot's address, or from our own (an answer of ours bounced back), is a loop.
  if (robotSender(parsed.from, ctx.mailFrom ? [ctx.mailFrom] : [])) return refuse('auto_reply');
  if (mail.envelope && !aligned(parsed.from, mail.envelope.from)) return refuse('forged_sender');

  // The envelope's recipient first; a mail forwarded to the Worker's own address still names the
  // notice's address in its headers.
  let notices = mail.envelope ? await noticesByContactEmail(db, [mail.envelope.to.toLowerCase()]) : [];
  if (notices.length === 0) notices = await noticesByContactEmail(db, parsed.recipients);
  if (notices.length === 0) return refuse('unknown_address');
  const notice = chooseNotice(notices, parsed.subject);
  if (!notice) return refuse('notice_closed', { noticeId: notices[0]!.id });

  const messageIdHash = parsed.messageId ? await sha256Hex(`message-id:${parsed.messageId}`) : `raw:${await bytesHash(mail.raw)}`;
  const earlier = await acceptedByMessageId(db, messageIdHash);
  if (earlier) return refuse('duplicate', { noticeId: notice.id, ref: earlier.ref ?? undefined });

  if (parsed.attachments.reduce((n, a) => n + a.size, 0) > MAX_ATTACHMENT_BYTES) return refuse('too_large', { noticeId: notice.id });
  // Control characters are gone already (parse.ts); what shows must be enough for a feedback.
  const body = parsed.text.trim();
  if (visibleCount(body) < CONTENT_MIN) return refuse('no_text', { noticeId: notice.id });

  const itemId = matchItem([parsed.subject, body], await itemsWithLabels(db, notice.id));
  // The sender as the figures count them (db/submitters.ts): one address is one submitter, as one
  // web client is, so a person writing many mails weighs as one and a flood can be cleared in one
  // step; only this HMAC is kept once the address is erased.
  const senderHash = await senderFingerprint(ctx.secret, parsed.from);
  const content = mailContent(parsed.subject, body);
  let stored;
  try {
    stored = await storeFeedback(
      db,
      {
        noticeId: notice.id, refPrefix: notice.refPrefix, channel: 'email', receivedAt: now, itemId, kind: kindOf(parsed.subject),
        content, anonymous: false, name: null, phone: null, email: parsed.from, consent: false, trapped: false, clientHash: senderHash,
      },
      ctx.deadlines,
      async (ref) => acceptedMailStatements(db, ref, { receivedAt: now, door: mail.door, messageIdHash, size: mail.size, noticeId: notice.id, attachments: parsed.attachments }),
    );
  } catch (err) {
    // The same mail delivered twice at once: the second batch rolled back whole.
    if (isUniqueViolation(err, 'inbound_mail.message_id_hash')) {
      const first = await acceptedByMessageId(db, messageIdHash);
      return refuse('duplicate', { noticeId: notice.id, ref: first?.ref ?? undefined });
    }
    throw err;
  }

  const answer = await answerSender(db, stored, parsed, senderHash, notice, now, ctx);
  await Promise.all([
    recordAnswer(db, stored.id, answer),
    db.batch([insertEventWhere(db, eq(feedback.id, stored.id), { at: now, type: 'mail_answer', public: false, text: answerNotes[answer] })]),
  ]);
  return { outcome: 'accepted', ref: stored.ref, feedbackId: stored.id, itemId, answer };
}

async function answerSender(
  db: Db,
  stored: { ref: string; queryCode: string; acknowledgeBy: string },
  parsed: { from: string | null; subject: string; messageId: string | null },
  senderHash: string,
  notice: ContactNotice,
  now: number,
  ctx: MailContext,
): Promise<MailAnswer> {
  if (!ctx.mailer || !ctx.mailFrom) return 'not_configured';
  const key = `mail-answer:${senderHash}`;
  const verdict = await sqlLimiter(db).take([{ key, limit: ANSWERS_PER_SENDER_DAY, windowMs: DAY_MS }], now);
  if (!verdict.ok) return 'limited';
  const { subject, text } = answerMail({
    ref: stored.ref,
    queryCode: stored.queryCode,
    link: ctx.origin ? ctx.origin + trackLink(stored.ref, stored.queryCode) : null,
    acknowledgeBy: stored.acknowledgeBy,
    issuer: notice.issuer,
    noticeTitle: notice.title,
    subject: parsed.subject,
  });
  try {
    await ctx.mailer.send({ from: ctx.mailFrom, to: parsed.from!, subject, text, ...(parsed.messageId ? { inReplyTo: parsed.messageId } : {}) });
    return 'sent';
  } catch (err) {
    // Say what failed, never to whom.
    // The binding's message may name the recipient: only the error's name is logged.
    console.error('mail answer failed', err instanceof Error ? err.name : 'non-error thrown');
    return 'failed';
  }
}

/**
 * The published notice a mail is for: of several with the address, the one whose title the
 * subject names, else the newest; null when none of them is published.
 */
function chooseNotice(candidates: readonly ContactNotice[], subject: string): ContactNotice | null {
  const open = candidates.filter((n) => n.state === 'published');
  const named = open.find((n) => {
    const key = n.title.replace(/^关于/, '').slice(0, 12);
    return key.length >= 4 && subject.includes(key);
  });
  return named ?? open[0] ?? null;
}

/**
 * The From header's domain agrees with the envelope's (MAIL FROM), the same organisation's in
 * either direction (mail.qq.com and qq.com). Email Routing delivers mail that passed its SPF
 * check on the envelope, so a From naming another domain is what a forger writes. A null
 * envelope never reaches here (automatic mail).
 */
function aligned(fromHeader: string, envelopeFrom: string): boolean {
  const domain = (a: string) => a.slice(a.lastIndexOf('@') + 1).replace(/>$/, '').toLowerCase();
  const a = domain(fromHeader);
  const b = domain(envelopeFrom);
  return a !== '' && b !== '' && (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`));
}

/** The feedback's text: the subject, then the body, cut at MAIL_TEXT_MAX characters. */
function mailContent(subject: string, body: string): string {
  const text = subject ? `主题：${subject}\n\n${body}` : body;
  const chars = [...text];
  return chars.length <= MAIL_TEXT_MAX ? text : `${chars.slice(0, MAIL_TEXT_MAX).join('')}\n\n（邮件正文过长，以下从略）`;
}

/** The kind a subject declares (举报 or 反映 is a report, 建议 a suggestion, 表扬 praise); an opinion otherwise. */
function kindOf(subject: string): 'opinion' | 'suggestion' | 'report' | 'praise' {
  if (/举报|投诉|反映/.test(subject)) return 'report';
  if (/建议/.test(subject)) return 'suggestion';
  if (/表扬|感谢/.test(subject)) return 'praise';
  return 'opinion';
}

/** A mail sender's fingerprint: the HMAC of the address under the deployment's secret. */
export function senderFingerprint(secret: string, address: string): Promise<string> {
  return hmacHex(secret, `mail:${address.toLowerCase()}`);
}

async function bytesHash(bytes: Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}
