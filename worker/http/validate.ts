/**
 * The validator hook: every failed validation becomes a 422 with one message per
 * field, in the error shape of `errors.ts`. A custom issue carries our own
 * message; any other issue (a wrong type, a missing field) gets the field's
 * message from the given table, never zod's English. A JSON body that is not an
 * object (null, an array, a number, a string) has no fields to name: it is a
 * 400, as JSON that does not parse.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { errorMessages, type FieldErrors } from '../messages';
import { ApiError, validationError } from './errors';

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
    if (target === 'json' && !isJsonObject(result.data)) throw notAnObject();
    const fields = fieldErrorsOf(result.error.issues, result.data, messages, alsoCheck);
    if (Object.keys(fields).length === 0) throw notAnObject();
    for (const [field, words] of Object.entries(reword ?? {})) if (fields[field]) fields[field] = words;
    throw validationError(fields);
  });
}

/** Every JSON body the API takes is an object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer to a body that is JSON but not an object: nothing a person typed is wrong, so no field is named. */
export const notAnObject = () => new ApiError(400, 'malformed_json', errorMessages.malformedJson);

/**
 * One message per field for a failed parse; also used by the public form sent without scripts.
 * An issue that names no field (the body as a whole) is left out: the caller answers it.
 */
export function fieldErrorsOf(
  issues: ReadonlyArray<{ code: string; path: readonly PropertyKey[]; message: string }>,
  raw: unknown,
  messages: Record<string, string>,
  alsoCheck?: (raw: unknown) => FieldErrors,
): FieldErrors {
  const fields: FieldErrors = alsoCheck ? alsoCheck(raw) : {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || fields[field]) continue;
    fields[field] = issue.code === 'custom' ? issue.message : (messages[field] ?? errorMessages.validation);
  }
  return fields;
}

/**
 * A text field's hard cap: far above the field's own limit, it only keeps a huge value from
 * being counted and checked. Past it the field says what its own limit says (its too-long
 * message, as a custom issue), not the field's message for a missing or wrong value.
 */
export function cappedText(max: number, tooLong: string) {
  return z.string().check(z.refine((s) => s.length <= max, { message: tooLong }));
}
