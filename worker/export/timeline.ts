/**
 * The timeline (办理记录): one row per event of each exported feedback, with the
 * feedback's reference first so that it can be matched to the ledger.
 */
import { statusLabels } from '../feedback/labels';
import type { FeedbackStatus } from '../staff/workflow';
import { instant, labelled, text, wide, yesNo, type Column } from './columns';

export interface TimelineRow {
  ref: string;
  at: number;
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
};

export const timelineColumns: readonly Column<TimelineRow>[] = [
  wide(text('ref', '编号', (r) => r.ref), 16),
  wide(instant('at', '时间', (r) => r.at), 18),
  { key: 'type', header: '事件', cell: (r) => eventLabels[r.type] ?? r.type, json: (r) => r.type, width: 12 },
  wide(labelled('fromStatus', '原状态', (r) => r.fromStatus, statusLabels), 8),
  wide(labelled('toStatus', '新状态', (r) => r.toStatus, statusLabels), 8),
  wide(text('text', '说明', (r) => r.text), 60),
  wide(yesNo('public', '是否公开', (r) => r.public), 8),
  { key: 'actor', header: '操作人', cell: (r) => r.actor?.displayName ?? null, json: (r) => r.actor, width: 12 },
];
