/**
 * The inbox's views: the filters each quick link and each count of the today bar
 * sets in the address. Plain data, so the worker tests can prove that each count
 * of GET /api/staff/feedback/today equals the list under its view.
 *
 * With no filter at all the inbox opens on what the user works on first
 * (defaultView): a clerk on 待受理, the new feedback to triage; a department's
 * handler or viewer on 未办结, since their department's work comes to them once
 * a clerk has accepted and assigned it. 全部 is asked for by name (`status=all`),
 * so that an address never means two things.
 * Overdue and due-soon feedback is open by definition: their views say so in the
 * status too (未办结), so the status select agrees with the list.
 */
import type { TodayCounts } from '../../../../worker/db/staff-inbox';

export type ViewQuery = Record<string, string>;

/** The status value that means every status; never sent to the API. */
export const ALL_STATUSES = 'all';

/** A clerk's first view (a handler without a department, an admin): the new feedback to triage. */
export const TRIAGE_VIEW: ViewQuery = { status: 'new' };
/** A department's first view: its open work, most of which reaches it already accepted. */
export const DEPARTMENT_VIEW: ViewQuery = { status: 'open' };

/** The view the inbox opens on for a user confined to `ownDepartment` (null: every department). */
export function defaultView(ownDepartment: number | null): ViewQuery {
  return ownDepartment === null ? TRIAGE_VIEW : DEPARTMENT_VIEW;
}

export interface TodayView {
  key: keyof TodayCounts;
  label: string;
  query: ViewQuery;
}

/** The today bar, in the order a clerk deals with them. */
export const TODAY_VIEWS: TodayView[] = [
  { key: 'overdue', label: '已超期', query: { status: 'open', overdue: '1' } },
  { key: 'dueSoon', label: '即将超期', query: { status: 'open', dueSoon: '1' } },
  { key: 'new', label: '待受理', query: { status: 'new' } },
  { key: 'returned', label: '已退回', query: { status: 'open', returned: '1' } },
  // A follow-up or review request after the reply: the feedback is replied or closed, so no status.
  { key: 'attention', label: '待回应', query: { attention: 'any' } },
];

/** The other quick links, after the today bar. */
export const QUICK_VIEWS: Array<{ label: string; query: ViewQuery }> = [
  { label: '未办结', query: { status: 'open' } },
  { label: '全部', query: { status: ALL_STATUSES } },
];

/** The filters in force: the address's own, or the user's default view when it has none. */
export function effectiveFilters<T extends Record<string, string | undefined>>(filters: T, view: ViewQuery): T {
  return Object.values(filters).some((v) => v !== undefined && v !== '') ? filters : ({ ...view } as T);
}

/** The filters as the API takes them: `status=all` is no status filter. */
export function apiFilters(filters: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '' && !(k === 'status' && v === ALL_STATUSES)) out[k] = v;
  return out;
}

/** Whether the filters are exactly this view's. */
export function isView(filters: Record<string, string | undefined>, query: ViewQuery): boolean {
  const set = Object.entries(filters).filter(([, v]) => v !== undefined && v !== '');
  return set.length === Object.keys(query).length && set.every(([k, v]) => query[k] === v);
}
