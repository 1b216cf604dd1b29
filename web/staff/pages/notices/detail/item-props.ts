/**
 * What an item's forms share: their props, the statuses to choose from, and
 * whether the notice's statuses change over time or are simply corrected.
 */
import { itemStatusLabels } from '../../../../../worker/feedback/labels';
import type { NoticeState } from '../../../../../worker/notice/lifecycle';
import type { NoticeItem, StaffNoticeDetail } from '../../../lib/notice-api';

export interface ItemProps {
  notice: StaffNoticeDetail;
  item: NoticeItem;
  onChanged: (d: StaffNoticeDetail) => void;
  onStale: () => void;
}

export const STATUS_OPTIONS = (Object.keys(itemStatusLabels) as Array<keyof typeof itemStatusLabels>).map((s) => ({ value: s, label: itemStatusLabels[s] }));

/** A published notice's statuses change over time; a draft's are simply corrected. */
export const changesOverTime = (state: NoticeState) => state !== 'draft';
