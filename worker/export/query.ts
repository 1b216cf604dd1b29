/**
 * The export's reads: the inbox's selection (same filter, same scope, same order,
 * via staff-inbox.ts) in keyset pages larger than the inbox's, with the columns
 * of the ledger and the timeline joined to each page's ids. Memory stays at one
 * page however many rows match.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import { departments, feedback, feedbackAttachments, feedbackEvents, items, notices, staffUsers } from '../db/schema';
import { inboxChosen, type InboxCursor, type InboxFilter, type InboxScope } from '../db/staff-inbox';
import { maskContact } from '../staff/masking';
import { overdue, type FeedbackStatus } from '../staff/workflow';
import type { LedgerRow } from './ledger';
import type { TimelineRow } from './timeline';
import { itemOfRow, itemPathColumns } from '../db/item-label';

/**
 * Rows per query. D1 allows 1,000 queries per invocation (Workers Paid), and the
 * ledger with its timeline takes two a page: 200,000 rows are 400 queries. A page
 * of the longest texts the rules allow (2,000 characters of content, 5,000 of
 * reply) stays under D1's 50 MB result limit.
 */
export const EXPORT_PAGE_ROWS = 1000;

export interface ExportSelection {
  filter: InboxFilter;
  scope: InboxScope;
  /** One instant for the whole export: the overdue filter and flags do not shift while it runs. */
  now: number;
  /** Full contact details (admins, handlers); masked otherwise. */
  reveal: boolean;
  /** Where the console is (PUBLIC_ORIGIN, or the request's), for the links to a feedback's photos; relative links without it. */
  origin?: string;
}

export interface LedgerPage {
  rows: LedgerRow[];
  /** Each row's events, oldest first, when asked for. */
  timeline: Map<number, TimelineRow[]> | null;
}

/** The feedback a duplicate repeats. */
const original = alias(feedback, 'original');

/** The text of the feedback's last 不予受理 (its reason, as told to the submitter). */
const lastDeclineReason = sql<string | null>`(select ${feedbackEvents.text} from ${feedbackEvents}
  where ${feedbackEvents.feedbackId} = ${feedback.id} and ${feedbackEvents.type} = 'declined'
  order by ${feedbackEvents.at} desc, ${feedbackEvents.id} desc limit 1)`;

/**
 * The feedback's photos (stored, or erased by retention), in order, as a JSON array of
 * { id, name, size, erased }: one correlated read per row, by the feedback_attachments_feedback index.
 */
const photosJson = sql<string>`(select json_group_array(json_object('id', p.id, 'name', p.name, 'size', p.size, 'erased', p.storage_key is null)) from (
  select ${feedbackAttachments.id} as id, ${feedbackAttachments.name} as name, ${feedbackAttachments.size} as size, ${feedbackAttachments.storageKey} as storage_key
  from ${feedbackAttachments}
  where ${feedbackAttachments.feedbackId} = ${feedback.id} and (${feedbackAttachments.storageKey} is not null or ${feedbackAttachments.erasedAt} is not null)
  order by ${feedbackAttachments.id}) p)`;

function ledgerQuery(db: Db, s: ExportSelection, cursor: InboxCursor | null) {
  const chosen = inboxChosen(db, s.filter, s.scope, cursor, EXPORT_PAGE_ROWS, s.now);
  return db
    .select({
      f: {
        id: feedback.id, ref: feedback.ref, receivedAt: feedback.receivedAt, channel: feedback.channel, kind: feedback.kind,
        content: feedback.content, anonymous: feedback.anonymous, name: feedback.name, phone: feedback.phone, email: feedback.email,
        departmentId: feedback.departmentId, status: feedback.status, acceptedAt: feedback.acceptedAt, repliedAt: feedback.repliedAt,
        closedAt: feedback.closedAt, acknowledgeBy: feedback.acknowledgeBy, replyBy: feedback.replyBy, reply: feedback.reply,
        acknowledgeByLegal: feedback.acknowledgeByLegal, replyByLegal: feedback.replyByLegal,
        rating: feedback.rating, itemId: feedback.itemId, receivedTimeUnknown: feedback.receivedTimeUnknown,
        duplicateOfId: feedback.duplicateOfId, extensionDays: feedback.extensionDays, extensionReason: feedback.extensionReason,
        ratingComment: feedback.ratingComment, reviewRequestedAt: feedback.reviewRequestedAt, attention: feedback.attention,
        attentionBy: feedback.attentionBy,
      },
      followUps: sql<number>`(select count(*) from ${feedbackEvents} where ${feedbackEvents.feedbackId} = ${feedback.id} and ${feedbackEvents.type} = 'follow_up')`,
      lastFollowUpAt: sql<number | null>`(select max(${feedbackEvents.at}) from ${feedbackEvents} where ${feedbackEvents.feedbackId} = ${feedback.id} and ${feedbackEvents.type} = 'follow_up')`,
      photos: photosJson,
      duplicateOfRef: original.ref,
      declineReason: sql<string | null>`case when ${feedback.status} = 'declined' then ${lastDeclineReason} end`,
      noticeSlug: notices.slug,
      noticeTitle: notices.title,
      ...itemPathColumns,
      departmentName: departments.name,
    })
    .from(chosen)
    .innerJoin(feedback, eq(feedback.id, chosen.id))
    .innerJoin(notices, eq(notices.id, feedback.noticeId))
    .leftJoin(items, eq(items.id, feedback.itemId))
    .leftJoin(departments, eq(departments.id, feedback.departmentId))
    .leftJoin(original, eq(original.id, feedback.duplicateOfId))
    .orderBy(asc(chosen.replyBy), asc(chosen.id));
}

/**
 * The events of one page of feedback, in the ledger's order. A left join, so that
 * a page whose feedback have no events still yields its last (reply-by, id) as the
 * next cursor.
 */
function timelineQuery(db: Db, s: ExportSelection, cursor: InboxCursor | null) {
  const chosen = inboxChosen(db, s.filter, s.scope, cursor, EXPORT_PAGE_ROWS, s.now);
  return db
    .select({
      feedbackId: chosen.id,
      replyBy: chosen.replyBy,
      ref: feedback.ref,
      receivedTimeUnknown: feedback.receivedTimeUnknown,
      at: feedbackEvents.at,
      type: feedbackEvents.type,
      public: feedbackEvents.public,
      fromStatus: feedbackEvents.fromStatus,
      toStatus: feedbackEvents.toStatus,
      text: feedbackEvents.text,
      actorId: feedbackEvents.actorId,
      actorName: staffUsers.displayName,
    })
    .from(chosen)
    .innerJoin(feedback, eq(feedback.id, chosen.id))
    .leftJoin(feedbackEvents, eq(feedbackEvents.feedbackId, chosen.id))
    .leftJoin(staffUsers, eq(staffUsers.id, feedbackEvents.actorId))
    .orderBy(asc(chosen.replyBy), asc(chosen.id), asc(feedbackEvents.at), asc(feedbackEvents.id));
}

type LedgerRecord = Awaited<ReturnType<typeof ledgerQuery>>[number];
type TimelineRecord = Awaited<ReturnType<typeof timelineQuery>>[number];

function ledgerRow(r: LedgerRecord, s: ExportSelection): LedgerRow {
  const f = r.f;
  const contact = s.reveal ? { name: f.name, phone: f.phone, email: f.email } : maskContact(f);
  return {
    id: f.id,
    ref: f.ref,
    receivedAt: f.receivedAt,
    receivedTimeUnknown: f.receivedTimeUnknown,
    channel: f.channel,
    notice: { slug: r.noticeSlug, title: r.noticeTitle },
    item: itemOfRow(f.itemId, r),
    kind: f.kind,
    content: f.content,
    anonymous: f.anonymous,
    ...contact,
    department: f.departmentId === null ? null : { id: f.departmentId, name: r.departmentName ?? '' },
    status: f.status,
    duplicateOf: f.duplicateOfId === null ? null : { id: f.duplicateOfId, ref: r.duplicateOfRef ?? '' },
    declineReason: r.declineReason,
    acceptedAt: f.acceptedAt,
    repliedAt: f.repliedAt,
    closedAt: f.closedAt,
    acknowledgeBy: f.acknowledgeBy,
    replyBy: f.replyBy,
    acknowledgeByLegal: f.acknowledgeByLegal,
    replyByLegal: f.replyByLegal,
    extensionDays: f.extensionDays,
    extensionReason: f.extensionDays > 0 ? f.extensionReason : null,
    overdue: overdue(f, s.now, s.scope.overdueRule),
    reply: f.reply,
    rating: f.rating === 1 || f.rating === 2 || f.rating === 3 ? f.rating : null,
    ratingComment: f.ratingComment,
    followUps: r.followUps,
    lastFollowUpAt: r.lastFollowUpAt,
    reviewRequestedAt: f.reviewRequestedAt,
    attention: f.attention,
    attentionBy: f.attention === null ? null : f.attentionBy,
    ...ledgerPhotos(f.id, r.photos, s.origin ?? ''),
  };
}

/** The row's photos and, when it has any, the console's page of the feedback, where staff view them (audited). */
function ledgerPhotos(id: number, json: string | null, origin: string): Pick<LedgerRow, 'photos' | 'photosLink'> {
  const list = JSON.parse(json ?? '[]') as Array<{ id: number; name: string; size: number; erased: number }>;
  return {
    photos: list.map((p) => ({ name: p.name, size: p.size, url: p.erased ? null : `${origin}/api/staff/feedback/${id}/photos/${p.id}` })),
    photosLink: list.length === 0 ? null : `${origin}/staff/#/feedback/${id}`,
  };
}

function timelineRow(r: TimelineRecord): TimelineRow | null {
  if (r.at === null || r.type === null || r.public === null) return null;
  return {
    ref: r.ref,
    at: r.at,
    // The receipt of a feedback logged without the time of day happened on its day, at no known time.
    dateOnly: r.type === 'submitted' && r.receivedTimeUnknown,
    type: r.type,
    public: r.public,
    fromStatus: r.fromStatus as FeedbackStatus | null,
    toStatus: r.toStatus as FeedbackStatus | null,
    text: r.text,
    actor: r.actorId === null ? null : { id: r.actorId, displayName: r.actorName ?? '' },
  };
}

/** The ledger, page by page; with `withTimeline`, each page's events too (a second query per page). */
export async function* ledgerPages(db: Db, s: ExportSelection, withTimeline: boolean): AsyncGenerator<LedgerPage> {
  let cursor: InboxCursor | null = null;
  for (;;) {
    const [records, events]: [LedgerRecord[], TimelineRecord[] | null] = await Promise.all([
      ledgerQuery(db, s, cursor),
      withTimeline ? timelineQuery(db, s, cursor) : null,
    ]);
    if (records.length === 0) return;
    let timeline: Map<number, TimelineRow[]> | null = null;
    if (events) {
      timeline = new Map();
      for (const e of events) {
        const row = timelineRow(e);
        if (!row) continue;
        const list = timeline.get(e.feedbackId);
        if (list) list.push(row);
        else timeline.set(e.feedbackId, [row]);
      }
    }
    yield { rows: records.map((r) => ledgerRow(r, s)), timeline };
    if (records.length < EXPORT_PAGE_ROWS) return;
    const last: LedgerRecord = records[records.length - 1]!;
    cursor = { replyBy: last.f.replyBy, id: last.f.id };
  }
}

/** The timeline alone, page by page of feedback: one query per page. */
export async function* timelinePages(db: Db, s: ExportSelection): AsyncGenerator<TimelineRow[]> {
  let cursor: InboxCursor | null = null;
  for (;;) {
    const records: TimelineRecord[] = await timelineQuery(db, s, cursor);
    if (records.length === 0) return;
    const rows: TimelineRow[] = [];
    let feedbackCount = 0;
    let previous: number | null = null;
    for (const r of records) {
      if (r.feedbackId !== previous) feedbackCount++;
      previous = r.feedbackId;
      const row = timelineRow(r);
      if (row) rows.push(row);
    }
    yield rows;
    if (feedbackCount < EXPORT_PAGE_ROWS) return;
    const last: TimelineRecord = records[records.length - 1]!;
    cursor = { replyBy: last.replyBy, id: last.feedbackId };
  }
}

/**
 * Where an export's pages come from. The export takes it as a parameter, so that
 * what it does when reading fails midway can be shown with a reader that fails.
 */
export interface ExportReader {
  ledgerPages(s: ExportSelection, withTimeline: boolean): AsyncIterableIterator<LedgerPage>;
  timelinePages(s: ExportSelection): AsyncIterableIterator<TimelineRow[]>;
}

/** The pages of this database. */
export function databaseReader(db: Db): ExportReader {
  return { ledgerPages: (s, withTimeline) => ledgerPages(db, s, withTimeline), timelinePages: (s) => timelinePages(db, s) };
}
