/**
 * Rectification items as staff watch them. An item the notice calls completed
 * (已完成) is disputed when enough members of the public report that the problem
 * remains: reports that staff have not declined or marked as spam, from at least
 * DISPUTED_REPORTS distinct submitters (db/submitters.ts: a web client counts
 * once however many it sends; each feedback staff entered counts on its own).
 *
 * The figures cover the feedback the user sees in the inbox: a member of staff
 * bound to a department sees the counts of their department's feedback only,
 * and the internal comments of their department's items only (roles.ts
 * scopeOf). Plain functions of rows the queries in db/staff-items.ts return.
 */
import type { FEEDBACK_KINDS, ITEM_STATUSES } from '../db/schema';
import type { NoticeItemRows } from '../db/staff-items';
import type { FeedbackStatus } from './workflow';
import { itemOfRow } from '../db/item-label';

/** Distinct submitters of standing reports on a completed item that make it disputed. */
export const DISPUTED_REPORTS = 3;
/** Reports in these statuses do not count against an item. */
export const DISMISSED_STATUSES = ['declined', 'spam'] as const satisfies readonly FeedbackStatus[];
export const COMMENT_MAX = 2000;

export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export interface FeedbackCounts {
  total: number;
  byKind: Record<FeedbackKind, number>;
  byStatus: Record<FeedbackStatus, number>;
  /** Reports not declined or marked as spam. */
  standingReports: number;
  /** How many distinct submitters sent those reports. */
  standingReporters: number;
}

export function emptyCounts(): FeedbackCounts {
  return {
    total: 0,
    byKind: { opinion: 0, suggestion: 0, report: 0, praise: 0 },
    byStatus: { new: 0, accepted: 0, declined: 0, duplicate: 0, spam: 0, in_progress: 0, replied: 0, closed: 0 },
    standingReports: 0,
    standingReporters: 0,
  };
}

export function addToCounts(c: FeedbackCounts, kind: FeedbackKind, status: FeedbackStatus, n: number): void {
  c.total += n;
  c.byKind[kind] += n;
  c.byStatus[status] += n;
  if (kind === 'report' && !(DISMISSED_STATUSES as readonly FeedbackStatus[]).includes(status)) c.standingReports += n;
}

export function isDisputed(status: ItemStatus, counts: Pick<FeedbackCounts, 'standingReporters'>, threshold = DISPUTED_REPORTS): boolean {
  return status === 'completed' && counts.standingReporters >= threshold;
}

/** Each item's counts (the key null: the notice as a whole). */
function countsByItem(rows: Pick<NoticeItemRows, 'counts' | 'reporters'>): Map<number | null, FeedbackCounts> {
  const counts = new Map<number | null, FeedbackCounts>();
  const of = (itemId: number | null) => {
    let c = counts.get(itemId);
    if (!c) counts.set(itemId, (c = emptyCounts()));
    return c;
  };
  for (const r of rows.counts) addToCounts(of(r.itemId), r.kind, r.status, r.n);
  for (const r of rows.reporters) of(r.itemId).standingReporters = r.n;
  return counts;
}

export interface StaffItemView {
  id: number;
  label: string;
  fullLabel: string;
  title: string;
  status: ItemStatus;
  statusText: string | null;
  department: { id: number; name: string } | null;
  counts: FeedbackCounts;
  disputed: boolean;
}

/**
 * The items screen: each item with its counts and flag, the feedback on the
 * notice as a whole, and the department the figures are confined to (null: all).
 */
export function itemsView(rows: NoticeItemRows, scope: number | null) {
  const counts = countsByItem(rows);
  const items: StaffItemView[] = rows.items.map(({ item, departmentName, path }) => {
    const c = counts.get(item.id) ?? emptyCounts();
    return {
      id: item.id,
      label: item.label,
      fullLabel: itemOfRow(item.id, path)?.fullLabel ?? item.label,
      title: item.title,
      status: item.status,
      statusText: item.statusText,
      department: item.departmentId === null ? null : { id: item.departmentId, name: departmentName ?? '' },
      counts: c,
      disputed: isDisputed(item.status, c),
    };
  });
  return { notice: rows.notice, scope: scope === null ? null : { departmentId: scope }, items, wholeNotice: counts.get(null) ?? emptyCounts() };
}

export type ItemsView = ReturnType<typeof itemsView>;
