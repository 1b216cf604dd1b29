/**
 * The inputs of the notices' staff routes: their zod shapes (types only; the
 * messages for a wrong type come from notice-messages.ts through the validator
 * hook) and the checks of text that collect one message per field.
 */
import * as z from 'zod/mini';
import { ITEM_STATUSES, NOTICE_STATES } from '../../db/schema';
import { isCalendarDate } from '../../feedback/deadlines';
import { charCount, hasUnprintable, hasUnprintableInLine, isBlank } from '../../feedback/rules';
import { cappedText } from '../../http/validate';
import type { FieldErrors } from '../../messages';
import { REF_PREFIX, SLUG } from '../../notice/lifecycle';
import { noticeFieldMessages as m } from '../../staff/notice-messages';

const date = (message: string) => z.string().check(z.refine(isCalendarDate, { message }));
/** Long enough for any field, short enough that a huge value is refused before it is counted; past it, the field's too-long message. */
const text = (tooLong: string) => cappedText(100_000, tooLong);
/** notices.updated_at as the caller read it; see notice-detail.ts asRead(). */
const version = { updatedAt: z.optional(z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER))) };

export const stateInput = z.object({ to: z.enum(NOTICE_STATES), closedOn: z.nullish(date(m.closedOn.invalid)), ...version });
export const stateMessages = { to: m.to.required, closedOn: m.closedOn.invalid, updatedAt: m.updatedAt.invalid };

export const metaInput = z.object({
  title: z.optional(text(m.title.tooLong)),
  issuer: z.optional(text(m.issuer.tooLong)),
  publishedOn: z.optional(z.nullable(date(m.publishedOn.invalid))),
  refPrefix: z.optional(z.string().check(z.regex(REF_PREFIX))),
  slug: z.optional(z.string().check(z.regex(SLUG))),
  ...version,
});
export const metaMessages = {
  title: m.title.required, issuer: m.issuer.required, publishedOn: m.publishedOn.invalid, refPrefix: m.refPrefix.invalid, slug: m.slug.invalid,
  updatedAt: m.updatedAt.invalid,
};

export const itemInput = z.object({
  label: z.optional(text(m.label.tooLong)),
  title: z.optional(text(m.itemTitle.tooLong)),
  body: z.optional(text(m.body.tooLong)),
  measures: z.optional(text(m.measures.tooLong)),
  statusText: z.optional(z.nullable(text(m.statusText.tooLong))),
  status: z.optional(z.enum(ITEM_STATUSES)),
  ...version,
});
export const itemMessages = {
  label: m.label.tooLong, title: m.itemTitle.required, body: m.body.tooLong, measures: m.measures.tooLong, statusText: m.statusText.tooLong,
  status: m.status.required, updatedAt: m.updatedAt.invalid,
};

export const statusInput = z.object({ status: z.enum(ITEM_STATUSES), changedOn: z.nullish(date(m.changedOn.invalid)), note: z.nullish(text(m.note.tooLong)), ...version });
export const statusMessages = { status: m.status.required, changedOn: m.changedOn.invalid, note: m.note.required, updatedAt: m.updatedAt.invalid };

interface TextRules {
  max: number;
  messages: { required?: string; tooLong: string; invalidChars: string };
  /** A one-line label (a title, an issuer, an item's number): no line break, tab or bidi override either (feedback/rules.ts). */
  line?: boolean;
}

/**
 * Trims `value` and checks it, putting the field's message in `errors` on
 * failure. Returns the trimmed text (undefined when not given or refused); text
 * that shows nothing (whitespace and invisible characters, feedback/rules.ts) is ''.
 */
export function checkText(errors: FieldErrors, field: string, value: string | undefined, { max, messages, line }: TextRules): string | undefined {
  if (value === undefined) return undefined;
  const v = isBlank(value) ? '' : value.trim();
  if (v === '' && messages.required) errors[field] = messages.required;
  else if (line ? hasUnprintableInLine(v) : hasUnprintable(v)) errors[field] = messages.invalidChars;
  else if (charCount(v) > max) errors[field] = messages.tooLong;
  else return v;
  return undefined;
}
