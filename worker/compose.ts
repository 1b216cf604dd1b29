/**
 * Composes the application from what the platform gives it: middleware, the API's sub-apps,
 * the pages, the static files and the error shape. The Node host (server/app.ts) makes the whole
 * of it with createApp() (worker/app.ts); on Cloudflare the staff API runs in a Worker of its own (worker/office.ts)
 * and the main Worker (worker/index.ts) composes the rest with composeApp(), handing /api/staff to
 * that Worker (worker/http/office.ts). No route, query or domain module knows which one it runs under.
 */
import { Hono } from 'hono';
import type { AppEnv, Config } from './env';
import { platformMiddleware, type Platform } from './platform';
import { errorBody, notFound, onError } from './http/errors';
import { securityHeaders } from './http/security-headers';
import { errorMessages } from './messages';
import { feedbackRoute } from './routes/feedback';
import { itemPhotosRoute, photosRoute } from './routes/photos';
import { inboundRoute } from './routes/inbound-email';
import { noticesRoute } from './routes/notices';
import { purgeNoticesAfterWrites } from './routes/staff/notice-purge';
import { notFoundPage, pagesRoute } from './routes/pages';
import { trackPageRoute } from './routes/track-page';
import { feedbackFormRoute } from './routes/feedback-form';

/**
 * The application, its staff API (/api/staff) given as `staffApi`: the routes themselves
 * (createApp, on the Node host and in tests), or a hand-off to the Worker that runs them
 * (worker/http/office.ts). Either way a staff write that changed what the public notice shows
 * purges the notice cache here, where the public notice is served (routes/staff/notice-purge.ts).
 */
export function composeApp(platform: Platform, staffApi: Hono<AppEnv>) {
  const api = new Hono<AppEnv>()
    .route('/notices', noticesRoute)
    .route('/feedback', feedbackRoute)
    .route('/photos', photosRoute)
    .route('/item-photos', itemPhotosRoute)
    .use('/staff/*', purgeNoticesAfterWrites())
    .route('/staff', staffApi)
    .route('/inbound', inboundRoute);

  const app = new Hono<AppEnv>()
    // Every response, static assets and errors included (http/security-headers.ts).
    .use(securityHeaders())
    .use(platformMiddleware(platform))
    .route('/api', api)
    .route('/', pagesRoute)
    .route('/', trackPageRoute)
    .route('/', feedbackFormRoute);

  app.notFound(notFound);
  app.onError(onError);

  // Anything else is a static asset (the built web app), when the platform serves them.
  app.get('*', async (c) => {
    const assets = c.var.assets;
    if (assets && !c.req.path.startsWith('/api/')) {
      const res = await assets.fetch(c.req.raw);
      if (res.status === 404 && (c.req.header('accept') ?? '').includes('text/html')) return notFoundPage(c);
      // Asset responses may be immutable; copy so the security headers can be added.
      return new Response(res.body, res);
    }
    return c.json(errorBody('not_found', errorMessages.notFound), 404);
  });
  return app;
}

/** The configuration's and the platform's types, for entries that build an app. */
export type { Config, Platform };
