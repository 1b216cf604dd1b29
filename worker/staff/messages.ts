/**
 * Every message the staff API gives a person (Simplified Chinese), in one place.
 * Each says what to do next. Tests assert them word for word; the console imports
 * them. Shared messages (not JSON, too large, malformed) stay in ../messages.ts.
 */
import { statusLabels } from '../feedback/labels';
import { SOURCE_CHARS } from '../lib/source';
import { errorMessages } from '../messages';
import { DISPLAY_NAME_MAX, type AccountRule } from './account-rules';
import { DEPARTMENT_NAME_MAX } from './departments';
import { COMMENT_MAX } from './items';
import { PASSWORD_MAX, PASSWORD_MIN } from './password';
import { TEMPLATE_BODY_MAX, TEMPLATE_TITLE_MAX, type TemplateRule } from './reply-templates';
import { NOTE_MAX, REASON_MAX, REPLY_MAX, type FeedbackStatus, type WorkflowRule } from './workflow';

export { DEPARTMENT_NAME_MAX };

/** What a step to the status a feedback already has would have done, for illegalTransition. */
const SAME_STATUS: Partial<Record<FeedbackStatus, string>> = { accepted: '无需再受理', spam: '无需再标为无效' };

export const staffErrors = {
  unauthenticated: '请先登录整改监督工作台',
  forbidden: '您的账号没有权限进行这项操作',
  nothingToAnswer: '这条反馈没有待回应的补充说明或复查请求，可能已有同事处理',
  passwordChangeRequired: '首次登录请先修改密码，然后才能继续操作',
  badOrigin: '无法确认请求来自整改监督工作台，请刷新工作台页面后重试',
  loginFailed: '邮箱或密码不正确',
  tooManyLogins: (minutes: number) => `登录失败次数过多，请 ${minutes} 分钟后再试`,
  feedbackNotFound: '找不到这条反馈，或者它不在您负责的范围内',
  departmentNotFound: '找不到这个部门',
  userNotFound: '找不到这个账号',
  /** A step to the status it already has is nothing to do, not a wrong step: said so (a bulk 受理 of feedback already accepted). */
  illegalTransition: (from: FeedbackStatus, to: FeedbackStatus) =>
    from === to ? `已是“${statusLabels[to]}”，${SAME_STATUS[to] ?? '无需更改'}` : `不能把“${statusLabels[from]}”的反馈改为“${statusLabels[to]}”`,
  adminOnlyReopen: '只有管理员可以重新打开已处理完的反馈',
  notExtendable: '只有已受理或办理中的反馈可以延期',
  alreadyExtended: '这条反馈已经延期过一次，按规定不能再次延期',
  notAssignable: '已答复、已办结或已结束处理的反馈不能更改承办部门',
  outOfDepartment: '您只能把反馈交给本部门办理',
  notReturnable: '只有待受理、已受理或办理中、已交给部门的反馈可以退回',
  returnOwnDepartmentOnly: '只有承办部门的承办人可以退回反馈。要更换承办部门，请直接修改承办部门',
  seenOwnDepartmentOnly: '只有承办部门的承办人可以签收反馈',
  templateNotFound: '找不到这个答复模板，它可能已被删除。请刷新页面',
  templateExists: '已有同样标题的答复模板，请换一个标题',
  templateChanged: '这个答复模板刚刚被其他人修改，请刷新页面后重试',
  stale: '这条反馈刚刚被其他人更新，请刷新页面后重试',
  departmentExists: '已有同名的部门，请换一个名称',
  departmentChanged: '这个部门刚刚被其他人修改或合并，请刷新页面后重试',
  userExists: '这个邮箱已经有工作台账号',
  userChanged: '这个账号刚刚被其他人修改，请刷新页面后重试',
  lastAdmin: '这是最后一个可用的管理员账号，不能停用，也不能改为其他角色。请先为另一位同事开设管理员账号',
  cannotDisableSelf: '不能停用自己正在使用的账号。如需停用，请由另一位管理员操作',
  cannotResetSelf: '不能重置自己正在使用的账号。要更换密码，请使用“修改密码”',
  resetDisabled: '这个账号已停用。请先启用账号，再重置密码',
  setupLinkUnknown: '找不到这个设置密码的链接。请检查链接是否完整复制，或请管理员重新生成',
  setupLinkUsed: '这个设置密码的链接已经使用过，不能再次使用。如果不是您本人设置的，请立即联系管理员',
  setupLinkExpired: '这个设置密码的链接已失效（超过 24 小时，或管理员已生成新的链接）。请联系管理员重新生成',
  tooManySetupAttempts: (minutes: number) => `尝试次数过多，请 ${minutes} 分钟后再试`,
  sourceNotFound: '这一时段内没有来自这个来源的反馈，或者它们不在您负责的范围内',
  nothingToMark: (left: number) => `这一时段内来自这个来源的 ${left} 条反馈都已受理、已办理或已标为垃圾信息，没有可以标为垃圾信息的反馈`,
  sourceStale: '这些反馈刚刚被其他人更新，请刷新页面，确认条数后重试',
} as const;

export const staffFieldMessages = {
  email: { invalid: '请填写正确的电子邮箱，如 name@example.gov.cn' },
  password: { required: '请填写密码' },
  currentPassword: { required: '请填写当前密码', wrong: '当前密码不正确，请重新填写' },
  newPassword: {
    tooShort: `新密码至少需要 ${PASSWORD_MIN} 个字符`,
    tooLong: `新密码不能超过 ${PASSWORD_MAX} 个字符`,
    sameAsCurrent: '新密码不能与当前密码相同',
    invalidChars: '新密码含有无法识别的字符，请重新填写：可以使用字母、数字、符号、空格和汉字',
  },
  displayName: { tooLong: `姓名不能超过 ${DISPLAY_NAME_MAX} 个字`, invalidChars: '姓名含有无法识别的字符，请重新填写' },
  role: { required: '请选择角色：管理员（admin）、承办人（handler）或查看人（viewer）' },
  departmentId: {
    required: '请选择承办部门',
    unknown: '找不到这个部门，请重新选择',
    notForAdmin: '管理员不属于某个部门，请不要选择部门',
  },
  to: { required: '请选择要改为的状态' },
  reason: {
    declined: '请填写不予受理的理由，理由将告知反映人',
    reopen: '请填写重新打开的理由',
    extend: '请填写延期理由，理由将告知反映人',
    return: '请填写退回的理由：为什么不属于本部门办理。理由只有工作人员能看到',
    tooLong: `理由不能超过 ${REASON_MAX} 个字`,
    invalidChars: '理由含有无法识别的字符，请删除后再提交',
  },
  duplicateOf: {
    required: '请填写与之重复的反馈编号',
    unknown: '找不到这个反馈编号，请核对后重新填写',
    self: '不能标记为与自身重复，请填写另一条反馈的编号',
  },
  reply: { required: '请填写答复内容，答复将公开给反映人', tooLong: `答复不能超过 ${REPLY_MAX} 个字`, invalidChars: '答复含有无法识别的字符，请删除后再提交' },
  /** 已处理 of a follow-up or review request (staff/attention.ts). */
  answer: { tooLong: `回复不能超过 ${REPLY_MAX} 个字`, invalidChars: '回复含有无法识别的字符，请删除后再提交' },
  days: { outOfRange: (max: number) => `延期天数须为 1 至 ${max} 天的整数` },
  text: { required: '请填写备注内容', tooLong: `备注不能超过 ${NOTE_MAX} 个字`, invalidChars: '备注含有无法识别的字符，请删除后再提交' },
  body: { required: '请填写说明内容', tooLong: `说明不能超过 ${COMMENT_MAX} 个字`, invalidChars: '说明含有无法识别的字符，请删除后再提交' },
  public: { required: '请选择这条说明是否公开' },
  name: { required: '请填写部门名称', tooLong: `部门名称不能超过 ${DEPARTMENT_NAME_MAX} 个字`, invalidChars: '部门名称含有无法识别的字符，请重新填写' },
  into: { required: '请选择要并入的部门', self: '不能把部门并入它自己，请选择另一个部门', unknown: '找不到要并入的部门，请重新选择' },
  token: { required: '链接不完整，请从管理员发来的链接重新打开' },
  channel: { required: '请选择收到反馈的渠道：电话、信件、电子邮件或来访' },
  receivedAt: {
    invalid: '请填写收到反馈的日期，格式如 2026-11-27',
    future: '收到日期不能晚于今天',
    tooOld: '收到日期不能早于一年前',
  },
  receivedTime: {
    invalid: '请按 24 小时制填写收到的时间，如 14:30；不清楚时间可以留空',
    future: '收到时间不能晚于现在',
  },
  /** Manual entry: the member of staff records the person's consent, so the public form's words ("您同意") would address the wrong person. */
  consent: { required: '记录联系方式前，请向反映人说明个人信息处理规则，征得同意后勾选此项；反映人不同意的，请删除联系方式或勾选匿名' },
  filter: {
    status: '请选择有效的状态',
    notice: '请选择有效的通报',
    item: '请选择有效的整改事项',
    department: '请选择有效的部门',
    channel: '请选择有效的渠道',
    kind: '请选择有效的反馈类型',
    overdue: '“逾期”筛选只能为 1',
    dueSoon: '“即将超期”筛选只能为 1',
    returned: '“已退回”筛选只能为 1',
    attention: '“待回应”筛选只能为 follow_up（补充说明）、review（请求复查）或 any（全部）',
    date: '日期格式应为 2026-11-27',
    q: '搜索内容不能超过 100 个字',
    qRequired: '请填写要搜索的内容（文字）',
    qs: '这次搜索已过期，请重新输入搜索内容',
    qsWithQ: '搜索内容（q）和搜索凭据（qs）只能给一个',
    qInAddress: '搜索内容不能放在网址里（会留在各处的访问日志中）：请先用 POST /api/staff/search 提交搜索内容，再以返回的凭据作为 qs 查询',
    limit: (max: number) => `每页条数须为 1 至 ${max}`,
    cursor: '分页位置无效，请回到第一页重新查看',
    format: '请选择导出格式：csv、xlsx 或 ndjson',
    part: '请选择导出台账（ledger）或办理记录（timeline）',
    timeline: '“包含办理记录”只能为 1 或 0',
    csvTimeline: 'CSV 文件只能包含一张表：请另外下载办理记录（part=timeline）',
    source: `来源标识应为 ${SOURCE_CHARS} 至 64 位十六进制字符（0–9、a–f），如 3fa9c2e1`,
    around: '时间点应为毫秒时间戳，如 1795774517338',
  },
  /** The notifications' filter (GET /api/staff/notify-targets/outbox), with the console's names of the states. */
  outbox: { state: '请选择通知状态：待发送（pending）、已送达（sent）或已放弃（dead）' },
  /** The audit log's filters (GET /api/staff/audit); the maximum is routes/staff/audit.ts's. */
  audit: {
    targetType: (max: number) => `对象类型不能超过 ${max} 个字符`,
    targetId: (max: number) => `对象编号不能超过 ${max} 个字符`,
    actor: '操作人编号应为正整数，如 12',
  },
  readAt: { invalid: '读取时间应为毫秒时间戳，如 1795774517338' },
  /** Bulk triage (POST /api/staff/feedback/bulk); BULK_MAX is staff/bulk.ts's. */
  bulk: {
    action: '请选择批量操作：受理（accept）、标为无效（spam）或指派部门（assign）',
    ids: {
      required: '请至少选择一条反馈',
      tooMany: (max: number) => `一次最多处理 ${max} 条反馈，请分批操作`,
      invalid: '所选反馈的编号无效，请刷新页面后重新选择',
      repeated: '同一条反馈被选择了两次，请刷新页面后重新选择',
    },
  },
} as const;

/** The fields of a reply template (答复模板), by rule of staff/reply-templates.ts. */
export const templateFieldMessages = {
  title: {
    required: '请填写模板标题',
    tooLong: `模板标题不能超过 ${TEMPLATE_TITLE_MAX} 个字`,
    invalidChars: '模板标题含有无法识别的字符，请重新填写',
  },
  body: {
    required: '请填写模板内容',
    tooLong: `模板内容不能超过 ${TEMPLATE_BODY_MAX} 个字`,
    invalidChars: '模板内容含有无法识别的字符，请删除后再保存',
  },
  updatedAt: { required: '缺少模板的版本，请刷新页面后重试' },
} as const;

export function templateMessage(rule: TemplateRule): string {
  const [field, key] = rule.split('.') as ['title' | 'body', 'required' | 'tooLong' | 'invalidChars'];
  return templateFieldMessages[field][key];
}

/** The message for a rule of workflow.ts; `context` tells which reason is missing. */
export function workflowMessage(rule: WorkflowRule, context: { to?: FeedbackStatus; reopen?: boolean; returning?: boolean; maxExtensionDays: number }): string {
  switch (rule) {
    case 'reason.required':
      if (context.returning) return staffFieldMessages.reason.return;
      return context.reopen ? staffFieldMessages.reason.reopen : context.to === 'declined' ? staffFieldMessages.reason.declined : staffFieldMessages.reason.extend;
    case 'reason.tooLong':
      return staffFieldMessages.reason.tooLong;
    case 'days.outOfRange':
      return staffFieldMessages.days.outOfRange(context.maxExtensionDays);
    default: {
      const [group, key] = rule.split('.') as [keyof typeof staffFieldMessages, string];
      const messages = staffFieldMessages[group] as Record<string, unknown> | undefined;
      const m = messages?.[key];
      return typeof m === 'string' ? m : errorMessages.validation;
    }
  }
}

export function accountMessage(rule: AccountRule): string {
  const [group, key] = rule.split('.') as ['email' | 'displayName' | 'role' | 'departmentId', string];
  return (staffFieldMessages[group] as Record<string, string>)[key]!;
}
