/**
 * Composes the application from what the platform gives it: middleware, the API's sub-apps,
 * the pages, the static files and the error shape. The Worker (worker/index.ts) and the Node
 * host (server/app.ts) each make one with createApp(); no route, query or domain module knows
 * which one it runs under.
 */
import { Hono, type Context } from 'hono';
import type { AssetFetcher } from './assets';
import type { Db } from './db/client';
import type { Mailer, NoticeCache, Outbound, PhotoStore } from './ports';
import { noNoticeCache } from './http/notice-cache';
import type { AppEnv, Config } from './env';
import { errorBody, notFound, onError } from './http/errors';
import { securityHeaders } from './http/security-headers';
import { errorMessages } from './messages';
import { feedbackRoute } from './routes/feedback';
import { itemPhotosRoute, photosRoute } from './routes/photos';
import { inboundRoute } from './routes/inbound-email';
import { noticesRoute } from './routes/notices';
import { staffRoute } from './routes/staff';
import { notFoundPage, pagesRoute } from './routes/pages';
import { trackPageRoute } from './routes/track-page';
import { feedbackFormRoute } from './routes/feedback-form';

/** What a platform provides for each request. */
export interface Platform {
  /** The drizzle database the request works on. */
  database(c: Context<AppEnv>): Db;
  /** The database for read-only routes (a D1 session on the Worker); database(c) where the platform has none. */
  readDatabase?(c: Context<AppEnv>): Db;
  /** The built web app's files, if this platform serves them. */
  assets(c: Context<AppEnv>): AssetFetcher | undefined;
  /**
   * The client's address as the platform knows it for sure (Cloudflare's edge, or the trusted
   * reverse proxy in front of the Node host), or undefined; only ever used fingerprinted.
   */
  clientAddress(c: Context<AppEnv>): string | undefined;
  /** The time now in milliseconds since the epoch; Date.now unless a test or a platform says otherwise. */
  clock?: () => number;
  /** How requests leave the service (chat bots, webhooks); fetch unless a test says otherwise. */
  outbound?: Outbound;
  /** How e-mail leaves the service, where the platform can send it. */
  mailer?(c: Context<AppEnv>): Mailer | undefined;
  /** Where evidence photos are kept: R2 on the Worker, a folder on the Node host. */
  photos(c: Context<AppEnv>): PhotoStore;
  /** Where the public notice's shared copies are kept (issue 15); none keeps nothing. */
  noticeCache?(c: Context<AppEnv>): NoticeCache;
}

export function createApp(platform: Platform) {
  const clock = platform.clock ?? Date.now;
  const outbound: Outbound = platform.outbound ?? ((request) => fetch(request));
  const api = new Hono<AppEnv>()
    .route('/notices', noticesRoute)
    .route('/feedback', feedbackRoute)
    .route('/photos', photosRoute)
    .route('/item-photos', itemPhotosRoute)
    .route('/staff', staffRoute)
    .route('/inbound', inboundRoute);

  const app = new Hono<AppEnv>()
    // Every response, static assets and errors included (http/security-headers.ts).
    .use(securityHeaders())
    // What the platform gives this request: its database, the photo store, the notice cache, the assets, the client's address, the clock.
    .use(async (c, next) => {
      c.set('clock', clock);
      c.set('outbound', outbound);
      c.set('mailer', platform.mailer?.(c));
      const db = platform.database(c);
      c.set('db', db);
      let readDb: Db | undefined;
      c.set('readDb', () => (readDb ??= platform.readDatabase?.(c) ?? db));
      c.set('photos', platform.photos(c));
      c.set('noticeCache', platform.noticeCache?.(c) ?? noNoticeCache);
      c.set('assets', platform.assets(c));
      c.set('clientAddress', platform.clientAddress(c));
      await next();
    })
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

export type App = ReturnType<typeof createApp>;
export type AppType = App;

/** The configuration's type, for entries that build it. */
export type { Config };
