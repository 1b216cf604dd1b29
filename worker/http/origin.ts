/**
 * The origin the public and staff reach the service at: PUBLIC_ORIGIN when it is configured,
 * otherwise the request's own. Behind a reverse proxy (the Node host's nginx, a second host
 * name) the request's URL says where the proxy sent it, not where the browser was: only the
 * configured origin is right there, for the same-origin checks and for links given out.
 */
import type { Config } from '../env';

/**
 * PUBLIC_ORIGIN's origin, or null when it is unset or not a URL: for what has no request to fall
 * back on (mail in, the daily job's links) or keys its copies by it (the notice cache).
 */
export function configuredOrigin(publicOrigin: string | undefined): string | null {
  const value = publicOrigin?.trim();
  return value && URL.canParse(value) ? new URL(value).origin : null;
}

export function publicOrigin(c: { env: Pick<Config, 'PUBLIC_ORIGIN'>; req: { url: string } }): string {
  const configured = c.env.PUBLIC_ORIGIN?.trim();
  if (!configured) return new URL(c.req.url).origin;
  // A deployment whose setting is not a URL fails loudly here, rather than falling back to Host.
  if (!URL.canParse(configured)) throw new Error('PUBLIC_ORIGIN is not a URL (https://host)');
  return new URL(configured).origin;
}

/**
 * Whether a form's POST comes from a page of this site: Sec-Fetch-Site, which the browser sets
 * and no page can, must say same-origin when it is sent; otherwise an Origin, when sent, must be
 * this site's. `Origin: null` alone is not refused: the pages send Referrer-Policy: no-referrer,
 * under which a browser without Sec-Fetch-Site (Safari before 16.4) sends null even to its own
 * site (routes/feedback-form.ts says more).
 */
export function fromThisSite(c: { env: Pick<Config, 'PUBLIC_ORIGIN'>; req: { url: string; header(name: string): string | undefined } }): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return true;
  return origin === publicOrigin(c);
}
