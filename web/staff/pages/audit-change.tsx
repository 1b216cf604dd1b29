/**
 * An audit entry's state before or after, as an admin reads it: each field by its
 * name in the console (状态, 承办部门, 受理时间 …) with its value in words (a
 * status's label, a department's name, a time on the Shanghai clock), rather
 * than the stored JSON. A field this table does not know is shown under its own
 * key, and a value that is not plain (a list, a nested object) as compact JSON,
 * so that nothing recorded is hidden.
 */
import { channelLabels, kindLabels, ratingLabels, statusLabels } from '../../../worker/feedback/labels';
import { instantDateTime } from '../lib/format';
import { roleLabels } from '../lib/labels';

const FIELD_LABELS: Record<string, string> = {
  status: '状态',
  departmentId: '承办部门',
  departmentSeenAt: '签收时间',
  acceptedAt: '受理时间',
  repliedAt: '答复时间',
  closedAt: '办结时间',
  acknowledgeBy: '受理期限',
  replyBy: '答复期限',
  acknowledgeByLegal: '法定受理期限',
  replyByLegal: '法定答复期限',
  returnedAt: '退回时间',
  returnReason: '退回理由',
  duplicateOfId: '重复于（反馈编号）',
  reply: '答复内容',
  reason: '理由',
  extensionDays: '延期天数',
  rating: '满意度',
  commented: '有评价意见',
  ref: '编号',
  channel: '渠道',
  receivedAt: '收到日期',
  receivedTime: '收到时间',
  noticeSlug: '通报',
  itemId: '事项编号',
  kind: '类别',
  anonymous: '匿名',
  hasContact: '留有联系方式',
  consentRecordedByStaff: '已征得同意',
  email: '邮箱',
  displayName: '姓名',
  role: '角色',
  name: '名称',
  disabled: '已停用',
  format: '格式',
  part: '内容',
  timeline: '含办理记录',
  filters: '筛选条件',
  contactDetails: '联系方式',
  rows: '行数',
  timelineRows: '办理记录行数',
  complete: '完整导出',
  count: '数量',
  retentionDays: '保存天数',
};

/** Values with labels of their own, by field. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  status: statusLabels,
  channel: channelLabels,
  kind: kindLabels,
  rating: ratingLabels,
  role: roleLabels,
  contactDetails: { full: '完整', masked: '已遮盖' },
};

/** A field holding an instant in milliseconds (its name ends in At, as the schema names them). */
const isInstant = (key: string, value: unknown): value is number => /At$/.test(key) && typeof value === 'number';

function valueText(key: string, value: unknown, departments: ReadonlyMap<number, string>): string {
  if (value === null || value === undefined || value === '') return key === 'departmentId' ? '未指定' : '无';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (isInstant(key, value)) return instantDateTime(value);
  if (key === 'departmentId' && typeof value === 'number') return departments.get(value) ?? `部门 ${value}`;
  const labels = VALUE_LABELS[key];
  if (labels && (typeof value === 'string' || typeof value === 'number') && labels[value] !== undefined) return labels[value]!;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

export function Change({ value, departments }: { value: unknown; departments: ReadonlyMap<number, string> }) {
  if (value === null || value === undefined) return <span class="meta">—</span>;
  if (typeof value !== 'object' || Array.isArray(value)) return <code class="json">{JSON.stringify(value)}</code>;
  const fields = Object.entries(value as Record<string, unknown>);
  if (fields.length === 0) return <span class="meta">—</span>;
  return (
    <ul class="audit-change">
      {fields.map(([key, v]) => (
        <li key={key}>
          {FIELD_LABELS[key] ?? key}：{valueText(key, v, departments)}
        </li>
      ))}
    </ul>
  );
}
