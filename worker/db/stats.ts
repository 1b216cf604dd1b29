/**
 * The statistics' reads. Everything is aggregated in SQL: counts with GROUP BY,
 * and for the percentiles only the order statistics that the interpolation needs
 * (window functions pick at most four durations), so no query returns the rows
 * themselves. The selection is the inbox's (`inboxWhere`), so the figures and the
 * inbox agree on what "this notice, these dates, my department" means.
 */
import { and, asc, count, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { shanghaiDate } from '../feedback/deadlines';
import type { Db } from './client';
import { departments, feedback, feedbackEvents, items, notices } from './schema';
import { inboxChosen, type InboxFilter, type InboxScope, inboxWhere } from './staff-inbox';
import { itemPathColumns } from './item-label';

export type Grouped<K> = Array<{ key: K; count: number }>;

export async function countByColumn<K extends string>(db: Db, where: SQL | undefined, column: typeof feedback.status | typeof feedback.kind | typeof feedback.channel): Promise<Grouped<K>> {
  const rows = await db.select({ key: column, count: count() }).from(feedback).where(where).groupBy(column);
  return rows as Grouped<K>;
}

export async function countByItem(db: Db, where: SQL | undefined) {
  return db
    .select({ noticeSlug: notices.slug, itemId: feedback.itemId, ...itemPathColumns, count: count() })
    .from(feedback)
    .innerJoin(notices, eq(notices.id, feedback.noticeId))
    .leftJoin(items, eq(items.id, feedback.itemId))
    .where(where)
    .groupBy(feedback.noticeId, feedback.itemId)
    // The notice's own order, the notice as a whole after its items.
    .orderBy(asc(feedback.noticeId), sql`${feedback.itemId} is null`, asc(items.position));
}

export async function countByDepartment(db: Db, where: SQL | undefined) {
  return db
    .select({ departmentId: feedback.departmentId, name: departments.name, count: count() })
    .from(feedback)
    .leftJoin(departments, eq(departments.id, feedback.departmentId))
    .where(where)
    .groupBy(feedback.departmentId)
    .orderBy(desc(count()), asc(departments.name));
}

export type DurationKind = 'acknowledge' | 'reply';

/** Receipt to the triage decision (accepted, declined, duplicate, spam), or to the first reply. */
const DURATION_EVENT: Record<DurationKind, SQL> = {
  acknowledge: sql`${feedbackEvents.fromStatus} = 'new' and ${feedbackEvents.toStatus} in ('accepted', 'declined', 'duplicate', 'spam')`,
  reply: sql`${feedbackEvents.toStatus} = 'replied'`,
};

/**
 * How many feedback reached the event, and the durations (ms) at the ranks the
 * percentiles `ps` need (0-based, ascending): SQL sorts, numbers the durations and
 * returns only those ranks.
 */
export async function durationRanks(db: Db, where: SQL | undefined, kind: DurationKind, ps: readonly number[]): Promise<{ n: number; at: Map<number, number> }> {
  const wanted = ps.flatMap((p) => [sql`cast((n - 1) * ${p} as integer)`, sql`cast((n - 1) * ${p} as integer) + 1`]);
  const rows = await db.all<{ i: number; n: number; ms: number }>(sql`
    with d as (
      select min(${feedbackEvents.at}) - ${feedback.receivedAt} as ms
      from ${feedback} join ${feedbackEvents} on ${feedbackEvents.feedbackId} = ${feedback.id}
      where ${and(where, DURATION_EVENT[kind])}
      group by ${feedback.id}
    ),
    ranked as (select ms, row_number() over (order by ms) - 1 as i, count(*) over () as n from d)
    select i, n, ms from ranked where i in (${sql.join(wanted, sql`, `)})`);
  return { n: rows[0]?.n ?? 0, at: new Map(rows.map((r) => [r.i, r.ms])) };
}

/** Feedback overdue now: how many for acknowledgement, for the reply, either; and the first references in inbox order. */
export async function overdueNow(db: Db, filter: InboxFilter, scope: InboxScope, now: number, maxRefs: number) {
  const f = { ...filter, overdue: true };
  const today = shanghaiDate(now);
  const chosen = inboxChosen(db, f, scope, null, maxRefs + 1, now);
  const [counts, refs] = await Promise.all([
    db
      .select({
        total: count(),
        acknowledge: sql<number>`coalesce(sum(${feedback.status} = 'new' and ${feedback.acknowledgeBy} < ${today}), 0)`,
        reply: sql<number>`coalesce(sum(${feedback.replyBy} < ${today}), 0)`,
      })
      .from(feedback)
      .where(inboxWhere(f, scope, now)),
    db.select({ ref: feedback.ref }).from(chosen).innerJoin(feedback, eq(feedback.id, chosen.id)).orderBy(asc(chosen.replyBy), asc(chosen.id)),
  ]);
  return { ...counts[0]!, refs: refs.map((r) => r.ref) };
}

export async function ratingCounts(db: Db, where: SQL | undefined): Promise<Grouped<number>> {
  return (await db
    .select({ key: feedback.rating, count: count() })
    .from(feedback)
    .where(and(where, isNotNull(feedback.rating)))
    .groupBy(feedback.rating)) as Grouped<number>;
}

/** The Monday (Asia/Shanghai) of an instant in ms, in SQL: local date, forward to Sunday, back six days. */
function mondayOf(ms: SQL) {
  return sql<string>`date(${ms} / 1000 + 28800, 'unixepoch', 'weekday 0', '-6 days')`;
}

/** Per week since `since` (ms): feedback received, and feedback replied to (each once a week). */
export async function weeklyCounts(db: Db, where: SQL | undefined, since: number) {
  const receivedWeek = mondayOf(sql`${feedback.receivedAt}`);
  const repliedWeek = mondayOf(sql`${feedbackEvents.at}`);
  const [received, replied] = await Promise.all([
    db
      .select({ week: receivedWeek, count: count() })
      .from(feedback)
      .where(and(where, sql`${feedback.receivedAt} >= ${since}`))
      .groupBy(receivedWeek),
    db
      .select({ week: repliedWeek, count: sql<number>`count(distinct ${feedback.id})` })
      .from(feedback)
      .innerJoin(feedbackEvents, eq(feedbackEvents.feedbackId, feedback.id))
      .where(and(where, eq(feedbackEvents.toStatus, 'replied'), sql`${feedbackEvents.at} >= ${since}`))
      .groupBy(repliedWeek),
  ]);
  return { received, replied };
}

export async function totalCount(db: Db, where: SQL | undefined): Promise<number> {
  return (await db.select({ n: count() }).from(feedback).where(where))[0]?.n ?? 0;
}
