/**
 * The SQL of mail in: which notice a mail was sent to, what became of each mail (inbound_mail),
 * the attachments a feedback came with, and the admins' count of refused mail. Plain values in,
 * rows out; worker/mail/receive.ts decides.
 */
import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Db } from './client';
import { itemOfRow, itemPathColumns } from './item-label';
import { feedback, feedbackAttachments, inboundMail, items, notices, type MAIL_DOORS } from './schema';

export type MailDoor = (typeof MAIL_DOORS)[number];

export interface ContactNotice {
  id: number;
  slug: string;
  title: string;
  issuer: string;
  refPrefix: string;
  state: string;
}

/**
 * Notices whose published contact e-mail is one of `addresses` (lower-case), newest first. The
 * addresses go as one JSON parameter: a mail may name any number of recipients, and D1 binds at
 * most 100 parameters a statement.
 */
export async function noticesByContactEmail(db: Db, addresses: readonly string[]): Promise<ContactNotice[]> {
  if (addresses.length === 0) return [];
  return db
    .select({ id: notices.id, slug: notices.slug, title: notices.title, issuer: notices.issuer, refPrefix: notices.refPrefix, state: notices.state })
    .from(notices)
    .where(sql`lower(trim(${notices.contactEmail})) in (select value from json_each(${JSON.stringify(addresses)}))`)
    .orderBy(sql`${notices.id} desc`);
}

/** A notice's items with their full labels (db/item-label.ts, the one place a label is built). */
export async function itemsWithLabels(db: Db, noticeId: number) {
  const rows = await db.select({ id: items.id, ...itemPathColumns }).from(items).where(eq(items.noticeId, noticeId)).orderBy(asc(items.position));
  return rows.map((r) => itemOfRow(r.id, r)!);
}

/** The feedback an accepted mail with this Message-ID made, if one did. */
export async function acceptedByMessageId(db: Db, messageIdHash: string) {
  return db
    .select({ feedbackId: inboundMail.feedbackId, ref: feedback.ref })
    .from(inboundMail)
    .leftJoin(feedback, eq(feedback.id, inboundMail.feedbackId))
    .where(eq(inboundMail.messageIdHash, messageIdHash))
    .get();
}

/** Records a refused mail: when, through which door, why and how big; never its sender nor its text. */
export async function recordRefusal(db: Db, r: { receivedAt: number; door: MailDoor; reason: string; size: number; noticeId?: number | null }) {
  await db.insert(inboundMail).values({ receivedAt: r.receivedAt, door: r.door, outcome: 'refused', reason: r.reason, size: r.size, noticeId: r.noticeId ?? null });
}

/** The statements that record an accepted mail and its attachments against the feedback `ref` names, for storeFeedback's batch. */
export function acceptedMailStatements(
  db: Db,
  ref: string,
  m: { receivedAt: number; door: MailDoor; messageIdHash: string | null; size: number; noticeId: number; attachments: readonly { name: string; type: string; size: number }[] },
) {
  const mail = db.insert(inboundMail).select(
    db
      .select({
        id: sql<number>`null`.as('id'),
        receivedAt: sql<number>`${m.receivedAt}`.as('received_at'),
        door: sql<string>`${m.door}`.as('door'),
        messageIdHash: sql<string | null>`${m.messageIdHash}`.as('message_id_hash'),
        outcome: sql<string>`'accepted'`.as('outcome'),
        reason: sql<string | null>`null`.as('reason'),
        noticeId: sql<number>`${m.noticeId}`.as('notice_id'),
        feedbackId: feedback.id,
        answer: sql<string | null>`null`.as('answer'),
        size: sql<number>`${m.size}`.as('size'),
      })
      .from(feedback)
      .where(eq(feedback.ref, ref)),
  );
  const files = m.attachments.map((a) =>
    db.insert(feedbackAttachments).select(
      db
        // Every column, in the table's order (drizzle's insert … select asks for it).
        .select({
          id: sql<number>`null`.as('id'),
          feedbackId: feedback.id,
          name: sql<string>`${a.name}`.as('name'),
          type: sql<string>`${a.type}`.as('type'),
          size: sql<number>`${a.size}`.as('size'),
          storageKey: sql<string | null>`null`.as('storage_key'),
          // A mail attachment is described, never stored: no picture size, no one who added it, nothing to erase.
          width: sql<number | null>`null`.as('width'),
          height: sql<number | null>`null`.as('height'),
          addedBy: sql<number | null>`null`.as('added_by'),
          erasedAt: sql<number | null>`null`.as('erased_at'),
          createdAt: sql<number>`${m.receivedAt}`.as('created_at'),
        })
        .from(feedback)
        .where(eq(feedback.ref, ref)),
    ),
  );
  return [mail, ...files];
}

/** Whether the sender was answered: sent, failed, not_configured, or limited (answered often enough today). */
export async function recordAnswer(db: Db, feedbackId: number, answer: 'sent' | 'failed' | 'not_configured' | 'limited') {
  await db.update(inboundMail).set({ answer }).where(and(eq(inboundMail.feedbackId, feedbackId), eq(inboundMail.outcome, 'accepted')));
}

/** What mail made a feedback: the answer given and the attachments, or null when it came otherwise. */
export async function mailOfFeedback(db: Db, feedbackId: number) {
  const [mail, files] = await Promise.all([
    db.select({ answer: inboundMail.answer, door: inboundMail.door }).from(inboundMail).where(eq(inboundMail.feedbackId, feedbackId)).get(),
    db
      .select({ name: feedbackAttachments.name, type: feedbackAttachments.type, size: feedbackAttachments.size })
      .from(feedbackAttachments)
      // What the mail brought, described only; photos (stored, or erased) are the detail's `photos`.
      .where(and(eq(feedbackAttachments.feedbackId, feedbackId), isNull(feedbackAttachments.storageKey), isNull(feedbackAttachments.erasedAt)))
      .orderBy(asc(feedbackAttachments.id)),
  ]);
  if (!mail && files.length === 0) return null;
  return { door: mail?.door ?? null, answer: mail?.answer ?? null, attachments: files };
}

/** Mail accepted, and refused by reason, received since `since`: the inbound_mail_outcome index serves it. */
export async function mailCounts(db: Db, since: number) {
  const rows = await db
    .select({ outcome: inboundMail.outcome, reason: inboundMail.reason, count: sql<number>`count(*)`.mapWith(Number) })
    .from(inboundMail)
    .where(gte(inboundMail.receivedAt, since))
    .groupBy(inboundMail.outcome, inboundMail.reason);
  const accepted = rows.filter((r) => r.outcome === 'accepted').reduce((n, r) => n + r.count, 0);
  const refused = rows
    .filter((r) => r.outcome === 'refused')
    .map((r) => ({ reason: r.reason ?? 'unknown', count: r.count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { accepted, refused, refusedTotal: refused.reduce((n, r) => n + r.count, 0) };
}
