/**
 * The ledger (台账): one row per feedback, its columns in the order supervisors
 * asked for, used by CSV, XLSX and NDJSON alike. A feedback logged by staff
 * without the time of day is given with its date only (`receivedTimeUnknown`),
 * never with the midnight it is stored at.
 */
import type { FEEDBACK_CHANNELS, FEEDBACK_KINDS } from '../db/schema';
import type { Lateness } from '../db/stats';
import { channelLabels, kindLabels, ratingLabels, statusLabels } from '../feedback/labels';
import type { FeedbackStatus, Overdue } from '../staff/workflow';
import { dateCell, dateTimeCell, day, instant, labelled, text, wide, yesNo, SHANGHAI_TIME, type Column } from './columns';
import { shanghaiDateTime, shanghaiDay, shanghaiIso } from './format';
import { itemHeading } from '../notice/item-label';

export interface LedgerRow {
  id: number;
  ref: string;
  receivedAt: number;
  /** Staff logged it without the time of day: receivedAt is the start of that day, and only the date is given. */
  receivedTimeUnknown: boolean;
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
  /** The feedback this one repeats (status duplicate). */
  duplicateOf: { id: number; ref: string } | null;
  /** Why it was not accepted, as told to the submitter: the text of its last 不予受理, while it stays declined. */
  declineReason: string | null;
  /** When the acknowledgement was decided (the first of accepted, declined, duplicate, spam): when the person was told; null while undecided. */
  decidedAt: number | null;
  acceptedAt: number | null;
  repliedAt: number | null;
  closedAt: number | null;
  acknowledgeBy: string;
  replyBy: string;
  /** The legal last days (民法典 第二百零三条 by analogy), where they differ from the calendar days. */
  acknowledgeByLegal: string | null;
  replyByLegal: string | null;
  /** Days added to replyBy by the one extension (第三十四条), and why; 0 and null without one. */
  extensionDays: number;
  extensionReason: string | null;
  /** Open and past its deadline as of the moment the export started (the inbox's and the statistics' `overdue`). */
  overdue: Overdue;
  /**
   * Late for each step as the statistics count it (db/stats.ts `lateness`), as of the export's
   * moment: 'late' when decided (replied) on a day after the deadline, 'overdue' when still waiting past it.
   */
  late: { acknowledge: Lateness; reply: Lateness };
  reply: string | null;
  rating: 1 | 2 | 3 | null;
  ratingComment: string | null;
  /** Follow-ups (补充说明) the submitter sent after the reply, and when the last came. */
  followUps: number;
  lastFollowUpAt: number | null;
  /** When the submitter asked for a review (请求复查, once per feedback). */
  reviewRequestedAt: number | null;
  /** What awaits staff now, and by which day (feedback/after-reply.ts). */
  attention: 'follow_up' | 'review' | null;
  attentionBy: string | null;
  /**
   * The evidence photos (issue 14), never their bytes: name, size, and the staff route of each
   * (an audited view; null once the retention erasure removed it).
   */
  photos: Array<{ name: string; size: number; url: string | null }>;
  /** The console's page of the feedback, where its photos are seen; null without photos. */
  photosLink: string | null;
}

const attentionLabels = { follow_up: '补充说明', review: '请求复查' } as const;

/** Each item's heading, built once: the rows of an export share their item's object (export/query.ts). */
const headings = new WeakMap<NonNullable<LedgerRow['item']>, string>();

function itemCell(item: LedgerRow['item']): string {
  if (item === null) return itemHeading(null);
  let heading = headings.get(item);
  if (heading === undefined) headings.set(item, (heading = itemHeading(item)));
  return heading;
}

/** 收到时间: the wall-clock time, or the date alone when staff did not know the time. */
const receivedColumn: Column<LedgerRow> = {
  key: 'receivedAt',
  header: '收到时间' + SHANGHAI_TIME,
  cell: (r) => (r.receivedTimeUnknown ? shanghaiDay(r.receivedAt) : shanghaiDateTime(r.receivedAt)),
  json: (r) => (r.receivedTimeUnknown ? shanghaiDay(r.receivedAt) : shanghaiIso(r.receivedAt)),
  xlsx: (r) => (r.receivedTimeUnknown ? dateCell(shanghaiDay(r.receivedAt)) : dateTimeCell(r.receivedAt)),
};


/** A photo's size as people read it: KB below a megabyte (at least 1), MB with one decimal above. */
export function photoSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 照片: each photo's name and size (已删除 once erased), then the link to the feedback in the console. */
export function photosText(r: Pick<LedgerRow, 'photos' | 'photosLink'>): string | null {
  if (r.photos.length === 0) return null;
  return [...r.photos.map((p) => `${p.name}（${p.url === null ? '已删除' : photoSize(p.size)}）`), r.photosLink].join('；');
}

/** The words of the statistics page for each kind of lateness. */
const lateLabels = {
  acknowledge: { late: '超过期限才作出受理决定', overdue: '超过期限仍未受理' },
  reply: { late: '超过期限才答复', overdue: '超过期限仍未答复' },
} as const;

/** 是否超期: 否, or what was late (acknowledgement, then reply), as 统计 counts it. */
export function lateText(late: LedgerRow['late']): string {
  const parts: string[] = [];
  if (late.acknowledge) parts.push(lateLabels.acknowledge[late.acknowledge]);
  if (late.reply) parts.push(lateLabels.reply[late.reply]);
  return parts.length === 0 ? '否' : parts.join('；');
}

export const ledgerColumns: readonly Column<LedgerRow>[] = [
  wide(text('ref', '编号', (r) => r.ref), 16),
  wide(receivedColumn, 18),
  { key: 'receivedTimeUnknown', header: '', cell: () => null, json: (r) => r.receivedTimeUnknown, jsonOnly: true },
  wide(labelled('channel', '渠道', (r) => r.channel, channelLabels), 8),
  { key: 'notice', header: '通报', cell: (r) => r.notice.title, json: (r) => r.notice, width: 24 },
  { key: 'item', header: '整改事项', cell: (r) => itemCell(r.item), json: (r) => r.item, width: 30 },
  wide(labelled('kind', '类别', (r) => r.kind, kindLabels), 8),
  wide(text('content', '内容', (r) => r.content), 60),
  wide(yesNo('anonymous', '是否匿名', (r) => r.anonymous), 8),
  wide(text('name', '姓名', (r) => r.name), 10),
  wide(text('phone', '电话', (r) => r.phone), 14),
  wide(text('email', '邮箱', (r) => r.email), 22),
  { key: 'department', header: '承办部门', cell: (r) => r.department?.name ?? null, json: (r) => r.department, width: 14 },
  wide(labelled('status', '状态', (r) => r.status, statusLabels), 8),
  { key: 'duplicateOf', header: '重复于', cell: (r) => r.duplicateOf?.ref ?? null, json: (r) => r.duplicateOf, width: 16 },
  wide(text('declineReason', '不予受理理由', (r) => r.declineReason), 30),
  wide(instant('decidedAt', '受理决定时间', (r) => r.decidedAt), 18),
  wide(instant('acceptedAt', '受理时间', (r) => r.acceptedAt), 18),
  wide(instant('repliedAt', '答复时间', (r) => r.repliedAt), 18),
  wide(instant('closedAt', '办结时间', (r) => r.closedAt), 18),
  wide(day('acknowledgeBy', '受理期限', (r) => r.acknowledgeBy), 11),
  wide(day('replyBy', '答复期限', (r) => r.replyBy), 11),
  // Empty where the calendar day is its own legal day (or the calendar cannot say; the console flags that).
  wide(day('acknowledgeByLegal', '法定受理期限', (r) => r.acknowledgeByLegal), 13),
  wide(day('replyByLegal', '法定答复期限', (r) => r.replyByLegal), 13),
  {
    key: 'extensionDays',
    header: '延期天数',
    cell: (r) => (r.extensionDays > 0 ? r.extensionDays : null),
    json: (r) => (r.extensionDays > 0 ? r.extensionDays : null),
    width: 8,
  },
  wide(text('extensionReason', '延期理由', (r) => r.extensionReason), 30),
  { key: 'overdue', header: '', cell: () => null, json: (r) => ({ ...r.overdue }), jsonOnly: true },
  { key: 'late', header: '是否超期', cell: (r) => lateText(r.late), json: (r) => ({ ...r.late }), width: 30 },
  wide(text('reply', '答复内容', (r) => r.reply), 60),
  wide(labelled('rating', '满意度', (r) => r.rating, ratingLabels), 8),
  wide(text('ratingComment', '评价意见', (r) => r.ratingComment), 30),
  // Blank rather than 0 where none was sent, as 延期天数; NDJSON keeps the count.
  { key: 'followUps', header: '补充说明次数', cell: (r) => (r.followUps > 0 ? r.followUps : null), json: (r) => r.followUps, width: 10 },
  wide(instant('lastFollowUpAt', '最近补充说明时间', (r) => r.lastFollowUpAt), 18),
  wide(instant('reviewRequestedAt', '请求复查时间', (r) => r.reviewRequestedAt), 18),
  wide(labelled('attention', '待回应', (r) => r.attention, attentionLabels), 10),
  wide(day('attentionBy', '回应期限', (r) => r.attentionBy), 11),
  { key: 'photos', header: '照片', cell: photosText, json: (r) => r.photos.map((p) => ({ ...p })), width: 40 },
];
