/**
 * What each change of a notice's state is called on its button, and what the
 * public will see afterwards, said before the admin confirms. The sentence
 * the public reads once feedback has closed is the server's own
 * (worker/closed-message.ts), shown with the day chosen.
 */
import { noticeClosedMessage } from '../../../../worker/closed-message';
import type { NoticeState } from '../../../../worker/notice/lifecycle';

type Change = `${NoticeState}→${NoticeState}`;

const ACTIONS: Partial<Record<Change, string>> = {
  'draft→published': '发布',
  'published→closed': '停止接收反馈',
  'closed→published': '重新接收反馈',
  'published→archived': '归档',
  'closed→archived': '归档',
  'archived→closed': '取消归档',
};

export function actionLabel(from: NoticeState, to: NoticeState): string {
  return ACTIONS[`${from}→${to}`] ?? to;
}

/** Whether the change stops feedback, and so takes the day it stops. */
export function stopsFeedback(from: NoticeState, to: NoticeState): boolean {
  return from === 'published' && (to === 'closed' || to === 'archived');
}

/** What the public will see once the change is made; `closedOn` is the day feedback stops (or stopped). */
export function publicConsequences(from: NoticeState, to: NoticeState, closedOn: string | null): string[] {
  const closedSentence = `反馈页面显示：“${noticeClosedMessage(closedOn)}”。`;
  switch (`${from}→${to}` as Change) {
    case 'draft→published':
      return ['通报出现在首页的通报列表中，公众可以阅读，并在每一项下方点“我要监督”提出意见。', '发布后不能再修改网址和编号前缀。'];
    case 'published→closed':
      return ['公众仍能阅读通报，通报仍在首页列表中，但“我要监督”按钮不再显示。', closedSentence, '已收到的反馈照常办理和答复；电话、信件等渠道收到的反馈仍可在工作台录入。'];
    case 'closed→published':
      return ['“我要监督”按钮恢复，公众可以再次提出意见；“已停止接收反馈”的提示不再显示。'];
    case 'published→archived':
      return ['通报不再出现在首页列表中，也不再接收反馈；原网址仍可访问，页面显示“已归档 · 已停止接收反馈”。', closedSentence];
    case 'closed→archived':
      return ['通报不再出现在首页列表中；原网址仍可访问，页面显示“已归档 · 已停止接收反馈”。'];
    case 'archived→closed':
      return ['通报回到首页列表中，仍显示“已停止接收反馈”。如需再次接收反馈，请之后选择“重新接收反馈”。'];
    default:
      return [];
  }
}
