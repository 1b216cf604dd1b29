/**
 * The console's calls for notices already saved: the list, one notice, its
 * lifecycle, edits of its facts and items, and changes of an item's status.
 * Types only from the worker. Every change carries the notice's updatedAt as
 * read, so a change made meanwhile by someone else is refused (409 stale).
 */
import type { StatusChange } from '../../../worker/db/item-history';
import type { StaffNoticeSummary } from '../../../worker/db/notice-states';
import type { ItemStatus, NoticeState } from '../../../worker/notice/lifecycle';
import type { StaffNoticeDetail } from '../../../worker/routes/staff/notice-detail';
import { api } from './api';

export type { StaffNoticeDetail, StaffNoticeSummary, StatusChange };
export type NoticeItem = StaffNoticeDetail['parts'][number]['items'][number];

/** A notice as the console read it: which one, and which version. */
type Read = { slug: string; updatedAt: number };

export interface NoticeMetaChanges {
  title?: string;
  issuer?: string;
  publishedOn?: string | null;
  slug?: string;
  refPrefix?: string;
}

export interface ItemChanges {
  label?: string;
  title?: string;
  body?: string;
  measures?: string;
  statusText?: string | null;
  status?: ItemStatus;
}

const path = (slug: string, rest = '') => `/api/staff/notices/${encodeURIComponent(slug)}${rest}`;

export const noticeApi = {
  list: () => api.get<{ notices: StaffNoticeSummary[] }>('/api/staff/notices'),
  get: (slug: string) => api.get<StaffNoticeDetail>(path(slug)),
  changeState: (n: Read, to: NoticeState, closedOn?: string) =>
    api.post<StaffNoticeDetail>(path(n.slug, '/state'), { to, ...(closedOn ? { closedOn } : {}), updatedAt: n.updatedAt }),
  edit: (n: Read, changes: NoticeMetaChanges) => api.patch<StaffNoticeDetail>(path(n.slug), { ...changes, updatedAt: n.updatedAt }),
  editItem: (n: Read, itemId: number, changes: ItemChanges) => api.patch<StaffNoticeDetail>(path(n.slug, `/items/${itemId}`), { ...changes, updatedAt: n.updatedAt }),
  changeStatus: (n: Read, itemId: number, change: { status: ItemStatus; changedOn?: string; note: string }) =>
    api.post<StaffNoticeDetail>(path(n.slug, `/items/${itemId}/status`), { ...change, updatedAt: n.updatedAt }),
};
