/**
 * The export's reads: the inbox's selection (same filter, same scope, via
 * staff-inbox.ts `inboxWhere`), read a page at a time, with the columns of the
 * ledger and the timeline joined to each page's ids. Memory stays at one page
 * however many rows match.
 *
 * Each row exactly once, while feedback keeps coming and changing: pages follow
 * the feedback's id, which never changes, up to the last id when the export
 * began (`ExportCut`), and the timeline's events likewise up to the last event.
 * The inbox's (reply-by, id) order would not do: accepting a feedback or
 * extending it moves its reply-by date, and a row moved past the export's cursor
 * would be written twice, one moved behind it not at all; a row sent meanwhile
 * would join at whichever place its dates put it. So the export is a register,
 * in the order feedback was logged (its id), of the feedback that existed when it
 * began, each row as it stood when its page was read; the timeline holds the
 * events up to that start. The ledger with its timeline in one line (NDJSON)
 * reads the events of exactly the feedback of its page.
 *
 * The page's ids, in id order, come one of two ways, chosen once per export by
 * what it costs (`exportCut`): through the filter's index and a sort, which reads
 * the filter's whole slice for every page (cheap for a few pages, quadratic for
 * many: the indexes hold (status, reply_by, id) after the filtered column, not id); or
 * along the table by id (`not indexed`: SQLite walks the rowid from the cursor and
 * stops at the page's end), which reads each row up to the last match once. The
 * first wins while (matches)² / page < the table's rows.
 *
 * Each row comes as one JSON array (`json_array`, in the order of the fields given
 * here, positions named by LEDGER and TIMELINE), not as columns: D1 hands a
 * result over value by value, and one string per row instead of some thirty
 * values more than doubled the local export's rows per second. drizzle's objects
 * per row are skipped too (`values()`). The names
 * rows refer to (notice, item, department, staff) are read once (`exportNames`),
 * not joined to every row.
 *
 * Whether a row was late, and when its acknowledgement was decided, are the
 * statistics' own SQL (db/stats.ts `lateness`), as of the export's instant: the
 * ledger and 统计 agree row by row. They come with the follow-ups from one read of
 * the feedback's events by their index (`fromEvents`).
 */
import { and, asc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';
import { departments, feedback, feedbackAttachments, feedbackEvents, items, notices, staffUsers } from './schema';
import { inboxWhere, type InboxFilter, type InboxScope } from './staff-inbox';
import { itemPathColumns, type ItemPathRow } from './item-label';
import { lateness, ofEvents, type LateAsOf } from './stats';

/**
 * Feedback per page. D1 allows 1,000 queries per invocation (Workers Paid), and the
 * ledger with its timeline takes two a page: 200,000 rows are 400 queries. A page
 * of the longest texts the rules allow (2,000 characters of content, 5,000 of
 * reply, some 21 KB in UTF-8) stays under D1's 50 MB result limit, and well within
 * a Worker's 128 MB with its objects and text; a page of ordinary rows of a few
 * hundred characters is about half a megabyte.
 */
export const EXPORT_PAGE_ROWS = 1000;

/** Where an export stops, taken once when it starts, and how its pages are read. */
export interface ExportCut {
  /** The last feedback when the export began: later feedback is not in it. */
  lastFeedbackId: number;
  /** The last event when the export began: the timeline holds none after it. */
  lastEventId: number;
  /** Read the pages along the table by id, not through the filter's index (see above). */
  byId: boolean;
}

/** What an export selects: the inbox's filter and scope, at one instant (the overdue filter and flags do not shift while it runs). */
export interface ExportWhere {
  filter: InboxFilter;
  scope: InboxScope;
  now: number;
}

/** The ledger's selection, and what its rows' lateness is judged against (the export's day, as the statistics'). */
export interface LedgerWhere extends ExportWhere {
  late: LateAsOf;
}

/** The cut of an export, in one statement (one state): the last ids, and how many feedback match up to them. */
export async function exportCut(db: Db, w: ExportWhere, pageRows = EXPORT_PAGE_ROWS): Promise<ExportCut> {
  const where = inboxWhere(w.filter, w.scope, w.now);
  // Without a condition there is no index to choose: the table's way, and nothing to count.
  const row = await db.get<{ f: number; e: number; n: number | null }>(sql`select
    (select coalesce(max(id), 0) from ${feedback}) as f,
    (select coalesce(max(id), 0) from ${feedbackEvents}) as e,
    ${where ? sql`(select count(*) from ${feedback} where ${where})` : sql`null`} as n`);
  const lastFeedbackId = Number(row?.f ?? 0);
  const lastEventId = Number(row?.e ?? 0);
  if (row?.n === null || row?.n === undefined) return { lastFeedbackId, lastEventId, byId: true };
  // The index's way reads about the filter's slice (at least the matches) per page; the table's way each row once.
  const matches = Number(row.n);
  return { lastFeedbackId, lastEventId, byId: matches * Math.ceil(matches / pageRows) > lastFeedbackId };
}

/** An item as the ledger names it: its path's labels and its title. */
export interface ExportItem extends ItemPathRow {
  id: number;
}

/**
 * The names the rows refer to, read once when the export begins rather than
 * joined to every row: notices, items (with their path), departments and staff.
 * A deployment has some hundreds of them, where an export has up to hundreds of
 * thousands of rows, each of which would carry the notice's and the item's long
 * titles from the database again. Read in one batch (one state).
 */
export async function exportNames(db: Db) {
  const [noticeRows, itemRows, departmentRows, staffRows] = await db.batch([
    db.select({ id: notices.id, slug: notices.slug, title: notices.title }).from(notices),
    db.select({ id: items.id, ...itemPathColumns }).from(items),
    db.select({ id: departments.id, name: departments.name }).from(departments),
    db.select({ id: staffUsers.id, name: staffUsers.displayName }).from(staffUsers),
  ]);
  return {
    notices: new Map(noticeRows.map((n) => [n.id, { slug: n.slug, title: n.title }])),
    items: new Map<number, ExportItem>(itemRows.map((i) => [i.id, i])),
    departments: new Map(departmentRows.map((d) => [d.id, d.name])),
    staff: new Map(staffRows.map((u) => [u.id, u.name])),
  };
}

export type ExportNames = Awaited<ReturnType<typeof exportNames>>;

/** The ids of the page after `afterId`, as a subquery named `chosen`. */
function chosen(db: Db, w: ExportWhere, cut: ExportCut, afterId: number, take: number) {
  const id = sql<number>`${feedback.id}`.as('chosen_id');
  const from: SQL | typeof feedback = cut.byId ? sql`${feedback} not indexed` : feedback;
  return db
    .select({ id })
    .from(from)
    .where(and(inboxWhere(w.filter, w.scope, w.now), gt(feedback.id, afterId), lte(feedback.id, cut.lastFeedbackId)))
    .orderBy(asc(feedback.id))
    .limit(take)
    .as('chosen');
}

/** The feedback a duplicate repeats. */
const original = alias(feedback, 'original');

/** The text of the feedback's last 不予受理 (its reason, as told to the submitter). */
const lastDeclineReason = sql<string | null>`(select ${feedbackEvents.text} from ${feedbackEvents}
  where ${feedbackEvents.feedbackId} = ${feedback.id} and ${feedbackEvents.type} = 'declined'
  order by ${feedbackEvents.at} desc, ${feedbackEvents.id} desc limit 1)`;

/**
 * The feedback's photos (stored, or erased by retention), in order, as a JSON array of
 * { id, name, size, erased } (inside the row's array, as JSON), or null without any: one
 * correlated read per row, by the feedback_attachments_feedback index.
 */
const photosJson = sql<string | null>`(select case when count(*) > 0 then json_group_array(json_object('id', p.id, 'name', p.name, 'size', p.size, 'erased', p.storage_key is null)) end from (
  select ${feedbackAttachments.id} as id, ${feedbackAttachments.name} as name, ${feedbackAttachments.size} as size, ${feedbackAttachments.storageKey} as storage_key
  from ${feedbackAttachments}
  where ${feedbackAttachments.feedbackId} = ${feedback.id} and (${feedbackAttachments.storageKey} is not null or ${feedbackAttachments.erasedAt} is not null)
  order by ${feedbackAttachments.id}) p)`;

/**
 * What a row takes from its feedback's events, in one read by the feedback_events_feedback
 * index, as a JSON array: the follow-ups (补充说明) it received and when the last came (null
 * without any); when its acknowledgement was decided; and the lateness of acknowledgement and
 * reply ('late', 'overdue' or null) as the statistics count them, as of the export's day.
 */
function fromEvents(asOf: LateAsOf): SQL<string> {
  const late = lateness(asOf);
  const followUp = sql`${feedbackEvents.type} = 'follow_up'`;
  return ofEvents(sql<string>`json_array(count(case when ${followUp} then 1 end), max(case when ${followUp} then ${feedbackEvents.at} end),
    ${late.decidedAt}, ${late.acknowledge}, ${late.reply})`);
}

/**
 * The ledger's columns, in the order of `LedgerRecord`. Booleans come as 0 or 1
 * (raw rows skip drizzle's decoding); `LEDGER` names each position.
 */
const ledgerFields = (events: SQL<string>) => ({
  id: feedback.id, ref: feedback.ref, receivedAt: feedback.receivedAt, receivedTimeUnknown: feedback.receivedTimeUnknown,
  noticeId: feedback.noticeId, itemId: feedback.itemId, channel: feedback.channel, kind: feedback.kind, content: feedback.content,
  anonymous: feedback.anonymous, name: feedback.name, phone: feedback.phone, email: feedback.email, departmentId: feedback.departmentId,
  status: feedback.status, duplicateOfId: feedback.duplicateOfId, duplicateOfRef: original.ref,
  declineReason: sql<string | null>`case when ${feedback.status} = 'declined' then ${lastDeclineReason} end`,
  acceptedAt: feedback.acceptedAt, repliedAt: feedback.repliedAt, closedAt: feedback.closedAt,
  acknowledgeBy: feedback.acknowledgeBy, replyBy: feedback.replyBy, acknowledgeByLegal: feedback.acknowledgeByLegal, replyByLegal: feedback.replyByLegal,
  extensionDays: feedback.extensionDays, extensionReason: feedback.extensionReason, reply: feedback.reply,
  rating: feedback.rating, ratingComment: feedback.ratingComment,
  reviewRequestedAt: feedback.reviewRequestedAt, attention: feedback.attention, attentionBy: feedback.attentionBy, photos: photosJson,
  events,
});

/** Each ledger column's position in a raw row. */
export const LEDGER = Object.fromEntries(Object.keys(ledgerFields(sql``)).map((k, i) => [k, i])) as {
  readonly [K in keyof ReturnType<typeof ledgerFields>]: number;
};

/** A ledger row as the database gives it: the columns of `ledgerFields`, in order. */
export type LedgerRecord = unknown[];

/** A row's columns as one JSON array, in the fields' order. */
function jsonRow(fields: Record<string, unknown>): SQL<string> {
  return sql<string>`json_array(${sql.join(Object.values(fields).map((f) => sql`${f}`), sql`, `)})`;
}

function ledgerQuery(db: Db, w: LedgerWhere, cut: ExportCut, afterId: number, take: number) {
  const ledgerRow = jsonRow(ledgerFields(fromEvents(w.late)));
  if (!inboxWhere(w.filter, w.scope, w.now)) {
    // Every feedback: the table's rows in id order, without choosing them first (nothing to filter, nothing to sort).
    return db
      .select({ row: ledgerRow })
      .from(feedback)
      .leftJoin(original, eq(original.id, feedback.duplicateOfId))
      .where(and(gt(feedback.id, afterId), lte(feedback.id, cut.lastFeedbackId)))
      .orderBy(asc(feedback.id))
      .limit(take);
  }
  const page = chosen(db, w, cut, afterId, take);
  return db
    .select({ row: ledgerRow })
    .from(page)
    .innerJoin(feedback, eq(feedback.id, page.id))
    .leftJoin(original, eq(original.id, feedback.duplicateOfId))
    // The page's own order, so SQLite loops over the page and not over feedback.
    .orderBy(asc(page.id));
}

/**
 * Every ledger row in one statement, in id order, its fields as columns: what the export reads
 * page by page (`ledgerRecords`) with the same joins and subqueries, whole. Not for the Worker:
 * it is the floor `npm run bench:export` runs in sqlite3 (scripts/bench-export.ts).
 */
export function wholeLedgerQuery(db: Db, asOf: LateAsOf) {
  return db
    .select(ledgerFields(fromEvents(asOf)))
    .from(feedback)
    .leftJoin(original, eq(original.id, feedback.duplicateOfId))
    .orderBy(asc(feedback.id));
}

/** The timeline's columns, in order; `TIMELINE` names each position. */
const timelineFields = {
  feedbackId: sql<number>`chosen_id`, ref: feedback.ref, receivedTimeUnknown: feedback.receivedTimeUnknown,
  at: feedbackEvents.at, type: feedbackEvents.type, public: feedbackEvents.public, fromStatus: feedbackEvents.fromStatus,
  toStatus: feedbackEvents.toStatus, text: feedbackEvents.text, actorId: feedbackEvents.actorId,
};

export const TIMELINE = Object.fromEntries(Object.keys(timelineFields).map((k, i) => [k, i])) as { readonly [K in keyof typeof timelineFields]: number };

/** An event as the database gives it (the columns of `timelineFields`); a feedback without events gives one with a null `at`. */
export type TimelineRecord = unknown[];

/**
 * The events of one page of feedback up to the cut, in the ledger's order. A left
 * join, so that a page whose feedback have no events still ends at its last id.
 */
const timelineRow = jsonRow(timelineFields);

function timelineQuery(db: Db, w: ExportWhere, cut: ExportCut, afterId: number, take: number) {
  const page = chosen(db, w, cut, afterId, take);
  return db
    .select({ row: timelineRow })
    .from(page)
    .innerJoin(feedback, eq(feedback.id, page.id))
    .leftJoin(feedbackEvents, and(eq(feedbackEvents.feedbackId, page.id), lte(feedbackEvents.id, cut.lastEventId)))
    .orderBy(asc(page.id), asc(feedbackEvents.at), asc(feedbackEvents.id));
}

/** The ledger rows of the page after `afterId`. */
export async function ledgerRecords(db: Db, w: LedgerWhere, cut: ExportCut, afterId: number, take = EXPORT_PAGE_ROWS): Promise<LedgerRecord[]> {
  return parsed(await ledgerQuery(db, w, cut, afterId, take).values());
}

/** The events of the page after `afterId`. */
export async function timelineRecords(db: Db, w: ExportWhere, cut: ExportCut, afterId: number, take = EXPORT_PAGE_ROWS): Promise<TimelineRecord[]> {
  return parsed(await timelineQuery(db, w, cut, afterId, take).values());
}

/** Rows of one JSON array each, as arrays. */
function parsed(rows: unknown[][]): unknown[][] {
  return rows.map((r) => JSON.parse(r[0] as string) as unknown[]);
}

/**
 * The events, up to the cut, of exactly these feedback (a ledger page's, in its
 * order): the line of each feedback (NDJSON) holds its own events, whatever
 * changed since its page was read. The ids go as one JSON parameter (D1 binds at
 * most 100).
 */
export async function timelineRecordsOf(db: Db, cut: ExportCut, ids: readonly number[]): Promise<TimelineRecord[]> {
  if (ids.length === 0) return [];
  const page = sql`json_each(${JSON.stringify(ids)})`;
  const row = jsonRow({ ...timelineFields, feedbackId: feedback.id });
  const rows = await db
    .select({ row })
    .from(feedback)
    .leftJoin(feedbackEvents, and(eq(feedbackEvents.feedbackId, feedback.id), lte(feedbackEvents.id, cut.lastEventId)))
    .where(sql`${feedback.id} in (select value from ${page})`)
    .orderBy(asc(feedback.id), asc(feedbackEvents.at), asc(feedbackEvents.id))
    .values();
  return parsed(rows);
}
