/**
 * Every call the console makes, typed with the API's own types (imported as
 * types only: none of the worker's code reaches the browser this way).
 */
import type { listAudit } from '../../../worker/db/audit';
import type { Department, DepartmentCounts } from '../../../worker/db/departments';
import type { NoticeSummary, NoticeView } from '../../../worker/db/notices';
import type { ReplyTemplate } from '../../../worker/db/reply-templates';
import type { SimilarFeedback } from '../../../worker/db/similar-feedback';
import type { inboxPage, TodayCounts } from '../../../worker/db/staff-inbox';
import type { CommentView as CommentRow } from '../../../worker/db/staff-items';
import type { CommentPhoto } from './photos';
import type { ListedStaffUser, PublicStaffUser } from '../../../worker/db/staff-users';
import type { SetupPurpose } from '../../../worker/db/staff-setup-tokens';
import type { ManualEntryReceipt } from '../../../worker/routes/staff/feedback';
import type { FeedbackDetail } from '../../../worker/routes/staff/feedback-view';
import type { ItemsView } from '../../../worker/staff/items';
import type { Contact } from '../../../worker/staff/masking';
import type { Permission, StaffUser } from '../../../worker/staff/roles';
import type { BulkAction, BulkAnswer } from '../../../worker/staff/bulk';
import type { SourceFigures, SourceSpamResult } from '../../../worker/staff/sources';
import type { FeedbackStatus } from '../../../worker/staff/workflow';
import { api } from './api';
import { withSealedSearch } from './search-words';

export type SessionUser = StaffUser & { permissions: Permission[] };
export interface SessionInfo {
  user: SessionUser;
  expiresAt: number | null;
  idleTimeoutSeconds: number;
  maxExtensionDays: number;
  /** The statutory periods (ACKNOWLEDGE_DAYS, REPLY_DAYS), for manual entry's warning before saving. */
  acknowledgeDays: number;
  replyDays: number;
}
export type InboxPage = Awaited<ReturnType<typeof inboxPage>>;
export type { FeedbackDetail };
export type { Department, DepartmentCounts };
export type { ItemsView };
export type StaffItem = ItemsView['items'][number];
export type AuditPage = Awaited<ReturnType<typeof listAudit>>;
/** An account with its new one-time setup link: the only answer that ever holds one. */
export interface AccountWithLink {
  user: PublicStaffUser;
  setupLink: string;
  expiresAt: number;
}
export interface SetupLinkInfo {
  email: string;
  displayName: string;
  purpose: SetupPurpose;
  expiresAt: number;
}
export interface AccountChange {
  role?: string;
  departmentId?: number | null;
  displayName?: string | null;
}
export type ManualReceipt = ManualEntryReceipt;
export type { SourceFigures, SourceSpamResult };
export type { ReplyTemplate, SimilarFeedback };
/** What a hand-back (退回) answers: the feedback has left the handler's department, so not its detail. */
export interface ReturnedFeedback {
  id: number;
  ref: string;
  status: FeedbackStatus;
  returned: { at: number; reason: string | null };
}
export type { BulkAction, BulkAnswer, TodayCounts };
/** A comment on an item, with its photos (issue 14). */
export type CommentView = CommentRow & { photos: CommentPhoto[] };
export type { ListedStaffUser, NoticeSummary, NoticeView, PublicStaffUser };

const STAFF = '/api/staff';
const feedbackPath = (id: number, action = '') => `${STAFF}/feedback/${id}${action}`;

export interface TransitionInput {
  to: FeedbackStatus;
  reason?: string;
  duplicateOf?: string;
  departmentId?: number;
  reply?: string;
}

export interface ManualEntryInput {
  channel: string;
  receivedAt: string;
  /** HH:MM; null or '' when not known. */
  receivedTime: string | null;
  noticeSlug: string;
  itemId: number | null;
  kind: string;
  content: string;
  anonymous: boolean;
  name: string | null;
  phone: string | null;
  email: string | null;
  consent: boolean;
}

/** A feedback as the console read it: which one, and which version. */
type Read = Pick<FeedbackDetail, 'id' | 'updatedAt'>;

export const staffApi = {
  session: () => api.get<SessionInfo>(`${STAFF}/session`),
  signIn: (email: string, password: string) => api.post<{ user: SessionUser }>(`${STAFF}/session`, { email, password }),
  signOut: () => api.delete<void>(`${STAFF}/session`),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<{ user: SessionUser }>(`${STAFF}/session/password`, { currentPassword, newPassword }),

  /** A page of the inbox; the search words go sealed (lib/search-words.ts), never in the URL. */
  inbox: (filters: Record<string, string>, cursor?: string) => withSealedSearch(filters, (sent) => api.get<InboxPage>(`${STAFF}/feedback`, { ...sent, cursor })),
  /** The today view's counts (overdue, due soon, new, returned) in the user's scope. */
  today: () => api.get<TodayCounts>(`${STAFF}/feedback/today`),
  /** One step on several feedback; `readAt` is when their list was read: what changed since is left as it is. */
  bulk: (input: { action: BulkAction; ids: number[]; departmentId?: number; readAt?: number }) => api.post<BulkAnswer>(`${STAFF}/feedback/bulk`, input),
  enter: (input: ManualEntryInput) => api.post<ManualReceipt>(`${STAFF}/feedback`, input),
  feedback: (id: number) => api.get<FeedbackDetail>(feedbackPath(id)),
  reveal: (id: number) => api.post<{ contact: Contact; consentAt: number | null }>(feedbackPath(id, '/reveal')),
  // Changes carry the version the clerk read, so a change made meanwhile by someone else is refused (409 stale).
  transition: (f: Read, input: TransitionInput) => api.post<FeedbackDetail>(feedbackPath(f.id, '/transition'), { ...input, updatedAt: f.updatedAt }),
  addNote: (id: number, text: string) => api.post<FeedbackDetail>(feedbackPath(id, '/notes'), { text }),
  extend: (f: Read, days: number, reason: string) => api.post<FeedbackDetail>(feedbackPath(f.id, '/extend'), { days, reason, updatedAt: f.updatedAt }),
  assign: (f: Read, departmentId: number | null) => api.post<FeedbackDetail>(feedbackPath(f.id, '/assignment'), { departmentId, updatedAt: f.updatedAt }),
  handBack: (f: Read, reason: string) => api.post<ReturnedFeedback>(feedbackPath(f.id, '/return'), { reason, updatedAt: f.updatedAt }),
  /** 已处理 a follow-up or review request, with an answer the submitter reads or without one. */
  answerAttention: (f: Read, text: string) => api.post<FeedbackDetail>(feedbackPath(f.id, '/attention'), { text: text.trim() || null, updatedAt: f.updatedAt }),
  /** 签收: sent when a handler of the feedback's department opens it; the first time counts. */
  markSeen: (id: number) => api.post<FeedbackDetail>(feedbackPath(id, '/seen')),
  similar: (id: number) => api.get<{ similar: SimilarFeedback[] }>(feedbackPath(id, '/similar')),

  replyTemplates: () => api.get<{ templates: ReplyTemplate[] }>(`${STAFF}/reply-templates`),
  addReplyTemplate: (title: string, body: string) => api.post<ReplyTemplate>(`${STAFF}/reply-templates`, { title, body }),
  // Changes carry the version the admin read: one made meanwhile by someone else is refused (409).
  changeReplyTemplate: (t: Pick<ReplyTemplate, 'id' | 'updatedAt'>, change: { title?: string; body?: string }) =>
    api.patch<ReplyTemplate>(`${STAFF}/reply-templates/${t.id}`, { ...change, updatedAt: t.updatedAt }),
  deleteReplyTemplate: (t: Pick<ReplyTemplate, 'id' | 'updatedAt'>) => api.delete<void>(`${STAFF}/reply-templates/${t.id}?updatedAt=${t.updatedAt}`),

  sourceFigures: (source: string, around: number) => api.get<SourceFigures>(`${STAFF}/sources/${source}`, { around: String(around) }),
  /** Marks as spam what the source sent in the hour around `around`, as read at `readAt`: whatever changed since stays. */
  markSourceSpam: (f: Pick<SourceFigures, 'source' | 'readAt'>, around: number) =>
    api.post<SourceSpamResult>(`${STAFF}/sources/${f.source}/spam`, { around, readAt: f.readAt }),

  items: (notice: string) => api.get<ItemsView>(`${STAFF}/items`, { notice }),
  comments: (itemId: number) => api.get<{ comments: CommentView[]; internal: boolean }>(`${STAFF}/items/${itemId}/comments`),
  addComment: (itemId: number, body: string, isPublic: boolean) =>
    api.post<{ comments: CommentView[]; internal: boolean; id: number }>(`${STAFF}/items/${itemId}/comments`, { body, public: isPublic }),
  setItemDepartment: (itemId: number, departmentId: number | null) =>
    api.post<{ id: number; departmentId: number | null }>(`${STAFF}/items/${itemId}/department`, { departmentId }),

  departments: () => api.get<{ departments: Department[] }>(`${STAFF}/departments`),
  addDepartment: (name: string) => api.post<Department>(`${STAFF}/departments`, { name }),
  department: (id: number) => api.get<Department & { counts: DepartmentCounts }>(`${STAFF}/departments/${id}`),
  renameDepartment: (id: number, name: string) => api.patch<Department>(`${STAFF}/departments/${id}`, { name }),
  mergeDepartment: (id: number, into: number) => api.post<{ into: Department; moved: DepartmentCounts }>(`${STAFF}/departments/${id}/merge`, { into }),
  users: () => api.get<{ users: ListedStaffUser[] }>(`${STAFF}/users`),
  addUser: (input: { email: string; displayName: string | null; role: string; departmentId: number | null }) =>
    api.post<AccountWithLink>(`${STAFF}/users`, input),
  changeUser: (id: number, change: AccountChange) => api.patch<{ user: PublicStaffUser }>(`${STAFF}/users/${id}`, change),
  disableUser: (id: number) => api.post<{ user: PublicStaffUser }>(`${STAFF}/users/${id}/disable`),
  enableUser: (id: number) => api.post<{ user: PublicStaffUser }>(`${STAFF}/users/${id}/enable`),
  resetUser: (id: number) => api.post<AccountWithLink>(`${STAFF}/users/${id}/reset`),
  /** A setup link, opened without a session: whose it is, then the password it sets (which signs in). */
  checkSetupLink: (token: string) => api.post<SetupLinkInfo>(`${STAFF}/setup`, { token }),
  setUpPassword: (token: string, newPassword: string) => api.post<{ user: SessionUser }>(`${STAFF}/setup/password`, { token, newPassword }),
  audit: (filters: Record<string, string>, before?: number) =>
    api.get<AuditPage>(`${STAFF}/audit`, { ...filters, before: before === undefined ? undefined : String(before) }),

  /** The notices staff work on (published, closed and archived; never drafts), for pickers. */
  notices: () => api.get<{ notices: NoticeSummary[] }>(`${STAFF}/items/notices`),
  /** The public notice API: one notice's parts and items for grouped pickers. */
  notice: (slug: string) => api.get<NoticeView>(`/api/notices/${encodeURIComponent(slug)}`),
};
