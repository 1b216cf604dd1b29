/**
 * Who sent a feedback, as the figures count it, and how much one sender weighs.
 *
 * A submitter is a web client by its fingerprint (`client_hash`, an HMAC of its
 * address), or, for feedback that staff entered (no fingerprint), that one
 * feedback on its own: a letter or a call is one person. Figures that the public
 * or a flood could move count submitters, not rows:
 *
 * - an item's public feedback count takes at most PUBLIC_COUNT_PER_SUBMITTER_DAY
 *   of one submitter's feedback on that item per Asia/Shanghai day;
 * - the staff 有争议 flag counts the distinct submitters of standing reports.
 *
 * Both queries read the notice's slice of `feedback_notice_item` (notice_id,
 * item_id, kind, status, client_hash) and group what they read; the 有争议 count
 * reads that index alone. Nothing here needs an index of its own.
 * Staff are shown a fingerprint's first SOURCE_CHARS hex characters (来源标识,
 * lib/source.ts), never the address, which is not stored.
 */
import { and, eq, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import { SOURCE_CHARS } from '../lib/source';
import type { Db } from './client';
import { feedback, type FEEDBACK_STATUSES } from './schema';

/** At most this many of one submitter's feedback on one item count publicly per day. */
export const PUBLIC_COUNT_PER_SUBMITTER_DAY = 3;

/** One submitter: the client's fingerprint, or the feedback itself when staff entered it. */
export const submitter: SQL<string> = sql<string>`coalesce(${feedback.clientHash}, '#' || ${feedback.id})`;

/** China has kept UTC+8 without daylight saving since 1991: the Shanghai day of receipt as a day number. */
const shanghaiDay = sql<number>`(${feedback.receivedAt} + 28800000) / 86400000`;

/** The short fingerprint staff see, or null for feedback staff entered. */
export const shortSource: SQL<string | null> = sql<string | null>`substr(${feedback.clientHash}, 1, ${SOURCE_CHARS})`;

/**
 * Feedback whose fingerprint starts with `prefix` (lower-case hex, SOURCE_CHARS
 * to 64 characters): a range on the fingerprint, so `feedback_client_received`
 * serves it. Every string that starts with the prefix sorts at or after it and
 * before the prefix followed by 'g', which sorts after every hex digit.
 */
export function fromSource(prefix: string): SQL {
  return sql`(${feedback.clientHash} >= ${prefix} and ${feedback.clientHash} < ${`${prefix}g`})`;
}

/**
 * The public feedback count of each item of a notice (item null: the notice as a
 * whole): feedback not marked as spam, at most PUBLIC_COUNT_PER_SUBMITTER_DAY per
 * submitter, item and day.
 */
export function publicCountsByItem(db: Db, noticeId: number) {
  const perDay = db
    .select({ itemId: feedback.itemId, n: sql<number>`count(*)`.as('n') })
    .from(feedback)
    .where(and(eq(feedback.noticeId, noticeId), ne(feedback.status, 'spam')))
    .groupBy(feedback.itemId, submitter, shanghaiDay)
    .as('per_submitter_day');
  return db
    .select({ itemId: perDay.itemId, n: sql<number>`sum(min(${perDay.n}, ${PUBLIC_COUNT_PER_SUBMITTER_DAY}))`.mapWith(Number) })
    .from(perDay)
    .groupBy(perDay.itemId);
}

/** How many distinct submitters sent the feedback that `where` selects. */
export const distinctSubmitters: SQL<number> = sql<number>`count(distinct ${submitter})`.mapWith(Number);

/**
 * The distinct submitters of standing reports of each item of a notice: reports in no
 * status of `dismissed`, within `scope` (a department's feedback; undefined: all). The
 * 有争议 flag is made of these, for staff and for the public page alike.
 */
export function standingReportersByItem(db: Db, noticeId: number, dismissed: ReadonlyArray<(typeof FEEDBACK_STATUSES)[number]>, scope?: SQL) {
  return db
    .select({ itemId: feedback.itemId, n: distinctSubmitters })
    .from(feedback)
    .where(and(eq(feedback.noticeId, noticeId), scope, eq(feedback.kind, 'report'), notInArray(feedback.status, [...dismissed])))
    .groupBy(feedback.itemId);
}
