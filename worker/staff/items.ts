/**
 * Rectification items as staff watch them. An item the notice calls completed
 * (已完成) is disputed when enough members of the public report that the problem
 * remains: reports that staff have not declined or marked as spam.
 */
import type { FEEDBACK_KINDS, ITEM_STATUSES } from '../db/schema';
import type { FeedbackStatus } from './workflow';

/** Reports on a completed item that make it disputed. */
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
}

export function emptyCounts(): FeedbackCounts {
  return {
    total: 0,
    byKind: { opinion: 0, suggestion: 0, report: 0, praise: 0 },
    byStatus: { new: 0, accepted: 0, declined: 0, duplicate: 0, spam: 0, in_progress: 0, replied: 0, closed: 0 },
    standingReports: 0,
  };
}

export function addToCounts(c: FeedbackCounts, kind: FeedbackKind, status: FeedbackStatus, n: number): void {
  c.total += n;
  c.byKind[kind] += n;
  c.byStatus[status] += n;
  if (kind === 'report' && !(DISMISSED_STATUSES as readonly FeedbackStatus[]).includes(status)) c.standingReports += n;
}

export function isDisputed(status: ItemStatus, counts: Pick<FeedbackCounts, 'standingReports'>, threshold = DISPUTED_REPORTS): boolean {
  return status === 'completed' && counts.standingReports >= threshold;
}
