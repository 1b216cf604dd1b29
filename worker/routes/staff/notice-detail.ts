/**
 * One notice as the console's 通报 screens show it: the public view of the
 * notice in whatever state (drafts too), with what staff need to change it:
 * its version for compare-and-set, the states it may move to, and which
 * fields are still open to editing.
 */
import type { Db } from '../../db/client';
import { findAnyNotice } from '../../db/notice-states';
import { noticeViewOf, type NoticeRow, type NoticeView } from '../../db/notices';
import { ApiError } from '../../http/errors';
import { errorMessages } from '../../messages';
import { DRAFT_ONLY_FIELDS, NEXT_STATES, SLUG, type DraftOnlyField, type NoticeState } from '../../notice/lifecycle';
import { noticeErrors } from '../../staff/notice-messages';

export interface StaffNoticeDetail extends NoticeView {
  sourceNote: string | null;
  /** notices.updated_at as read: send it back as `updatedAt` with a change. */
  updatedAt: number;
  /** The states this notice may move to now. */
  transitions: NoticeState[];
  /** Fields that can no longer change (the slug and the reference prefix, once published). */
  lockedFields: DraftOnlyField[];
}

export async function noticeDetail(db: Db, notice: NoticeRow): Promise<StaffNoticeDetail> {
  return {
    ...(await noticeViewOf(db, notice)),
    sourceNote: notice.sourceNote,
    updatedAt: notice.updatedAt,
    transitions: [...NEXT_STATES[notice.state]],
    lockedFields: notice.state === 'draft' ? [] : [...DRAFT_ONLY_FIELDS],
  };
}

/** The notice named in the path, in any state, or 404. */
export async function noticeOr404(db: Db, slug: string): Promise<NoticeRow> {
  const notice = SLUG.test(slug) ? await findAnyNotice(db, slug) : null;
  if (!notice) throw new ApiError(404, 'notice_not_found', errorMessages.noticeNotFound);
  return notice;
}

/** The notice as the caller read it: a change made on an older read is refused before it is planned. */
export function asRead(notice: NoticeRow, updatedAt: number | undefined): NoticeRow {
  if (updatedAt !== undefined && updatedAt !== notice.updatedAt) throw staleNotice();
  return notice;
}

export const staleNotice = () => new ApiError(409, 'stale', noticeErrors.stale);
