/**
 * The same security headers on every response the worker gives: rendered pages,
 * the console's page and the other static assets (wrangler.toml sends every
 * request to the worker first), API answers, errors and 404s.
 *
 * Hono's secureHeaders gives nosniff, HSTS and the rest; framing is refused both
 * ways (X-Frame-Options DENY for old browsers, `frame-ancestors 'none'` in the
 * policy for the others), and every response carries the one
 * Content-Security-Policy of csp.ts: on JSON or a script it forbids nothing they
 * need, and a response that is opened as a page by mistake runs nothing foreign.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { CONTENT_SECURITY_POLICY } from './csp';

export function securityHeaders(): MiddlewareHandler {
  const common = secureHeaders({ referrerPolicy: 'no-referrer', xFrameOptions: 'DENY' });
  return async function securityHeaders(c, next) {
    await common(c, next);
    c.res.headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
  };
}
