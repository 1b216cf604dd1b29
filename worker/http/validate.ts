/**
 * The validator hook: every failed validation becomes a 422 with one message per
 * field, in the error shape of `errors.ts`. A custom issue carries our own
 * message; any other issue (a wrong type, a missing field) gets the field's
 * message from the given table, never zod's English.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { $ZodType } from 'zod/v4/core';
import { errorMessages, type FieldErrors } from '../messages';
import { validationError } from './errors';

export function validate<T extends $ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
  messages: Record<string, string>,
  /** Rules to run on the raw value too, so a type error elsewhere hides no other field's problem. */
  alsoCheck?: (raw: unknown) => FieldErrors,
  /** A field's own words for this door, in place of the shared rules' (staff logging what a resident consented to). */
  reword?: Readonly<Record<string, string>>,
) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    const fields = fieldErrorsOf(result.error.issues, result.data, messages, alsoCheck);
    for (const [field, words] of Object.entries(reword ?? {})) if (fields[field]) fields[field] = words;
    throw validationError(fields);
  });
}

/** One message per field for a failed parse; also used by the public form sent without scripts. */
export function fieldErrorsOf(
  issues: ReadonlyArray<{ code: string; path: readonly PropertyKey[]; message: string }>,
  raw: unknown,
  messages: Record<string, string>,
  alsoCheck?: (raw: unknown) => FieldErrors,
): FieldErrors {
  const fields: FieldErrors = alsoCheck ? alsoCheck(raw) : {};
  for (const issue of issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : '_';
    if (fields[field]) continue;
    fields[field] = issue.code === 'custom' ? issue.message : (messages[field] ?? errorMessages.validation);
  }
  return fields;
}
