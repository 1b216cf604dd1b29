/**
 * The statistics' reads. Everything is aggregated in SQL: counts with GROUP BY,
 * and for the percentiles only the order statistics that the interpolation needs
 * (window functions pick at most four durations), so no query returns the rows
 * themselves. The selection is the inbox's (`inboxWhere`), so the figures and the
 * inbox agree on what "this notice, these dates, my department" means.
 */
import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { shanghaiDate, type OverdueRule } from '../feedback/deadlines';
import type { Db } from './client';
import { withDepartment, withItem, withNotice } from './feedback-joins';
import { departments, feedback, feedbackAttachments, feedbackEvents, items, notices } from './schema';
import { deadlineDay, inboxChosen, inboxParts, type InboxFilter, type InboxScope, inboxWhere } from './staff-inbox';
import { itemPathColumns } from './item-label';

export type Grouped<K> = Array<{ key: K; count: number }>;

export async function countByItem(db: Db, where: SQL | undefined) {
  const query = db
    .select({ noticeSlug: notices.slug, itemId: feedback.itemId, ...itemPathColumns, count: count() })
    .from(feedback)
    .$dynamic();
  return withItem(withNotice(query))
    .where(where)
    .groupBy(feedback.noticeId, feedback.itemId)
    // The notice's own order, the notice as a whole after its items.
    .orderBy(asc(feedback.noticeId), sql`${feedback.itemId} is null`, asc(items.position));
}

/**
 * The selection in one pass, grouped by kind, status, channel, department and rating: each
 * group's count, first and last receipt, and feedback with photos (issue 14; erased ones
 * included: they came with photos). The report's totals, counts by kind, status, channel,
 * department and rating, and its period are sums over these groups (stats/report.ts), so the
 * feedback rows are read once rather than once for each figure (D1 counts the rows each query reads).
 */
export function selectionGroups(db: Db, where: SQL | undefined) {
  const hasPhoto = sql<number>`exists (select 1 from ${feedbackAttachments} where ${feedbackAttachments.feedbackId} = ${feedback.id}
    and (${feedbackAttachments.storageKey} is not null or ${feedbackAttachments.erasedAt} is not null))`;
  const query = db
    .select({
      kind: feedback.kind,
      status: feedback.status,
      channel: feedback.channel,
      departmentId: feedback.departmentId,
      departmentName: departments.name,
      rating: feedback.rating,
      count: count(),
      first: sql<number>`min(${feedback.receivedAt})`,
      last: sql<number>`max(${feedback.receivedAt})`,
      withPhotos: sql<number>`coalesce(sum(${hasPhoto}), 0)`,
    })
    .from(feedback)
    .$dynamic();
  return withDepartment(query).where(where).groupBy(feedback.kind, feedback.status, feedback.channel, feedback.departmentId, feedback.rating);
}

export type SelectionGroup = Awaited<ReturnType<typeof selectionGroups>>[number];

export type DurationKind = 'acknowledge' | 'reply';

/** Receipt to the triage decision (accepted, declined, duplicate, spam), or to the first reply. */
export const DURATION_EVENT: Record<DurationKind, SQL> = {
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
  const chosen = inboxChosen(db, f, scope, null, maxRefs + 1, now, inboxParts(f, null)[0]!);
  const [counts, refs] = await Promise.all([
    db
      .select({
        total: count(),
        acknowledge: sql<number>`coalesce(sum(${feedback.status} = 'new' and ${deadlineDay('acknowledge', scope.overdueRule)} < ${today}), 0)`,
        reply: sql<number>`coalesce(sum(${deadlineDay('reply', scope.overdueRule)} < ${today}), 0)`,
      })
      .from(feedback)
      .where(inboxWhere(f, scope, now)),
    db.select({ ref: feedback.ref }).from(chosen).innerJoin(feedback, eq(feedback.id, chosen.id)).orderBy(asc(chosen.replyBy), asc(chosen.id)),
  ]);
  return { ...counts[0]!, refs: refs.map((r) => r.ref) };
}

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant in ms, in SQL. */
function shanghaiDay(ms: SQL) {
  return sql<string>`date(${ms} / 1000 + 28800, 'unixepoch')`;
}

/**
 * Late for a step (acknowledgement or reply): 'late' when the feedback took it on a day after
 * its deadline, 'overdue' when it has not taken it, still waits for it and the deadline has
 * passed, null otherwise (in time, or not yet due).
 */
export type Lateness = 'late' | 'overdue' | null;

/** What lateness is judged against: the day it is (Asia/Shanghai), the statuses still waiting for a reply, OVERDUE_RULE. */
export interface LateAsOf {
  today: string;
  open: readonly string[];
  rule?: OverdueRule;
}

/**
 * The first event of a kind (DURATION_EVENT) among the events of a query over
 * `feedback_events` of one feedback, in ms (an aggregate; null if none).
 */
function firstAt(kind: DurationKind) {
  return sql<number | null>`min(case when ${DURATION_EVENT[kind]} then ${feedbackEvents.at} end)`;
}

/**
 * The one definition of late, which the statistics count (`lateCounts`) and the ledger shows per
 * row (db/export.ts): a step taken on a Shanghai day after its deadline is late, whenever that
 * was; a step not taken by a feedback still waiting for it (acknowledgement: new; reply: open)
 * is overdue once its deadline has passed. A deadline is a calendar day and holds until its end;
 * `deadlineDay` reads it under OVERDUE_RULE, and replyBy holds the extension. The first
 * acknowledgement decision (accepted, declined, duplicate, spam) and the first reply count, so
 * reopening a feedback does not make a late decision timely.
 *
 * Each is an aggregate over `feedback_events` of the outer query's feedback (`ofEvents`), so
 * that the decision, its lateness and the reply's can come from one read of its events by the
 * feedback_events_feedback index. The comparison of the step's day with the deadline is the
 * CASE's operand, evaluated once: NULL (the step not taken) falls to the ELSE.
 */
export function lateness(asOf: LateAsOf) {
  const step = (kind: DurationKind, waiting: SQL): SQL<Lateness> => {
    const by = deadlineDay(kind, asOf.rule);
    return sql<Lateness>`case (${shanghaiDay(firstAt(kind))} > ${by}) when 1 then 'late' when 0 then null
      else case when ${waiting} and ${by} < ${asOf.today} then 'overdue' end end`;
  };
  return {
    /** When the acknowledgement was decided (the first triage decision), in ms; null while undecided. */
    decidedAt: firstAt('acknowledge'),
    acknowledge: step('acknowledge', sql`${feedback.status} = 'new'`),
    reply: step('reply', sql`${feedback.status} in (${sql.join(asOf.open.map((s) => sql`${s}`), sql`, `)})`),
  };
}

/** Aggregates over the events of the outer query's feedback (e.g. `lateness`), as one correlated read. */
export function ofEvents<T>(aggregate: SQL<T>): SQL<T> {
  return sql<T>`(select ${aggregate} from ${feedbackEvents} where ${feedbackEvents.feedbackId} = ${feedback.id})`;
}

export interface LateCounts {
  /** Triage decided on a day after acknowledgeBy. */
  acknowledgedLate: number;
  /** No triage decision yet, still new, and acknowledgeBy has passed. */
  unacknowledged: number;
  /** First reply on a day after replyBy (which holds the extension). */
  repliedLate: number;
  /** No reply yet, still open, and replyBy has passed. */
  unreplied: number;
}

/**
 * Feedback acknowledged or replied to late, whenever that was, and feedback still
 * waiting past its deadline: the rows of `lateness` counted. `open` names the
 * statuses still waiting for a reply; `rule` is OVERDUE_RULE.
 */
export async function lateCounts(db: Db, where: SQL | undefined, today: string, open: readonly string[], rule: OverdueRule = 'calendar'): Promise<LateCounts> {
  const late = lateness({ today, open, rule });
  const rows = await db.all<LateCounts>(sql`
    with d as (
      select ${ofEvents(late.acknowledge)} as acknowledge, ${ofEvents(late.reply)} as reply
      from ${feedback} where ${where ?? sql`1`}
    )
    select
      coalesce(sum(acknowledge = 'late'), 0) as acknowledgedLate,
      coalesce(sum(acknowledge = 'overdue'), 0) as unacknowledged,
      coalesce(sum(reply = 'late'), 0) as repliedLate,
      coalesce(sum(reply = 'overdue'), 0) as unreplied
    from d`);
  return rows[0] ?? { acknowledgedLate: 0, unacknowledged: 0, repliedLate: 0, unreplied: 0 };
}

/** The first and last instant a feedback of the selection was received; nulls with none. */
/** The notice chosen, or else the notices the selection's feedback is about: for a report's heading. */
export async function reportNotices(db: Db, where: SQL | undefined, noticeSlug: string | undefined) {
  const columns = { slug: notices.slug, title: notices.title, issuer: notices.issuer };
  if (noticeSlug) return db.select(columns).from(notices).where(eq(notices.slug, noticeSlug));
  return db
    .select(columns)
    .from(notices)
    .where(sql`${notices.id} in (select ${feedback.noticeId} from ${feedback} where ${where ?? sql`1`})`)
    .orderBy(asc(notices.id));
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

/**
 * What submitters sent after the reply, over the selection: follow-ups (each a public
 * 'follow_up' event), the feedback followed up, review requests (once per feedback), and
 * what awaits staff now, by kind and past its day (`attention_by` before `today`).
 */
export async function afterReplyCounts(db: Db, where: SQL | undefined, today: string) {
  const [events, flags] = await Promise.all([
    db
      .select({ followUps: count(), followedUp: sql<number>`count(distinct ${feedback.id})` })
      .from(feedback)
      .innerJoin(feedbackEvents, eq(feedbackEvents.feedbackId, feedback.id))
      .where(and(where, eq(feedbackEvents.type, 'follow_up'))),
    db
      .select({
        reviewRequests: sql<number>`count(${feedback.reviewRequestedAt})`,
        awaitingFollowUp: sql<number>`coalesce(sum(${feedback.attention} = 'follow_up'), 0)`,
        awaitingReview: sql<number>`coalesce(sum(${feedback.attention} = 'review'), 0)`,
        awaitingLate: sql<number>`coalesce(sum(${feedback.attention} is not null and ${feedback.attentionBy} < ${today}), 0)`,
      })
      .from(feedback)
      .where(where),
  ]);
  return { ...(events[0] ?? { followUps: 0, followedUp: 0 }), ...(flags[0] ?? { reviewRequests: 0, awaitingFollowUp: 0, awaitingReview: 0, awaitingLate: 0 }) };
}
