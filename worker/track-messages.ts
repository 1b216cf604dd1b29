/**
 * What the tracking page and the rating of a reply say (Simplified Chinese), re-exported
 * by messages.ts with every other message. A module of its own so that the tracking page
 * loads none of the feedback form's rules; the API's refusals stay in errorMessages.
 */
import { waitText } from './wait-text';

export const trackMessages = {
  refRequired: '请填写反馈编号',
  codeRequired: '请填写查询码',
  /** After a failed look-up: what this client has left for this reference this hour. */
  triesLeft: (left: number, minutes: number) =>
    left > 0 ? `本小时内还可以再试 ${left} 次` : `查询失败次数已达上限，请 ${waitText(minutes)}后再试`,
  forgotCode: '忘记查询码？请致电',
  /**
   * Feedback closed without being handled (worker/staff/workflow.ts: no further step but an admin's
   * reopening): what became of it, and whom to call if that looks wrong.
   */
  duplicate: (ref: string) => `办理单位认定这条反馈与 ${ref} 反映的是同一件事，将在那条反馈中办理，这条不再单独办理和答复。${ref} 只能凭它自己的查询码查询。`,
  notSameMatter: '如您认为不是同一件事，请致电',
  spam: '办理单位认定这条内容不是对整改情况的意见或反映（例如广告、空白内容或测试），不予办理。',
  judgedWrongly: '如您认为判断有误，请致电',
  /** Before acceptance: when the decision is due, and the reply's period, which runs from acceptance (第三十四条). */
  notYetAccepted: (acknowledgeBy: string, days: number) => `我们将在 ${acknowledgeBy} 前告知是否受理；自受理之日起 ${days} 日内答复您。`,
  /** After acceptance: the day the period counts from, which the receipt's date could not know. */
  countedFromAcceptance: (acceptedOn: string, days: number, extensionDays: number) =>
    `答复期限从受理之日（${acceptedOn}）起算 ${days} 日${extensionDays > 0 ? `，另延长 ${extensionDays} 日` : ''}，所以可能比回执上的日期晚。`,
  offline: '现在连不上网络，请联网后再试',
  /** On 查询 while a look-up is under way. */
  looking: '正在查询…',
  question: '您对答复满意吗？',
  confirm: (label: string) => `确认评价：${label}？`,
  why: '为什么不满意？（选填）',
  whyHint: '最多 500 个字',
  rated: '已记录您的评价',
  changed: '已修改您的评价',
  /**
   * Under a 不满意 rating: what a rating does (it goes on the record, and staff see it) and does
   * not (reopen the matter), then the step that does: 请求复查 while its period runs (第三十五条),
   * else the office's phone. The dates are longDate's.
   */
  ratingIsNotReview: '评价会记入办理记录，办理单位可以看到，但评价本身不会让这件事重新办理。',
  reviewToReopen: (lastDay: string) => `如需重新办理，请在 ${lastDay}（含当日）前使用下方的“请求复查”。`,
  goToReview: '去请求复查',
  reviewPassed: (lastDay: string) => `请求复查的期限已过（最后一天是 ${lastDay}）。`,
  callToReopen: '如需办理单位再处理，请致电',
  changeUntil: (when: string) => `评价后 24 小时内可以修改：${when} 前`,
} as const;
