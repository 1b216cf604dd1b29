/**
 * The shape of a feedback submission, as the public form sends it. Per-field rules
 * live in `rules.ts`, shared with the web form; this module adds types and turns rule
 * failures into zod issues so that the validator hook reports one message per field.
 *
 * Written out rather than derived with drizzle-zod (`createInsertSchema`): drizzle-zod
 * imports `{ z } from 'zod/v4'`, which keeps zod's whole namespace, every locale
 * included, in the worker (issue 15: some 350 KB of its 1 MB). The kinds come from the
 * same list as the column's enum (`field-limits.ts`), and the types a wrong value can
 * have only choose which of `typeMessages` is shown. In zod/mini, as every schema of
 * the worker: its functions are shaken out of the bundle when unused, and no locale is
 * loaded, as zod's own messages are never shown (`http/validate.ts`).
 */
import * as z from 'zod/mini';
import { FEEDBACK_KINDS } from './field-limits';
import { fieldMessages, ruleMessage } from '../messages';
import { feedbackFieldFailures, isBlank, withoutInvisible } from './rules';

const optionalText = z.nullish(z.string().check(z.maxLength(4000)));

export const feedbackInput = z.pipe(
  z
    .object({
      kind: z.enum(FEEDBACK_KINDS),
      content: z.string().check(z.maxLength(100_000)),
      anonymous: z.boolean(),
      noticeSlug: z.string().check(z.maxLength(100)),
      itemId: z.nullable(z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER))),
      name: optionalText,
      phone: optionalText,
      email: optionalText,
      consent: z._default(z.boolean(), false),
      /** The honeypot: hidden from people, so only a robot fills it. */
      website: z.nullish(z.string().check(z.maxLength(4000))),
    })
    .check(
      z.superRefine((v, ctx) => {
        for (const [field, rule] of feedbackFieldFailures(v)) {
          ctx.addIssue({ code: 'custom', path: [field], message: ruleMessage(rule) });
        }
      }),
    ),
  z.transform((v) => {
    // Text that shows nothing (only whitespace and invisible characters) is no text: rules.ts isBlank.
    const clean = (s: string | null | undefined) => (isBlank(s) ? null : s!.trim());
    return {
      noticeSlug: v.noticeSlug,
      itemId: v.itemId,
      kind: v.kind,
      content: v.content.trim(),
      anonymous: v.anonymous,
      name: clean(v.name),
      // Checked without its invisible characters (a phone pastes bidi marks round a number), and stored so.
      phone: isBlank(v.phone) ? null : withoutInvisible(v.phone!).trim(),
      email: clean(v.email),
      consent: v.consent,
      trapped: Boolean(v.website?.trim()),
    };
  }),
);

export type FeedbackInput = z.output<typeof feedbackInput>;

/** The message for a field whose value is missing or of the wrong type. */
export const typeMessages: Record<string, string> = {
  noticeSlug: fieldMessages.noticeSlug.required,
  itemId: fieldMessages.itemId.invalid,
  kind: fieldMessages.kind.required,
  content: fieldMessages.content.required,
  anonymous: fieldMessages.anonymous.required,
  name: fieldMessages.name.invalidChars,
  phone: fieldMessages.phone.invalid,
  email: fieldMessages.email.invalid,
  consent: fieldMessages.consent.required,
};

/** The field rules applied to a raw body whose types may be wrong: strings are checked, the rest left to the schema. */
export function rawFeedbackFailures(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  if (typeof r.content !== 'string') return {};
  const out: Record<string, string> = {};
  const failures = feedbackFieldFailures({
    content: r.content,
    anonymous: r.anonymous === true,
    name: str(r.name),
    phone: str(r.phone),
    email: str(r.email),
    consent: r.consent === true,
  });
  for (const [field, rule] of failures) out[field] ??= ruleMessage(rule);
  return out;
}

/** The largest body the form sent without scripts may have: 2,000 characters percent-encoded take 18 KB. */
export const FORM_MAX_BYTES = 64 * 1024;

/**
 * What the public form sends when no script runs (application/x-www-form-urlencoded),
 * as the JSON API would have received it, so that the same schema, rules and messages
 * apply. Checkboxes arrive as "1" or not at all; an empty select is the notice as a
 * whole; a field that is not text (a file) counts as missing.
 */
export function feedbackFromForm(noticeSlug: string, form: Record<string, unknown>) {
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  const item = text('itemId') ?? '';
  return {
    noticeSlug,
    itemId: item === '' ? null : /^\d{1,15}$/.test(item) ? Number(item) : item,
    kind: text('kind'),
    // A browser sends a textarea's line ends as CRLF; the API receives what the page read, LF.
    content: (text('content') ?? '').replace(/\r\n?/g, '\n'),
    anonymous: text('anonymous') === '1',
    name: text('name'),
    phone: text('phone'),
    email: text('email'),
    consent: text('consent') === '1',
    website: text('website'),
  };
}
