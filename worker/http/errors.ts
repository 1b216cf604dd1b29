/**
 * One error shape for every route, made here and nowhere else:
 * `{ error: { code, message, fields? } }`. Handlers throw `ApiError`; the
 * validator hook and `app.onError` turn everything into that shape, so no input
 * ever reaches the client as a bare 500.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { failureText } from '../lib/failure';
import { errorMessages, type FieldErrors } from '../messages';

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldErrors };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
    /** More of the error's own, beside code, message and fields (a refused upload's `photos`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** 429 with Retry-After in whole seconds and a message that says how long to wait. */
export function tooMany(code: string, retryAfterMs: number, message: (minutes: number) => string): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(429, code, message(Math.ceil(seconds / 60)), undefined, { 'retry-after': String(seconds) });
}

export function errorBody(code: string, message: string, fields?: FieldErrors): ErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

export function validationError(fields: FieldErrors): ApiError {
  return new ApiError(422, 'validation_failed', errorMessages.validation, fields);
}

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof ApiError) {
    const body = errorBody(err.code, err.message, err.fields);
    return c.json(err.details ? { error: { ...body.error, ...err.details } } : body, err.status, err.headers);
  }
  if (err instanceof HTTPException) {
    // Hono's own exceptions (e.g. the body parser's) carry a status but an English message.
    const status = err.status;
    if (status === 400) return c.json(errorBody('malformed_json', errorMessages.malformedJson), 400);
    if (status === 413) return c.json(errorBody('too_large', errorMessages.tooLarge), 413);
    if (status === 415) return c.json(errorBody('not_json', errorMessages.notJson), 415);
    if (status < 500) return c.json(errorBody('bad_request', errorMessages.validation), status);
  }
  // Log the failure, never the request: bodies may hold personal information.
  console.error('unhandled error', c.req.method, c.req.routePath, failureText(err));
  return c.json(errorBody('internal', errorMessages.internal), 500);
};

export const notFound: NotFoundHandler = (c) => c.json(errorBody('not_found', errorMessages.notFound), 404);

export function methodNotAllowed(c: Context) {
  return c.json(errorBody('method_not_allowed', errorMessages.methodNotAllowed), 405);
}
