/**
 * Guards a JSON endpoint before validation: 415 for anything that is not
 * `application/json`, 413 for a body over the limit (checked while reading, as
 * Content-Length may be absent or false), 400 for JSON that does not parse.
 * The parsed value is left in Hono's body cache, where the validator finds it.
 */
import type { MiddlewareHandler } from 'hono';
import { errorMessages } from '../messages';
import { ApiError } from './errors';
import { readUpTo } from '../lib/bytes';

export interface JsonBodyOptions {
  maxBytes: number;
  /** What a body over the limit is told, where the route can say more than "too large" (the limit of a file it carries). */
  tooLarge?: string;
}

export function jsonBody({ maxBytes, tooLarge = errorMessages.tooLarge }: JsonBodyOptions): MiddlewareHandler {
  return async function jsonBody(c, next) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new ApiError(415, 'not_json', errorMessages.notJson);

    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > maxBytes) throw new ApiError(413, 'too_large', tooLarge);

    const bytes = await readUpTo(c.req.raw.body, maxBytes);
    if (bytes === null) throw new ApiError(413, 'too_large', tooLarge);

    let parsed: unknown;
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'malformed_json', errorMessages.malformedJson);
    }
    // Hand the parsed body to the validator (which reads c.req.json()) without a second read.
    c.req.bodyCache.json = Promise.resolve(parsed);
    await next();
  };
}
