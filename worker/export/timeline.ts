/**
 * The timeline (办理记录): one row per event of each exported feedback, with the
 * feedback's reference first so that it can be matched to the ledger. The
 * receipt of a feedback staff logged without the time of day is dated, not timed.
 */
import { statusLabels } from '../feedback/labels';
import type { FeedbackStatus } from '../staff/workflow';
import { dateCell, dateTimeCell, labelled, text, wide, yesNo, SHANGHAI_TIME, type Column } from './columns';
import { shanghaiDateTime, shanghaiDay, shanghaiIso } from './format';

export interface TimelineRow {
  ref: string;
  at: number;
  /** The time of day is not known (the receipt of a feedback logged without it): give the date only. */
  dateOnly: boolean;
  type: string;
  public: boolean;
  fromStatus: FeedbackStatus | null;
  toStatus: FeedbackStatus | null;
  text: string | null;
  actor: { id: number; displayName: string } | null;
}

/** Every event type the workflow, the public form and the rating write. */
export const eventLabels: Record<string, string> = {
  submitted: '收到反馈',
  accepted: '受理',
  declined: '不予受理',
  duplicate: '标记为重复',
  spam: '标记为无效',
  in_progress: '交办',
  replied: '答复',
  closed: '办结',
  reopened: '重新打开',
  extended: '延期',
  assigned: '更改承办部门',
  note: '内部备注',
  rated: '反映人评价',
  follow_up: '反映人补充说明',
  review_request: '反映人请求复查',
  answered: '回复补充说明或复查请求',
  attention_cleared: '补充说明或复查请求已处理',
  mail_answer: '邮件回信',
};

export const timelineColumns: readonly Column<TimelineRow>[] = [
  wide(text('ref', '编号', (r) => r.ref), 16),
  wide(
    {
      key: 'at',
      header: '时间' + SHANGHAI_TIME,
      cell: (r) => (r.dateOnly ? shanghaiDay(r.at) : shanghaiDateTime(r.at)),
      json: (r) => (r.dateOnly ? shanghaiDay(r.at) : shanghaiIso(r.at)),
      xlsx: (r) => (r.dateOnly ? dateCell(shanghaiDay(r.at)) : dateTimeCell(r.at)),
    },
    18,
  ),
  { key: 'type', header: '事件', cell: (r) => eventLabels[r.type] ?? r.type, json: (r) => r.type, width: 12 },
  wide(labelled('fromStatus', '原状态', (r) => r.fromStatus, statusLabels), 8),
  wide(labelled('toStatus', '新状态', (r) => r.toStatus, statusLabels), 8),
  wide(text('text', '说明', (r) => r.text), 60),
  wide(yesNo('public', '是否公开', (r) => r.public), 8),
  { key: 'actor', header: '操作人', cell: (r) => r.actor?.displayName ?? null, json: (r) => r.actor, width: 12 },
];
