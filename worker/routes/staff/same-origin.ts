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
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../http/errors';
import { errorMessages } from '../../messages';
import { staffErrors } from '../../staff/messages';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the console is served from: the configured one, else the request's own. */
function consoleOrigin(c: Context<AppEnv>): string {
  const configured = c.env.PUBLIC_ORIGIN?.trim();
  if (!configured) return new URL(c.req.url).origin;
  // A deployment whose setting is not a URL fails loudly here, rather than falling back to Host.
  if (!URL.canParse(configured)) throw new Error('PUBLIC_ORIGIN is not a URL (https://host)');
  return new URL(configured).origin;
}

export function sameOriginJson(): MiddlewareHandler<AppEnv> {
  return async function sameOriginJson(c, next) {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (!origin || origin !== consoleOrigin(c)) throw new ApiError(403, 'bad_origin', staffErrors.badOrigin);
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') throw new ApiError(415, 'not_json', errorMessages.notJson);
    }
    await next();
  };
}

/** Staff responses hold personal data: never stored by a browser or a proxy. */
export function noStore(): MiddlewareHandler {
  return async function noStore(c, next) {
    await next();
    c.header('cache-control', 'no-store');
  };
}
