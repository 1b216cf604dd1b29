/**
 * The staff inbox: feedback filtered, in order of urgency (nearest reply-by date
 * first, then id), in keyset pages. A view that may hold finished feedback beside
 * open (全部, a notice, a department, an item, a search: no status asked, and no
 * filter that holds open feedback only) lists its open feedback first, in that
 * order, then its finished (replied, closed, declined, duplicate, spam), the latest
 * reply-by date first (`phased`): what is done has no urgency, and a case closed
 * last year must not come before today's overdue one. The cursor says which of the
 * two parts it is in. A view of one finished status is in that order too.
 *
 * The filter → SQL step (`inboxWhere`) is separate from paging so that an export
 * can stream the same selection page by page. Every filter is served by an index
 * in (status, reply_by, id) order after its own column, so a page reads about as
 * many rows as it returns: none → feedback_status_reply_by; department, notice,
 * item, channel, kind and 待回应 → feedback_<it>_status_reply_by; source (a client's
 * fingerprint, with the hour around a feedback) → feedback_client_received, whose
 * range holds one client's few rows; a full-text search → its matches, sorted (the
 * rows asked for, whatever else is chosen). A part of a phased view, 'open', overdue, due
 * soon and returned are a status IN list: SQLite walks each status's slice of the
 * index in order and stops each at the page's end (the IN early-out of ORDER BY …
 * LIMIT), which works only on a query without joins, so the page's ids are chosen
 * first and the display columns joined to those ids afterwards.
 *
 * The today view (`todayCounts`) counts five of these selections with the same
 * `inboxWhere`, so each count is what its list shows: overdue, due within
 * DUE_SOON_DAYS (either deadline, not yet overdue), new, returned (handed
 * back by a department, still open and not yet assigned again), and 待回应 (a
 * follow-up or review request awaiting staff, feedback_attention_status_reply_by).
 */
import { and, asc, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { REF_PATTERN, normaliseRef } from '../feedback/codes';
import { addDays, daysLeft, shanghaiDate, type OverdueRule } from '../feedback/deadlines';
import { charCount } from '../feedback/rules';
import { fromBase64, fromUrlSafe, toBase64, urlSafe } from '../lib/crypto';
import { isOpenStatus, OPEN_STATUSES, overdue, type FeedbackStatus, type Overdue } from '../staff/workflow';
import type { Db } from './client';
import { withNoticeItemDepartment } from './feedback-joins';
import { ATTENTION_KINDS, departments, feedback, FEEDBACK_CHANNELS, FEEDBACK_KINDS, FEEDBACK_STATUSES, notices } from './schema';
import { fromSource, shortSource } from './submitters';
import { itemOfRow, itemPathColumns } from './item-label';

export const INBOX_PAGE_MAX = 50;
/** Trigrams need three characters; a shorter query is a plain substring match. */
export const FTS_MIN_CHARS = 3;

type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** The flag as the console reads it, from the three columns that hold it. */
export function attentionOf(r: { attention: AttentionKind | null; attentionAt: number | null; attentionBy: string | null }) {
  return r.attention === null || r.attentionAt === null || r.attentionBy === null ? null : { kind: r.attention, at: r.attentionAt, by: r.attentionBy };
}

export interface InboxFilter {
  /** A status, or 'open' for new, accepted and in_progress together. */
  status?: FeedbackStatus | 'open';
  noticeSlug?: string;
  /** `none`: feedback on the notice as a whole. */
  itemId?: number | 'none';
  /** A department, or 'none' for feedback not yet assigned. */
  departmentId?: number | 'none';
  channel?: (typeof FEEDBACK_CHANNELS)[number];
  kind?: (typeof FEEDBACK_KINDS)[number];
  overdue?: boolean;
  /** Open, not overdue, and a deadline that matters now falls within DUE_SOON_DAYS (即将超期). */
  dueSoon?: boolean;
  /** Handed back by a department (退回) and not yet assigned again; open only. */
  returned?: boolean;
  /** Received on or after this date, YYYY-MM-DD in Asia/Shanghai. */
  from?: string;
  /** Received on or before this date. */
  to?: string;
  /** Words from the content (full-text), or a reference. */
  q?: string;
  /** A client's fingerprint, or its first SOURCE_CHARS or more characters: lower-case hex (submitters.ts). */
  source?: string;
  /** Received within these instants (epoch ms, both included). */
  receivedWithin?: { from: number; to: number };
  /**
   * Awaiting staff after the reply: a follow-up (补充说明), a review request (请求复查), or either
   * ('any', 待回应). Served by feedback_attention_status_reply_by, whose slices hold the flagged rows only.
   */
  attention?: AttentionKind | 'any';
}

/**
 * The department a user is confined to (null: all), from roles.ts scopeOf(); and which last day
 * marks feedback overdue (OVERDUE_RULE; 'calendar' when not given), which the deployment decides.
 */
export interface InboxScope {
  departmentId: number | null;
  overdueRule?: OverdueRule;
}

/**
 * A deadline as the overdue rule reads it: the calendar day, or under 'legal' the legal last day
 * where one is stored (feedback/deadlines.ts effectiveDay, in SQL).
 */
export function deadlineDay(kind: 'acknowledge' | 'reply', rule: OverdueRule = 'calendar'): SQL {
  const [day, legal] = kind === 'reply' ? [feedback.replyBy, feedback.replyByLegal] : [feedback.acknowledgeBy, feedback.acknowledgeByLegal];
  return rule === 'legal' ? sql`coalesce(${legal}, +${day})` : sql`+${day}`;
}

function shanghaiMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

/** C0 and C1 control characters, DEL included: nothing a person searches for. */
const CONTROL_CHARACTERS = /\p{Cc}/gu;

/**
 * Search text as typed, without its control characters. SQLite reads a bound
 * string as C does, up to its first NUL: in an FTS5 query that leaves an
 * unterminated string (an error), in a LIKE pattern a shorter pattern than the
 * one asked for. The inbox's filter is made of this, so text of controls only is
 * no search at all.
 */
export function searchText(q: string): string {
  return q.replace(CONTROL_CHARACTERS, '');
}

/**
 * An FTS5 string literal: the whole query as one phrase, so no operator in it is
 * obeyed, and without control characters, so that any string makes a valid query
 * (an empty phrase matches nothing).
 */
export function ftsPhrase(q: string): string {
  return `"${searchText(q).replace(/"/g, '""')}"`;
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function textCondition(q: string): SQL {
  const ref = normaliseRef(q);
  if (REF_PATTERN.test(ref)) return eq(feedback.ref, ref);
  if (charCount(q) < FTS_MIN_CHARS) return sql`${feedback.content} like ${likePattern(q)} escape '\\'`;
  return sql`${feedback.id} in (select rowid from feedback_fts where feedback_fts match ${ftsPhrase(q)})`;
}

/** 即将超期: a deadline within this many days (today included: 还剩 0 to 3 天), as the console flags it. */
export const DUE_SOON_DAYS = 3;

/**
 * Overdue, for a row already known to be open. Unary + keeps these terms off the
 * indexes: an OR of indexed terms would make SQLite gather both sides (MULTI-INDEX
 * OR) and sort, reading every open row.
 */
function overdueTerm(today: string, rule: OverdueRule | undefined): SQL {
  return sql`(${deadlineDay('reply', rule)} < ${today} or (+${feedback.status} = 'new' and ${deadlineDay('acknowledge', rule)} < ${today}))`;
}

/** A deadline that matters now (the reply's; while new, also the acknowledgement's) on or before `last`. */
function dueByTerm(last: string, rule: OverdueRule | undefined): SQL {
  return sql`(${deadlineDay('reply', rule)} <= ${last} or (+${feedback.status} = 'new' and ${deadlineDay('acknowledge', rule)} <= ${last}))`;
}

/** Whether the text is searched in the full-text index: three characters or more, and not a reference. */
function fullText(q: string | undefined): boolean {
  const text = q?.trim();
  return Boolean(text) && !REF_PATTERN.test(normaliseRef(text!)) && charCount(text!) >= FTS_MIN_CHARS;
}

/** The filter as one SQL condition on `feedback`, the user's scope included. */
export function inboxWhere(filter: InboxFilter, scope: InboxScope, now: number): SQL | undefined {
  const today = shanghaiDate(now);
  // A full-text search's matches are what was asked for, and few: they lead, and every other column is
  // checked on them (unary + keeps it off its index; through the status's, a search within 未办结 read
  // every open feedback at 100,000).
  const on = fullText(filter.q) ? (column: SQLiteColumn) => sql`+${column}` : (column: SQLiteColumn) => sql`${column}`;
  const is = (column: SQLiteColumn, value: unknown) => sql`${on(column)} = ${value}`;
  const among = (column: SQLiteColumn, values: readonly unknown[]) => sql`${on(column)} in ${[...values]}`;
  const open = among(feedback.status, OPEN_STATUSES);
  const c: Array<SQL | undefined> = [];
  if (scope.departmentId !== null) c.push(is(feedback.departmentId, scope.departmentId));
  if (filter.status === 'open') c.push(open);
  else if (filter.status) c.push(is(feedback.status, filter.status));
  if (filter.noticeSlug) c.push(sql`${on(feedback.noticeId)} = (select ${notices.id} from ${notices} where ${notices.slug} = ${filter.noticeSlug})`);
  if (filter.itemId === 'none') c.push(sql`${on(feedback.itemId)} is null`);
  else if (filter.itemId !== undefined) c.push(is(feedback.itemId, filter.itemId));
  if (filter.departmentId === 'none') c.push(sql`${on(feedback.departmentId)} is null`);
  else if (filter.departmentId !== undefined) c.push(is(feedback.departmentId, filter.departmentId));
  if (filter.channel) c.push(is(feedback.channel, filter.channel));
  if (filter.kind) c.push(is(feedback.kind, filter.kind));
  if (filter.overdue) c.push(open, overdueTerm(today, scope.overdueRule));
  if (filter.dueSoon) c.push(open, sql`not ${overdueTerm(today, scope.overdueRule)}`, dueByTerm(addDays(today, DUE_SOON_DAYS), scope.overdueRule));
  if (filter.returned) c.push(open, isNotNull(feedback.returnedAt));
  if (filter.attention === 'any') c.push(among(feedback.attention, ATTENTION_KINDS));
  else if (filter.attention) c.push(is(feedback.attention, filter.attention));
  if (filter.from) c.push(sql`${on(feedback.receivedAt)} >= ${shanghaiMidnight(filter.from)}`);
  if (filter.to) c.push(sql`${on(feedback.receivedAt)} < ${shanghaiMidnight(addDays(filter.to, 1))}`);
  if (filter.q?.trim()) c.push(textCondition(filter.q.trim()));
  if (filter.source) c.push(fromSource(filter.source));
  if (filter.receivedWithin) {
    // With a source, its slice of feedback_client_received is the narrower one (a flood fills an hour, not a
    // fingerprint): unary + keeps the window off feedback_received.
    const receivedAt = filter.source ? sql`+${feedback.receivedAt}` : on(feedback.receivedAt);
    c.push(sql`${receivedAt} between ${filter.receivedWithin.from} and ${filter.receivedWithin.to}`);
  }
  return and(...c);
}

export interface InboxCursor {
  replyBy: string;
  id: number;
  /** In a phased view's second part, the finished feedback (see the module comment). */
  finished?: boolean;
}

export function encodeCursor(c: InboxCursor): string {
  const value = c.finished ? [c.replyBy, c.id, 1] : [c.replyBy, c.id];
  return urlSafe(toBase64(new TextEncoder().encode(JSON.stringify(value))));
}

/** The cursor, or null when it is not one this module made. */
export function decodeCursor(text: string): InboxCursor | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(fromBase64(fromUrlSafe(text)))) as unknown;
    if (!Array.isArray(value) || !(value.length === 2 || (value.length === 3 && value[2] === 1))) return null;
    const [replyBy, id] = value as [unknown, unknown];
    if (typeof replyBy !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(replyBy) || !Number.isSafeInteger(id)) return null;
    return value.length === 3 ? { replyBy, id: id as number, finished: true } : { replyBy, id: id as number };
  } catch {
    return null;
  }
}

/** Rows after the cursor in (reply_by, id) order; a row value, so the index range starts there (`onIndex` false: not, unary +). */
export function afterCursor(c: InboxCursor | null, onIndex = true): SQL | undefined {
  return c ? sql`(${cursorReplyBy(onIndex)}, ${feedback.id}) > (${c.replyBy}, ${c.id})` : undefined;
}

/** Rows after the cursor in the finished part's (reply_by, id) descending order. */
function beforeCursor(c: InboxCursor, onIndex: boolean): SQL {
  return sql`(${cursorReplyBy(onIndex)}, ${feedback.id}) < (${c.replyBy}, ${c.id})`;
}

const cursorReplyBy = (onIndex: boolean) => (onIndex ? sql`${feedback.replyBy}` : sql`+${feedback.replyBy}`);

export const inboxOrder = [asc(feedback.replyBy), asc(feedback.id)] as const;

/**
 * Whether the view lists its open feedback first and its finished after (see the module
 * comment): no status asked, and no filter that holds open feedback only.
 */
export function phased(filter: InboxFilter): boolean {
  // 待回应 is work waiting after the reply (its feedback is replied or closed): oldest first, like any work.
  return !filter.status && !filter.overdue && !filter.dueSoon && !filter.returned && !filter.attention;
}

/** The statuses of a phased view's second part. */
export const FINISHED_STATUSES: readonly FeedbackStatus[] = FEEDBACK_STATUSES.filter((status) => !isOpenStatus(status));

/**
 * A row's status is finished, checked on the row itself: comparisons, not IN, whose list SQLite would
 * build again for each row (D1 counts those rows as read); unary + keeps the status off the indexes.
 */
const finishedRow = sql<number>`not (${sql.join(OPEN_STATUSES.map((status) => sql`+${feedback.status} = ${status}`), sql` or `)})`;

/**
 * A filter whose own rows are few (a reference or a full-text search, a source and its hour, days
 * received from one date to another): a phased view reads those rows once and sorts them, rather
 * than along the status's slices, which hold every feedback of the status. Not a search shorter
 * than three characters (a LIKE, which no index serves) nor days received open at one end (since a
 * date, most of the table): their parts go along the status's slices, each row checked, and stop
 * at the page's end.
 */
function fewRows(filter: InboxFilter): boolean {
  const text = filter.q?.trim();
  const indexedText = Boolean(text) && (REF_PATTERN.test(normaliseRef(text!)) || charCount(text!) >= FTS_MIN_CHARS);
  return indexedText || Boolean(filter.source || filter.receivedWithin || (filter.from && filter.to));
}

export interface InboxRow {
  id: number;
  ref: string;
  status: FeedbackStatus;
  kind: (typeof FEEDBACK_KINDS)[number];
  channel: (typeof FEEDBACK_CHANNELS)[number];
  excerpt: string;
  hasContact: boolean;
  /** The short fingerprint of the client that sent it (来源标识); null when staff entered it. */
  source: string | null;
  notice: { slug: string };
  item: { id: number; fullLabel: string; title: string } | null;
  department: { id: number; name: string } | null;
  receivedAt: number;
  /** Staff logged it without the time of day: show only the date of receivedAt. */
  receivedTimeUnknown: boolean;
  acknowledgeBy: string;
  replyBy: string;
  /** The legal last days (民法典 第二百零三条 by analogy) where they differ from the calendar days above. */
  acknowledgeByLegal: string | null;
  replyByLegal: string | null;
  acknowledgeDaysLeft: number;
  replyDaysLeft: number;
  extensionDays: number;
  overdue: Overdue;
  /** The last hand-back (退回) by a department, while not assigned again. */
  returned: { at: number; reason: string | null } | null;
  /** When someone of the assigned department first opened it (签收); null while newly assigned and unopened. */
  departmentSeenAt: number | null;
  /** Sent without a proof of work: to be checked (待核实). */
  needsCheck: boolean;
  /** The submitter's rating of the reply (1 不满意, 2 基本满意, 3 满意), or null: staff see 不满意 in the list without opening it. */
  rating: number | null;
  /** A follow-up or review request awaiting staff since `at`, to be answered by `by` (feedback/after-reply.ts). */
  attention: { kind: AttentionKind; at: number; by: string } | null;
}

export const EXCERPT_CHARS = 120;

/**
 * The rows a page's query reads: a view in one order ('all'); one part of a phased view, by
 * the status's index ('open', 'finished'); or both parts of a phased view of few rows, in one
 * read sorted ('few').
 */
export type InboxPart = 'all' | 'open' | 'finished' | 'few';

/** The parts a page of this view reads, in order, from this cursor on. */
export function inboxParts(filter: InboxFilter, cursor: InboxCursor | null): InboxPart[] {
  // A finished status alone is the finished part, in its order.
  if (filter.status && filter.status !== 'open' && !isOpenStatus(filter.status)) return ['finished'];
  if (!phased(filter)) return ['all'];
  if (fewRows(filter)) return ['few'];
  return cursor?.finished ? ['finished'] : ['open', 'finished'];
}

/** Open before finished; the open by reply-by date and id, the finished the other way round. */
function phasedOrder(finished: SQL, replyBy: SQL, id: SQL): SQL[] {
  return [
    finished,
    sql`case when ${finished} = 0 then ${replyBy} end`,
    sql`case when ${finished} = 0 then ${id} end`,
    sql`case when ${finished} = 1 then ${replyBy} end desc`,
    sql`case when ${finished} = 1 then ${id} end desc`,
  ];
}

/**
 * The ids (and reply-by dates) of up to `take` rows of a part after the cursor, in its
 * order, as a subquery named `chosen` for the caller to join its columns to. The inbox
 * takes a page of at most INBOX_PAGE_MAX (and one more, to know whether another page
 * follows); the statistics the first few overdue.
 */
export function inboxChosen(db: Db, filter: InboxFilter, scope: InboxScope, cursor: InboxCursor | null, take: number, now: number, part: InboxPart) {
  const where = inboxWhere(filter, scope, now);
  const columns = { id: feedback.id, replyBy: sql<string>`${feedback.replyBy}`.as('chosen_reply_by') };
  // Under a filter of few rows, the cursor's range stays off feedback_reply_by (unary +): the filter's rows lead.
  const onIndex = !fewRows(filter);
  const before = cursor?.finished ? beforeCursor(cursor, onIndex) : undefined;
  if (part === 'few') {
    // Each row's part from its own status, so that the filter's index serves.
    const after = cursor && (cursor.finished ? sql`${finishedRow} and ${before}` : sql`(not ${finishedRow} and ${afterCursor(cursor, false)} or ${finishedRow})`);
    return db
      .select({ ...columns, finished: finishedRow.as('chosen_finished') })
      .from(feedback)
      .where(and(where, after ?? undefined))
      // By the result's own column, so that each row's status is compared once.
      .orderBy(...phasedOrder(sql`chosen_finished`, sql`${feedback.replyBy}`, sql`${feedback.id}`))
      .limit(take)
      .as('chosen');
  }
  const finished = sql<number>`${sql.raw(part === 'finished' ? '1' : '0')}`.as('chosen_finished');
  if (part === 'finished') {
    return db
      .select({ ...columns, finished })
      .from(feedback)
      // Under a filter of few rows the status is checked on them, as in 'few'.
      .where(and(where, onIndex ? inArray(feedback.status, [...FINISHED_STATUSES]) : finishedRow, before))
      .orderBy(desc(feedback.replyBy), desc(feedback.id))
      .limit(take)
      .as('chosen');
  }
  const open = part === 'open' ? inArray(feedback.status, [...OPEN_STATUSES]) : undefined;
  return db.select({ ...columns, finished }).from(feedback).where(and(where, open, afterCursor(cursor, onIndex))).orderBy(...inboxOrder).limit(take).as('chosen');
}

/** The query of one page, unrun: `inboxPage` runs it; tests read its plan and D1's rows_read. */
export function inboxQuery(db: Db, filter: InboxFilter, scope: InboxScope, page: { cursor: InboxCursor | null; limit: number }, now: number, part: InboxPart) {
  const limit = Math.min(Math.max(1, page.limit), INBOX_PAGE_MAX);
  const chosen = inboxChosen(db, filter, scope, page.cursor, limit + 1, now, part);
  const query = db
    .select({
      id: feedback.id,
      ref: feedback.ref,
      status: feedback.status,
      kind: feedback.kind,
      channel: feedback.channel,
      excerpt: sql<string>`substr(${feedback.content}, 1, ${EXCERPT_CHARS})`,
      hasContact: sql<number>`(${feedback.name} is not null or ${feedback.phone} is not null or ${feedback.email} is not null)`,
      source: shortSource,
      noticeSlug: notices.slug,
      itemId: feedback.itemId,
      ...itemPathColumns,
      departmentId: feedback.departmentId,
      departmentName: departments.name,
      receivedAt: feedback.receivedAt,
      receivedTimeUnknown: feedback.receivedTimeUnknown,
      acknowledgeBy: feedback.acknowledgeBy,
      replyBy: feedback.replyBy,
      acknowledgeByLegal: feedback.acknowledgeByLegal,
      replyByLegal: feedback.replyByLegal,
      extensionDays: feedback.extensionDays,
      returnedAt: feedback.returnedAt,
      returnReason: feedback.returnReason,
      departmentSeenAt: feedback.departmentSeenAt,
      needsCheck: feedback.needsCheck,
      rating: feedback.rating,
      attention: feedback.attention,
      attentionAt: feedback.attentionAt,
      attentionBy: feedback.attentionBy,
    })
    .from(chosen)
    .innerJoin(feedback, eq(feedback.id, chosen.id))
    .$dynamic();
  // Ordered by the page's own columns (its part's order, as in inboxChosen), so SQLite loops over the page and not over feedback.
  return withNoticeItemDepartment(query).orderBy(...phasedOrder(sql`${chosen.finished}`, sql`${chosen.replyBy}`, sql`${chosen.id}`));
}

export async function inboxPage(
  db: Db,
  filter: InboxFilter,
  scope: InboxScope,
  page: { cursor: InboxCursor | null; limit: number },
  now: number,
): Promise<{ feedback: InboxRow[]; nextCursor: string | null; readAt: number }> {
  const limit = Math.min(Math.max(1, page.limit), INBOX_PAGE_MAX);
  // A phased view's open part, then, if the page has room, its finished part from the start: a
  // second read only on the page where the one ends and the other begins.
  const rows: Awaited<ReturnType<typeof inboxQuery>> = [];
  for (const part of inboxParts(filter, page.cursor)) {
    // The finished part keeps to a cursor of its own only (inboxChosen): from an open row's, it starts at the top.
    const read = await inboxQuery(db, filter, scope, { cursor: page.cursor, limit: limit - rows.length }, now, part);
    // A row answered between the two reads would come again from the finished part: once is enough.
    rows.push(...read.filter((r) => !rows.some((seen) => seen.id === r.id)));
    if (rows.length > limit) break;
  }
  const list = rows.slice(0, limit).map(
    (r): InboxRow => ({
      id: r.id,
      ref: r.ref,
      status: r.status,
      kind: r.kind,
      channel: r.channel,
      excerpt: r.excerpt,
      hasContact: r.hasContact === 1,
      source: r.source,
      notice: { slug: r.noticeSlug },
      item: itemOfRow(r.itemId, r),
      department: r.departmentId !== null ? { id: r.departmentId, name: r.departmentName ?? '' } : null,
      receivedAt: r.receivedAt,
      receivedTimeUnknown: r.receivedTimeUnknown,
      acknowledgeBy: r.acknowledgeBy,
      replyBy: r.replyBy,
      acknowledgeByLegal: r.acknowledgeByLegal,
      replyByLegal: r.replyByLegal,
      acknowledgeDaysLeft: daysLeft(r.acknowledgeBy, now),
      replyDaysLeft: daysLeft(r.replyBy, now),
      extensionDays: r.extensionDays,
      overdue: overdue(r, now, scope.overdueRule),
      returned: r.returnedAt === null ? null : { at: r.returnedAt, reason: r.returnReason },
      departmentSeenAt: r.departmentSeenAt,
      needsCheck: r.needsCheck,
      rating: r.rating,
      attention: attentionOf(r),
    }),
  );
  const last = list[list.length - 1];
  // readAt: what a bulk step on these rows keeps to (routes/staff/bulk.ts), as updatedAt is for one feedback.
  // Whether the last row is in a finished part; a part that ignores it (the open part, 'all') reads on by (reply_by, id) alone.
  const next = rows.length > limit && last ? encodeCursor({ replyBy: last.replyBy, id: last.id, finished: !isOpenStatus(last.status) }) : null;
  return { feedback: list, nextCursor: next, readAt: now };
}

/** The today view's counts, as GET /api/staff/feedback/today answers them. */
export interface TodayCounts {
  overdue: number;
  dueSoon: number;
  new: number;
  returned: number;
  /** 待回应: a follow-up or review request awaiting staff. */
  attention: number;
}

/** The filter of each count: the inbox under it lists exactly what is counted. */
export const TODAY_FILTERS: Record<keyof TodayCounts, InboxFilter> = {
  overdue: { overdue: true },
  dueSoon: { dueSoon: true },
  new: { status: 'new' },
  returned: { returned: true },
  attention: { attention: 'any' },
};

/** The counts within the user's scope, on the day of `now`, read in one batch (one consistent state). */
export async function todayCounts(db: Db, scope: InboxScope, now: number): Promise<TodayCounts> {
  const keys = Object.keys(TODAY_FILTERS) as Array<keyof TodayCounts>;
  const [first, ...rest] = keys.map((k) => db.select({ n: count() }).from(feedback).where(inboxWhere(TODAY_FILTERS[k], scope, now)));
  const rows = await db.batch([first!, ...rest]);
  return Object.fromEntries(keys.map((k, i) => [k, rows[i]![0]?.n ?? 0])) as unknown as TodayCounts;
}
