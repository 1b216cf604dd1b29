/**
 * Console-only wording for values the shared labels (worker/feedback/labels.ts)
 * do not cover: roles, timeline events and audit actions. Each map is typed by
 * the server's own names, so a new role or status fails to compile here.
 */
import { statusLabels } from '../../../worker/feedback/labels';
import type { StaffRole } from '../../../worker/staff/roles';
import { isReopen, type FeedbackStatus } from '../../../worker/staff/workflow';

export const roleLabels: Record<StaffRole, string> = { admin: '管理员', handler: '承办人', viewer: '查看人' };
export const ROLES = Object.keys(roleLabels) as StaffRole[];

export const STATUSES = Object.keys(statusLabels) as FeedbackStatus[];

/** Timeline events that are not a plain change of status. */
const eventLabels: Record<string, string> = {
  submitted: '收到反馈',
  note: '内部备注',
  assigned: '指定承办部门',
  reopened: '重新打开',
  extended: '延长办理期限',
  rated: '反映人评价答复',
  returned: '承办部门退回',
  mail_answer: '邮件回信',
  follow_up: '反映人补充说明',
  review_request: '反映人请求复查',
  answered: '回复补充说明或复查请求',
  attention_cleared: '补充说明或复查请求已处理（未回复）',
};

export function eventLabel(e: { type: string; toStatus: string | null }): string {
  if (e.type === 'reopened' && e.toStatus) return `重新打开，退回“${statusLabels[e.toStatus as FeedbackStatus]}”`;
  if (eventLabels[e.type]) return eventLabels[e.type]!;
  if (e.toStatus && e.toStatus in statusLabels) return `改为“${statusLabels[e.toStatus as FeedbackStatus]}”`;
  return e.type;
}

/** What an event's text is, shown before it. */
export const eventTextLabels: Record<string, string> = {
  declined: '理由',
  reopened: '理由',
  extended: '理由',
  duplicate: '与之重复的反馈',
  in_progress: '承办部门',
  assigned: '承办部门',
  replied: '答复',
  returned: '退回理由',
  follow_up: '补充说明',
  review_request: '复查理由',
  answered: '回复',
};

/** The choice of a status action: a reopening says so. */
export function transitionLabel(from: FeedbackStatus, to: FeedbackStatus): string {
  return isReopen(from, to) ? `重新打开（退回“${statusLabels[to]}”）` : statusLabels[to];
}

export const auditActionLabels: Record<string, string> = {
  'session.login': '登录',
  'session.logout': '退出登录',
  'session.password': '修改密码',
  'feedback.create': '录入反馈',
  'feedback.transition': '更改反馈状态',
  'feedback.note': '添加内部备注',
  'feedback.extend': '延长办理期限',
  'feedback.assign': '指定承办部门',
  'feedback.reveal': '查看联系方式',
  'feedback.return': '退回反馈',
  'feedback.attention_answer': '处理补充说明或复查请求',
  'feedback.seen': '签收反馈',
  'feedback.rating_change': '反映人修改评价',
  'feedback.source_spam': '按来源标为无效',
  'feedback.export': '导出台账',
  'feedback.photo_view': '查看照片',
  'feedback.photos_add': '添加照片',
  'retention.erase_contacts': '按期删除联系方式',
  'retention.erase_photos': '按期删除照片',
  'reply_template.create': '新增答复模板',
  'reply_template.update': '修改答复模板',
  'reply_template.delete': '删除答复模板',
  'item.comment': '发表事项说明',
  'item.comment_photos_add': '为事项说明添加照片',
  'item.assign': '指定事项承办部门',
  'department.create': '新增部门',
  'department.rename': '部门改名',
  'department.merge': '合并部门',
  'user.create': '新增账号',
  'user.update': '修改账号',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.reset': '重置账号',
  'user.password_reset': '重置密码（命令行）',
  'user.setup': '通过链接设置密码',
  'notice.state': '更改通报状态',
  'notice.edit': '修改通报信息',
  'item.edit': '修改事项文字',
  'item.status': '变更事项状态',
};

export const auditTargetLabels: Record<string, string> = { feedback: '反馈', item: '整改事项', department: '部门', staff_user: '账号', notice: '通报', reply_template: '答复模板' };
