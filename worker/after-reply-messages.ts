/**
 * What the tracking page says about a follow-up (补充说明) and a review request (请求复查),
 * and the API's words for them (Simplified Chinese); re-exported by messages.ts. A module
 * of its own, without the form's rules, so that only the tracking page's lazily loaded
 * part (web/public/components/after-reply.tsx) carries it.
 */
import { longDate } from './feedback/deadlines';
import { CONTENT_MAX as MAX, CONTENT_MIN as MIN } from './feedback/rules';

const ARTICLE = '《信访工作条例》第三十五条';

function textMessages(what: string) {
  return {
    required: `请填写${what}`,
    tooShort: `${what}至少需要 ${MIN} 个字`,
    tooLong: `${what}不能超过 ${MAX} 个字，请删减后再提交`,
    invalidChars: `${what}含有无法识别的字符，请删除后再提交`,
  } as const;
}

export const afterReplyMessages = {
  /** Per field and rule (after-reply.ts afterReplyTextRule). */
  followUpText: textMessages('补充说明'),
  reviewReason: textMessages('请求复查的理由'),

  followUpTitle: '补充说明',
  followUpHint: `对答复还有要补充的情况？最多 ${MAX} 个字。提交后办理单位会再次处理并回复`,
  followUpSend: '提交补充说明',
  followUpSent: '已收到您的补充说明',
  reviewTitle: '请求复查',
  reviewHint: (lastDay: string) => `对答复不服的，可以在 ${longDate(lastDay)}（含当日）前请求复查：收到答复之日起 30 日内（${ARTICLE}）`,
  reviewLabel: '请求复查的理由',
  reviewSend: '提交复查请求',
  reviewSent: '已收到您的复查请求',
  reviewOnce: '每条反馈只能请求一次复查，请写清不服答复的理由',
  reviewRequested: (date: string) => `您已于 ${date} 请求复查。每条反馈只能请求一次复查`,
  reviewExpired: (lastDay: string) =>
    `请求复查的期限已过：应在收到答复之日起 30 日内（${longDate(lastDay)} 前）提出（${ARTICLE}）。如有新的问题，请提交一条新的反馈`,
  /** A follow-up or review request the office has not yet answered. */
  pending: (kind: 'follow_up' | 'review', by: string) => `办理单位将在 ${longDate(by)} 前回复您的${kind === 'review' ? '复查请求' : '补充说明'}`,

  // The API's refusals (409).
  notReplied: '这条反馈还没有答复：收到答复后才能补充说明或请求复查',
  tooManyFollowUps: `补充说明已达上限。如有新的问题，请提交一条新的反馈`,
  alreadyRequested: '这条反馈已经请求过复查。每条反馈只能请求一次复查',
  expired: (lastDay: string) =>
    `请求复查的期限已过：应在收到答复之日起 30 日内（${longDate(lastDay)} 前）提出（${ARTICLE}）`,
} as const;
