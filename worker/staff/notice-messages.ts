/**
 * What the staff API says about notices, their lifecycle, edits and item status
 * changes (Simplified Chinese), each saying what to do next. Kept beside
 * messages.ts rather than in it: these belong to the notices' sub-app, and the
 * console imports them without the rest. Tests assert them word for word.
 */
import { longDate } from '../feedback/deadlines';
import { itemStatusLabels, noticeStateLabels } from '../feedback/labels';
import {
  ISSUER_MAX, ITEM_LABEL_MAX, ITEM_TEXT_MAX, ITEM_TITLE_MAX, SOURCE_NOTE_MAX, STATUS_NOTE_MAX, STATUS_TEXT_MAX, TITLE_MAX,
  type DraftOnlyField, type ItemStatus, type NoticeState, type StateRule, type StatusRule,
} from '../notice/lifecycle';

const quoted = (s: NoticeState) => `“${noticeStateLabels[s]}”`;

export const noticeErrors = {
  sameState: (state: NoticeState) => `这份通报已经是${quoted(state)}，无需更改`,
  illegalState: (from: NoticeState, to: NoticeState) => {
    if (from === 'archived' && to === 'published') return '已归档的通报不能直接重新接收反馈：请先恢复为“已停止接收反馈”，确认无误后再重新开放反馈';
    if (to === 'draft') return '通报发布后不能退回草稿：公众已经看到，反馈编号也已发出';
    return `不能把${quoted(from)}的通报改为${quoted(to)}`;
  },
  stale: '这份通报刚刚被其他人更新，请刷新页面后重试',
  statusInDraft: '通报尚未发布：草稿中的事项状态请直接更正，不需要记录变更',
  statusUnchanged: (status: ItemStatus) => `这项整改事项已经是“${itemStatusLabels[status]}”，无需变更`,
  statusNotEditable: '通报已发布：事项状态的变化请用“变更状态”记录日期和说明，公众会在该事项下方看到',
  slugTaken: '这个网址已被另一份通报使用，请换一个',
  prefixTaken: '这个编号前缀已被另一份通报使用，请换一个：每份通报的反馈编号要能一眼区分',
} as const;

/** Why a draft-only field cannot change any more; sent as that field's message with 409 not_editable. */
export const lockedFieldMessages: Record<DraftOnlyField, string> = {
  slug: '通报发布后不能再修改网址：已分享出去的链接会失效',
  refPrefix: '通报发布后不能再修改编号前缀：已发出的反馈编号都以它开头',
};

export const noticeFieldMessages = {
  to: { required: '请选择通报要改为的状态：已发布、已停止接收反馈或已归档' },
  closedOn: {
    invalid: '请填写停止接收反馈的日期，格式如 2026-11-27',
    future: '停止接收反馈的日期不能晚于今天',
    beforePublished: (publishedOn: string) => `停止接收反馈的日期不能早于通报的发布日期（${longDate(publishedOn)}）`,
    notApplicable: '只有停止接收反馈（关闭或归档已发布的通报）时才能填写停止日期',
  },
  title: { required: '请填写通报标题', tooLong: `通报标题不能超过 ${TITLE_MAX} 个字`, invalidChars: '通报标题含有无法识别的字符，请删除后再保存' },
  issuer: { required: '请填写发布机关', tooLong: `发布机关不能超过 ${ISSUER_MAX} 个字`, invalidChars: '发布机关含有无法识别的字符，请删除后再保存' },
  sourceNote: { tooLong: `来源说明不能超过 ${SOURCE_NOTE_MAX} 个字`, invalidChars: '来源说明含有无法识别的字符，请删除后再保存' },
  publishedOn: { invalid: '请填写发布日期，格式如 2026-11-27；通报没有写明日期的可以留空', future: '发布日期不能晚于今天' },
  refPrefix: { invalid: '编号前缀须为 2 至 3 个大写英文字母，如 DX' },
  slug: {
    invalid: '网址只能用小写英文字母、数字和连字符（-），以字母或数字开头，最多 100 个字符，如 dongxiao-2023',
    reserved: '这个网址是系统保留的，请换一个，如 dongxiao-2023',
  },
  updatedAt: { invalid: '页面数据有误，请刷新页面后重试' },
  label: { tooLong: `编号不能超过 ${ITEM_LABEL_MAX} 个字`, invalidChars: '编号含有无法识别的字符，请删除后再保存' },
  itemTitle: { required: '请填写事项标题', tooLong: `事项标题不能超过 ${ITEM_TITLE_MAX} 个字`, invalidChars: '事项标题含有无法识别的字符，请删除后再保存' },
  body: { tooLong: `事项正文不能超过 ${ITEM_TEXT_MAX} 个字`, invalidChars: '事项正文含有无法识别的字符，请删除后再保存' },
  measures: { tooLong: `整改措施不能超过 ${ITEM_TEXT_MAX} 个字`, invalidChars: '整改措施含有无法识别的字符，请删除后再保存' },
  statusText: { tooLong: `整改落实情况不能超过 ${STATUS_TEXT_MAX} 个字`, invalidChars: '整改落实情况含有无法识别的字符，请删除后再保存' },
  status: { required: '请选择整改状态：已完成、正在整改、长期坚持或未注明' },
  changedOn: {
    invalid: '请填写状态变更的日期，格式如 2026-11-27',
    future: '状态变更的日期不能晚于今天',
    beforeLast: (last: string) => `状态变更的日期不能早于这项事项上一次变更的日期（${longDate(last)}）`,
    beforePublished: (publishedOn: string) => `状态变更的日期不能早于通报的发布日期（${longDate(publishedOn)}）`,
  },
  note: {
    required: '请填写变更说明，说明会公开显示在该事项下方',
    tooLong: `变更说明不能超过 ${STATUS_NOTE_MAX} 个字`,
    invalidChars: '变更说明含有无法识别的字符，请删除后再提交',
  },
} as const;

export function stateRuleMessage(rule: StateRule, notice: { publishedOn: string | null }): string {
  const m = noticeFieldMessages.closedOn;
  if (rule === 'closedOn.future') return m.future;
  if (rule === 'closedOn.beforePublished') return m.beforePublished(notice.publishedOn ?? '');
  return m.notApplicable;
}

export function statusRuleMessage(rule: StatusRule, context: { publishedOn: string | null; lastChangedOn: string | null }): string {
  const m = noticeFieldMessages.changedOn;
  if (rule === 'changedOn.future') return m.future;
  if (rule === 'changedOn.beforeLast') return m.beforeLast(context.lastChangedOn ?? '');
  return m.beforePublished(context.publishedOn ?? '');
}
