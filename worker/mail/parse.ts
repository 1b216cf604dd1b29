/**
 * A raw mail (RFC 5322 bytes) read into what a feedback needs, with postal-mime (MIT-0; it
 * maps GBK, GB2312, GB18030 and other charset labels to the runtime's TextDecoder, which
 * decodes them in workerd and in Node). On top of it: a raw 8-bit GBK subject read again
 * (raw-subject.ts), and an HTML-only body turned into text (html-text.ts). Never throws for
 * what a sender wrote: a message postal-mime cannot read is `unreadable`.
 */
import PostalMime from 'postal-mime';
import type { MailHeader } from './automatic';
import { htmlToText } from './html-text';
import { repairedSubject } from './raw-subject';
import { withoutControls } from '../feedback/rules';

/** A mailbox as far as mail in needs one: something, one @, a domain with a dot; no spaces, brackets or controls. */
const MAILBOX = /^[^\s@<>()\[\]\\,;:"\u0000-\u001f]+@[^\s@<>()\[\]\\,;:"\u0000-\u001f]+\.[^\s@<>()\[\]\\,;:"\u0000-\u001f.]+$/u;

export interface MailAttachment {
  name: string;
  type: string;
  size: number;
}

export interface ParsedMail {
  messageId: string | null;
  /** The From header's address (lower-case), or null. */
  from: string | null;
  /** Every address the mail was sent to, as its headers say (Delivered-To, X-Original-To, To, Cc), lower-case. */
  recipients: string[];
  subject: string;
  /**
   * The text a person wrote: the plain part, else the HTML part as text; '' when neither has any.
   * Subject and text come without control characters (tab and line ends aside) and lone
   * surrogates (feedback/rules.ts withoutControls): SQLite would hand the text back cut at a NUL.
   * Mail is not a form whose sender can be asked to correct it, so these are dropped, not refused.
   */
  text: string;
  attachments: MailAttachment[];
  headers: MailHeader[];
  returnPath: string | undefined;
}

/** Names and types are the sender's: kept short and free of control characters. */
const clip = (s: string, max: number) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, max);

export async function parseMail(raw: Uint8Array): Promise<ParsedMail | null> {
  let email;
  try {
    // Headers of 256 KB and 20 levels of nesting are far more than any person's mail has.
    email = await PostalMime.parse(raw, { maxHeadersSize: 256 * 1024, maxNestingDepth: 20, forceRfc822Attachments: true });
  } catch {
    return null;
  }
  const addressesOf = (list: typeof email.to) =>
    (list ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address])).filter((a): a is string => !!a);
  const headerAddresses = (key: string) =>
    email.headers.filter((h) => h.key === key).map((h) => h.value.replace(/^.*</, '').replace(/>.*$/, '').trim());
  const recipients = [
    ...headerAddresses('delivered-to'),
    ...headerAddresses('x-original-to'),
    ...addressesOf(email.to),
    ...addressesOf(email.cc),
  ].map((a) => a.toLowerCase());
  // An address that is none (`<<<>>>@@@` parses to "<") is no sender: an answer could not reach it, nor the figures count it.
  // Loosely checked (one @, a dotted domain): a sender's domain may be written in Chinese (SMTPUTF8).
  const address = email.from && !email.from.group ? email.from.address?.toLowerCase() || null : null;
  const from = address !== null && MAILBOX.test(address) ? address : null;
  const plain = withoutControls(email.text ?? '').replace(/\r\n?/g, '\n').trim();
  const text = plain !== '' ? plain : email.html ? withoutControls(htmlToText(email.html)) : '';
  return {
    messageId: email.messageId?.trim() || null,
    from,
    recipients: [...new Set(recipients)],
    subject: clip(withoutControls(repairedSubject(email.subject, raw)), 500),
    text,
    attachments: email.attachments.map((a) => ({
      name: clip(a.filename ?? '', 255) || '（未命名）',
      type: clip(a.mimeType || 'application/octet-stream', 100),
      size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
    })),
    headers: email.headers.map((h) => ({ key: h.key, value: h.value })),
    returnPath: email.returnPath,
  };
}
