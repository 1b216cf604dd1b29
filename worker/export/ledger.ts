/**
 * The ledger (台账): one row per feedback, its columns in the order supervisors
 * asked for, used by CSV, XLSX and NDJSON alike.
 */
import type { FEEDBACK_CHANNELS, FEEDBACK_KINDS } from '../db/schema';
import { channelLabels, kindLabels, ratingLabels, statusLabels } from '../feedback/labels';
import type { FeedbackStatus, Overdue } from '../staff/workflow';
import { instant, labelled, text, wide, yesNo, type Column } from './columns';
import { itemHeading } from '../notice/item-label';

export interface LedgerRow {
  id: number;
  ref: string;
  receivedAt: number;
  channel: (typeof FEEDBACK_CHANNELS)[number];
  notice: { slug: string; title: string };
  item: { id: number; fullLabel: string; title: string } | null;
  kind: (typeof FEEDBACK_KINDS)[number];
  content: string;
  anonymous: boolean;
  /** Masked unless the member of staff may reveal contact details. */
  name: string | null;
  phone: string | null;
  email: string | null;
  department: { id: number; name: string } | null;
  status: FeedbackStatus;
  acceptedAt: number | null;
  repliedAt: number | null;
  closedAt: number | null;
  acknowledgeBy: string;
  replyBy: string;
  /** As of the moment the export started. */
  overdue: Overdue;
  reply: string | null;
  rating: 1 | 2 | 3 | null;
}


export function overdueText(o: Overdue): string {
  if (o.acknowledge && o.reply) return '受理、答复均超期';
  if (o.acknowledge) return '受理超期';
  if (o.reply) return '答复超期';
  return '否';
}

export const ledgerColumns: readonly Column<LedgerRow>[] = [
  wide(text('ref', '编号', (r) => r.ref), 16),
  wide(instant('receivedAt', '收到时间', (r) => r.receivedAt), 18),
  wide(labelled('channel', '渠道', (r) => r.channel, channelLabels), 8),
  { key: 'notice', header: '通报', cell: (r) => r.notice.title, json: (r) => r.notice, width: 24 },
  { key: 'item', header: '整改事项', cell: (r) => itemHeading(r.item), json: (r) => r.item, width: 30 },
  wide(labelled('kind', '类别', (r) => r.kind, kindLabels), 8),
  wide(text('content', '内容', (r) => r.content), 60),
  wide(yesNo('anonymous', '是否匿名', (r) => r.anonymous), 8),
  wide(text('name', '姓名', (r) => r.name), 10),
  wide(text('phone', '电话', (r) => r.phone), 14),
  wide(text('email', '邮箱', (r) => r.email), 22),
  { key: 'department', header: '责任部门', cell: (r) => r.department?.name ?? null, json: (r) => r.department, width: 14 },
  wide(labelled('status', '状态', (r) => r.status, statusLabels), 8),
  wide(instant('acceptedAt', '受理时间', (r) => r.acceptedAt), 18),
  wide(instant('repliedAt', '答复时间', (r) => r.repliedAt), 18),
  wide(instant('closedAt', '办结时间', (r) => r.closedAt), 18),
  wide(text('acknowledgeBy', '受理期限', (r) => r.acknowledgeBy), 11),
  wide(text('replyBy', '答复期限', (r) => r.replyBy), 11),
  { key: 'overdue', header: '是否超期', cell: (r) => overdueText(r.overdue), json: (r) => ({ ...r.overdue }), width: 14 },
  wide(text('reply', '答复内容', (r) => r.reply), 60),
  wide(labelled('rating', '满意度', (r) => r.rating, ratingLabels), 8),
];
