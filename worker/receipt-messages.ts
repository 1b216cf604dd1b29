/**
 * What the receipt says (web/public/components/receipt.tsx), re-exported by messages.ts. A
 * module of its own so that the receipt, a chunk the form loads after it is on screen, carries
 * none of the form's rules and the form's first view none of these words.
 *
 * The deadlines: the decision on acceptance is due a fixed number of days from receipt (第二十三条),
 * a date that holds; the reply's period runs from acceptance (第三十四条), a day not yet known, so
 * its date is given only as an example for acceptance on the day received, never as a latest day.
 * Not "today": a receipt kept on the phone is read days later, and a back-dated letter's example
 * counts from the day it came.
 */
export const receiptMessages = {
  deadlines: (acknowledgeBy: string, replyDays: number, replyByIfAcceptedOnReceipt: string) =>
    `我们将在 ${acknowledgeBy} 前告知是否受理；自受理之日起 ${replyDays} 日内答复您。答复日期从受理那天算起：如收到当天受理，则在 ${replyByIfAcceptedOnReceipt} 前答复。`,
  copied: '已复制',
} as const;
