/**
 * The feedback form's kinds and lengths, apart from the rules that check phone numbers and
 * addresses (rules.ts, which re-exports these): the form's first view needs only these few
 * values, and the checks arrive with the sending code (web/public/pages/feedback-send.tsx).
 */
export const FEEDBACK_KINDS = ['opinion', 'suggestion', 'report', 'praise'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const CONTENT_MIN = 5;
export const CONTENT_MAX = 2000;
export const NAME_MAX = 50;
export const EMAIL_MAX = 254; // RFC 5321 path limit.

/** Length in characters as a person counts them (a Chinese character or an emoji is one). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

