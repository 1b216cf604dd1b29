/**
 * The body of a public submission (POST /api/feedback): JSON as it always was, or, with photos,
 * `multipart/form-data` whose part `feedback` is that same JSON text and whose parts `photo` are
 * the photos (photos/upload.ts reads, checks and strips them). Both are validated alike, with
 * the same message per field; anything else is 415.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { feedbackInput, rawFeedbackFailures, typeMessages, type FeedbackInput } from '../feedback/input';
import { MAX_BODY_BYTES } from '../feedback/rules';
import { ApiError, validationError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { fieldErrorsOf, isJsonObject, notAnObject } from '../http/validate';
import { errorMessages } from '../messages';
import { photoUploadMessages } from '../photos/messages';
import { inspectPhotoUpload, isMultipart, mediaType, type UploadedPhoto } from '../photos/upload';

export interface Submission {
  input: FeedbackInput;
  photos: UploadedPhoto[];
}

async function rawOf(c: Context<AppEnv>): Promise<{ raw: unknown; photos: UploadedPhoto[]; invalid?: ApiError | null }> {
  if (isMultipart(c.req.raw)) {
    const { fields, photos, invalid } = await inspectPhotoUpload(c.req.raw);
    const text = fields.feedback;
    if (text === undefined) throw new ApiError(400, 'malformed_json', photoUploadMessages.feedbackPartMissing);
    if (new TextEncoder().encode(text).byteLength > MAX_BODY_BYTES) throw new ApiError(413, 'too_large', errorMessages.tooLarge);
    try {
      return { raw: JSON.parse(text), photos, invalid };
    } catch {
      throw new ApiError(400, 'malformed_json', errorMessages.malformedJson);
    }
  }
  if (mediaType(c.req.raw) !== 'application/json') throw new ApiError(415, 'not_json', photoUploadMessages.notJsonOrMultipart);
  // jsonBody leaves the parsed value in Hono's body cache (c.req.json() would copy it through JSON.stringify).
  await jsonBody({ maxBytes: MAX_BODY_BYTES })(c, async () => {});
  return { raw: await c.req.bodyCache.json, photos: [] };
}

/**
 * The submission, validated; throws the API's errors (415, 413, 400, 422) otherwise: 400 also for
 * JSON that is not an object. A 422 names every field's problem and the photos' together, so that
 * the person fixes them all at once.
 */
export async function readSubmission(c: Context<AppEnv>): Promise<Submission> {
  const { raw, photos, invalid } = await rawOf(c);
  if (!isJsonObject(raw)) throw notAnObject();
  const parsed = feedbackInput.safeParse(raw);
  if (parsed.success && !invalid) return { input: parsed.data, photos };
  const fields = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error.issues, raw, typeMessages, rawFeedbackFailures)), ...invalid?.fields };
  if (!invalid) throw validationError(fields);
  throw new ApiError(422, 'validation_failed', errorMessages.validation, fields, undefined, invalid.details);
}
