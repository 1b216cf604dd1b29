/**
 * The statistics of GET /api/staff/stats, assembled from the aggregates of
 * db/stats.ts: counts by item, kind, status, channel and department; how long
 * acknowledgement and reply take (median and 90th percentile, in days); what was
 * acknowledged or replied to late, whenever, and what is overdue now; the
 * satisfaction rate; follow-ups and review requests after the reply (请求复查, 第三十五条)
 * and what of them awaits staff; the last twelve weeks; and what a printed report is headed
 * with (the notices and their issuers, the period, the first and last receipt).
 */
import type { Db } from '../db/client';
import { FEEDBACK_CHANNELS, FEEDBACK_KINDS, FEEDBACK_STATUSES } from '../db/schema';
import {
  afterReplyCounts, countByItem, durationRanks, lateCounts, overdueNow, reportNotices, selectionGroups, weeklyCounts,
  type DurationKind, type Grouped, type SelectionGroup,
} from '../db/stats';
import { shanghaiDate } from '../feedback/deadlines';
import { OPEN_STATUSES } from '../staff/workflow';
import { inboxWhere, type InboxFilter, type InboxScope } from '../db/staff-inbox';
import { channelLabels, kindLabels, statusLabels } from '../feedback/labels';
import { days1, lastWeeks, PERCENTILES, percentile, satisfactionRate, wholeDaysUp } from './figures';
import { itemOfRow } from '../db/item-label';

/** References of overdue feedback listed; the counts are always complete. */
export const OVERDUE_REFS_MAX = 100;
export const TREND_WEEKS = 12;

export interface StatsFilter {
  noticeSlug?: string;
  from?: string;
  to?: string;
}

export interface Durations {
  /** Feedback that reached the step. */
  count: number;
  medianDays: number | null;
  p90Days: number | null;
  /** The same in whole days, a part of a day counted as a day: what "half within N days" can say truly. */
  medianWholeDays: number | null;
  p90WholeDays: number | null;
}

/**
 * Late, whenever it happened: 受理超期 counts feedback whose triage decision
 * (accepted, declined, duplicate, spam) came on a day after acknowledgeBy, and
 * feedback still undecided past it; 答复超期 counts feedback first replied to on a
 * day after replyBy (extension included), and open feedback still unreplied past it.
 * Unlike `overdue`, a decision or reply does not take a feedback out of these.
 */
export interface LateFigures {
  acknowledge: { total: number; decidedLate: number; undecided: number };
  reply: { total: number; repliedLate: number; unreplied: number };
}

/** What a printed report is headed with. */
export interface ReportHeading {
  /** The notice chosen, or the notices the figures are about, each with its issuer (the unit). */
  notices: Array<{ slug: string; title: string; issuer: string }>;
  /** The first and last day (Asia/Shanghai) a feedback of the selection was received; nulls with none. */
  firstReceived: string | null;
  lastReceived: string | null;
}

export interface StatsReport {
  generatedAt: number;
  heading: ReportHeading;
  total: number;
  /** Feedback with evidence photos (issue 14), photos since erased included. */
  withPhotos: number;
  byItem: Array<{ notice: { slug: string }; item: { id: number; fullLabel: string; title: string } | null; count: number }>;
  byKind: Array<{ kind: (typeof FEEDBACK_KINDS)[number]; label: string; count: number }>;
  byStatus: Array<{ status: (typeof FEEDBACK_STATUSES)[number]; label: string; count: number }>;
  byChannel: Array<{ channel: (typeof FEEDBACK_CHANNELS)[number]; label: string; count: number }>;
  byDepartment: Array<{ department: { id: number; name: string } | null; count: number }>;
  timeToAcknowledge: Durations;
  timeToReply: Durations;
  late: LateFigures;
  overdue: { total: number; acknowledge: number; reply: number; refs: string[]; refsTruncated: boolean };
  satisfaction: { rated: number; satisfied: number; basicallySatisfied: number; dissatisfied: number; rate: number | null };
  /**
   * After the reply, over the selection: follow-ups sent (补充说明, each counted), the feedback
   * followed up, review requests (请求复查, one per feedback at most), and what awaits staff
   * now (待回应) by kind, and past its day.
   */
  afterReply: { followUps: number; followedUp: number; reviewRequests: number; awaiting: { followUp: number; review: number; late: number } };
  weekly: Array<{ weekStart: string; received: number; replied: number }>;
}

/** The groups' counts summed by `key`, in the order first seen. */
function sumBy<K>(groups: SelectionGroup[], key: (g: SelectionGroup) => K): Grouped<K> {
  const sums = new Map<K, number>();
  for (const g of groups) sums.set(key(g), (sums.get(key(g)) ?? 0) + g.count);
  return [...sums].map(([k, n]) => ({ key: k, count: n }));
}

/**
 * The selection's departments (null: none yet) with their counts, most first, then by name as
 * SQLite orders text (its bytes; the same as code points), the unassigned first among equals.
 */
function byDepartmentOf(groups: SelectionGroup[]) {
  const names = new Map(groups.map((g) => [g.departmentId, g.departmentName]));
  const byName = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  return sumBy(groups, (g) => g.departmentId)
    .map(({ key, count }) => ({ departmentId: key, name: names.get(key) ?? null, count }))
    .sort((a, b) => b.count - a.count || byName(a.name, b.name));
}

/** Every value of an enumeration with its count, zeros included, in the enumeration's order. */
function complete<K extends string>(values: readonly K[], grouped: Grouped<K>): Array<{ key: K; count: number }> {
  const counts = new Map(grouped.map((g) => [g.key, g.count]));
  return values.map((key) => ({ key, count: counts.get(key) ?? 0 }));
}

async function durations(db: Db, where: ReturnType<typeof inboxWhere>, kind: DurationKind): Promise<Durations> {
  const { n, at } = await durationRanks(db, where, kind, [PERCENTILES.median, PERCENTILES.p90]);
  const ms = (p: number) => percentile(n, p, (i) => at.get(i));
  const [median, p90] = [ms(PERCENTILES.median), ms(PERCENTILES.p90)];
  return { count: n, medianDays: days1(median), p90Days: days1(p90), medianWholeDays: wholeDaysUp(median), p90WholeDays: wholeDaysUp(p90) };
}

export async function statsReport(db: Db, filter: StatsFilter, scope: InboxScope, now: number): Promise<StatsReport> {
  const inbox: InboxFilter = { noticeSlug: filter.noticeSlug, from: filter.from, to: filter.to };
  const where = inboxWhere(inbox, scope, now);
  const weeks = lastWeeks(now, TREND_WEEKS);
  const since = Date.parse(`${weeks[0]}T00:00:00+08:00`);
  const [groups, byItem, ack, reply, overdue, weekly, late, headingNotices, after] = await Promise.all([
    selectionGroups(db, where),
    countByItem(db, where),
    durations(db, where, 'acknowledge'),
    durations(db, where, 'reply'),
    overdueNow(db, inbox, scope, now, OVERDUE_REFS_MAX),
    weeklyCounts(db, where, since),
    lateCounts(db, where, shanghaiDate(now), OPEN_STATUSES, scope.overdueRule),
    reportNotices(db, where, filter.noticeSlug),
    afterReplyCounts(db, where, shanghaiDate(now)),
  ]);
  const total = groups.reduce((n, g) => n + g.count, 0);
  const withPhotos = groups.reduce((n, g) => n + g.withPhotos, 0);
  const span = {
    first: groups.length === 0 ? null : Math.min(...groups.map((g) => g.first)),
    last: groups.length === 0 ? null : Math.max(...groups.map((g) => g.last)),
  };
  const kinds = sumBy(groups, (g) => g.kind);
  const statuses = sumBy(groups, (g) => g.status);
  const channels = sumBy(groups, (g) => g.channel);
  const byDepartment = byDepartmentOf(groups);
  const ratings = sumBy(groups, (g) => g.rating).filter((r): r is { key: number; count: number } => r.key !== null);
  const rating = new Map(ratings.map((r) => [r.key, r.count]));
  const satisfaction = { rated: ratings.reduce((sum, r) => sum + r.count, 0), satisfied: rating.get(3) ?? 0, basicallySatisfied: rating.get(2) ?? 0, dissatisfied: rating.get(1) ?? 0 };
  const received = new Map(weekly.received.map((w) => [w.week, w.count]));
  const replied = new Map(weekly.replied.map((w) => [w.week, w.count]));
  return {
    generatedAt: now,
    heading: {
      notices: headingNotices,
      firstReceived: span.first === null ? null : shanghaiDate(span.first),
      lastReceived: span.last === null ? null : shanghaiDate(span.last),
    },
    total,
    withPhotos,
    byItem: byItem.map((r) => ({
      notice: { slug: r.noticeSlug },
      item: itemOfRow(r.itemId, r),
      count: r.count,
    })),
    byKind: complete(FEEDBACK_KINDS, kinds).map(({ key, count }) => ({ kind: key, label: kindLabels[key], count })),
    byStatus: complete(FEEDBACK_STATUSES, statuses).map(({ key, count }) => ({ status: key, label: statusLabels[key], count })),
    byChannel: complete(FEEDBACK_CHANNELS, channels).map(({ key, count }) => ({ channel: key, label: channelLabels[key], count })),
    byDepartment: byDepartment.map((r) => ({ department: r.departmentId === null ? null : { id: r.departmentId, name: r.name ?? '' }, count: r.count })),
    timeToAcknowledge: ack,
    timeToReply: reply,
    late: {
      acknowledge: { total: late.acknowledgedLate + late.unacknowledged, decidedLate: late.acknowledgedLate, undecided: late.unacknowledged },
      reply: { total: late.repliedLate + late.unreplied, repliedLate: late.repliedLate, unreplied: late.unreplied },
    },
    overdue: {
      total: overdue.total,
      acknowledge: overdue.acknowledge,
      reply: overdue.reply,
      refs: overdue.refs.slice(0, OVERDUE_REFS_MAX),
      refsTruncated: overdue.refs.length > OVERDUE_REFS_MAX,
    },
    satisfaction: { ...satisfaction, rate: satisfactionRate(satisfaction) },
    afterReply: {
      followUps: after.followUps,
      followedUp: after.followedUp,
      reviewRequests: after.reviewRequests,
      awaiting: { followUp: after.awaitingFollowUp, review: after.awaitingReview, late: after.awaitingLate },
    },
    weekly: weeks.map((weekStart) => ({ weekStart, received: received.get(weekStart) ?? 0, replied: replied.get(weekStart) ?? 0 })),
  };
}
