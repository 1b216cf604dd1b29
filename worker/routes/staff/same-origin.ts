/**
 * Cross-site request forgery defence for the staff API, in two independent layers
 * besides the SameSite=Strict cookie:
 *
 * - a state-changing request must carry an Origin equal to the API's own origin
 *   (browsers send Origin on every non-GET fetch; a request without one is not
 *   from our console, so it is refused rather than trusted). The API's origin is
 *   PUBLIC_ORIGIN when it is configured, and otherwise the request's own URL,
 *   whose host comes from the Host header: behind a proxy that rewrites Host, or
 *   on a second hostname, only the configured origin says where the console is;
 * - it must be application/json, which no HTML form can send and which a
 *   cross-origin fetch can send only after a CORS preflight that we never answer.
 *
 * Hono's csrf() accepts a request without Origin when Sec-Fetch-Site says
 * same-origin and allows form types through its own rules; we want neither.
 *
 * Photos are uploaded as multipart/form-data (a JSON body would carry them in base64, a
 * third larger), on the photo routes only (`…/photos`). There the Origin check and the
 * SameSite=Strict cookie stand alone, and both hold: a cross-site form post sends its own
 * site's Origin (or none) and no cookie.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../http/errors';
import { publicOrigin } from '../../http/origin';
import { errorMessages } from '../../messages';
import { staffErrors } from '../../staff/messages';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The routes that take photos: POST …/feedback/:id/photos and …/items/:id/comments/:commentId/photos. */
const PHOTO_UPLOAD = /\/photos\/?$/;

export function sameOriginJson(): MiddlewareHandler<AppEnv> {
  return async function sameOriginJson(c, next) {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (!origin || origin !== publicOrigin(c)) throw new ApiError(403, 'bad_origin', staffErrors.badOrigin);
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const photoUpload = type === 'multipart/form-data' && c.req.method === 'POST' && PHOTO_UPLOAD.test(c.req.path);
      if (type !== 'application/json' && !photoUpload) throw new ApiError(415, 'not_json', errorMessages.notJson);
    }
    await next();
  };
}

/** Staff responses hold personal data: never stored by a browser or a proxy (a photo says `private, no-store` itself). */
export function noStore(): MiddlewareHandler {
  return async function noStore(c, next) {
    await next();
    if (!/\bno-store\b/.test(c.res.headers.get('cache-control') ?? '')) c.header('cache-control', 'no-store');
  };
}
