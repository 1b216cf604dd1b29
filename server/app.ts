/**
 * The app on the Node host: the same createApp() as the Worker's, given a libSQL database, a
 * folder of photos, a folder of built assets, and the client's address from the socket or from the reverse proxy
 * the operator trusts. `fetch` is what @hono/node-server calls; tests call it directly.
 */
import type { Context } from 'hono';
import { createApp } from '../worker/app';
import { failureText } from '../worker/lib/failure';
import type { Db } from '../worker/db/client';
import type { AppEnv, Config } from '../worker/env';
import type { NoticeCache, PhotoStore } from '../worker/ports';
import { folderAssets } from './assets';
import { memoryNoticeCache } from './notice-cache';

export interface NodeAppOptions {
  db: Db;
  config: Config;
  /** Where evidence photos are kept: a folder (server/photo-store.ts). */
  photos: PhotoStore;
  /** The public notice's shared copies; by default in this process's memory (server/notice-cache.ts). */
  noticeCache?: NoticeCache;
  /** The built web app (dist/web); none serves the API and the pages without their scripts. */
  assetsDir?: string;
  /**
   * The request header that carries the client's address, set by the reverse proxy in front
   * (nginx: `proxy_set_header X-Real-IP $remote_addr;` and `x-real-ip` here). Unset, the
   * socket's address is the client's. Never set it without such a proxy: clients could then
   * pose as any address.
   */
  clientAddressHeader?: string;
  /** Where an error of a background task (an export's audit entry) is reported. */
  onBackgroundError?: (err: unknown) => void;
}

export interface NodeApp {
  /** Answers a request; `remoteAddress` is the socket's peer. */
  fetch(request: Request, remoteAddress?: string): Promise<Response>;
  /** Resolves once every background task started so far has ended (for a clean shutdown). */
  idle(): Promise<void>;
}

export function createNodeApp(options: NodeAppOptions): NodeApp {
  const assets = options.assetsDir ? folderAssets(options.assetsDir) : undefined;
  const header = options.clientAddressHeader?.trim().toLowerCase();
  const peers = new WeakMap<Request, string>();
  const noticeCache = options.noticeCache ?? memoryNoticeCache();
  const app = createApp({
    database: () => options.db,
    photos: () => options.photos,
    noticeCache: () => noticeCache,
    assets: () => assets,
    clientAddress: (c: Context<AppEnv>) => (header ? c.req.header(header)?.split(',')[0]?.trim() || undefined : peers.get(c.req.raw)),
  });
  const pending = new Set<Promise<unknown>>();
  const report = options.onBackgroundError ?? ((err: unknown) => console.error('background task failed:', failureText(err)));

  // What the Worker runtime's ExecutionContext gives the routes: waitUntil keeps a task going
  // after the response; here it simply runs on, its failure reported, never the request's.
  const executionContext = {
    waitUntil(task: Promise<unknown>) {
      const tracked = task.catch(report).finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
    passThroughOnException() {},
    props: {},
  };

  return {
    async fetch(request, remoteAddress) {
      if (remoteAddress) peers.set(request, remoteAddress);
      return app.fetch(request, options.config, executionContext);
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
