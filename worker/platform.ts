/**
 * What a platform gives the app (the Worker's: worker/cloudflare-platform.ts; the Node host's:
 * server/app.ts), and the middleware that puts it on each request. The staff API's Worker
 * (worker/office.ts) uses it without the public routes that worker/compose.ts brings.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AssetFetcher } from './assets';
import type { Db } from './db/client';
import type { AppEnv } from './env';
import { refuseWithoutSecrets } from './http/configured';
import { noNoticeCache } from './http/notice-cache';
import type { Mailer, NoticeCache, Outbound, PhotoStore } from './ports';

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

/** Puts on each request what the platform gives it: its database, the photo store, the notice cache, the assets, the client's address, the clock. */
export function platformMiddleware(platform: Platform): MiddlewareHandler<AppEnv> {
  const clock = platform.clock ?? Date.now;
  const outbound: Outbound = platform.outbound ?? ((request) => fetch(request));
  return async function platformMiddleware(c, next) {
    // Before anything reads the database or fingerprints the client (http/configured.ts).
    refuseWithoutSecrets(c.env ?? {}, c.req.url);
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
  };
}
