/**
 * The node project's stand-in for worker/index.ts (vitest.config.ts aliases the tests' import of
 * it here): the same `fetch(request, env, ctx)`, answered by the Node host's app (server/app.ts)
 * over this test file's SQLite file, with its configuration taken from `env` as the Node host
 * takes it from the environment. The client's address comes from CF-Connecting-IP, as on the
 * Worker, so the tests pose as clients the same way on both.
 */
import { createNodeApp, type NodeApp } from '../../../server/app';
import type { Env } from '../../../worker/env';
import { configFrom } from '../../../worker/settings';
import { r2PhotoStore } from '../../../worker/r2-photos';
import type { PhotoStore } from '../../../worker/ports';
import { nodeNoticeCache } from './notice-caches';
import { FOLDER_STORE, type FolderBucket } from './photo-bucket';
import { backgroundErrors, backgroundWork, nodeDatabase } from './cloudflare-test';

export type { AppType } from '../../../worker/app';

/**
 * The photo store the Node host would have: the test file's folder (server/photo-store.ts), as
 * `env.PHOTOS` is by default; a bucket a test passes instead (one that fails, or counts) through
 * the R2 adapter, as on the Worker.
 */
function photoStoreOf(env: Env): PhotoStore {
  const folder = (env.PHOTOS as unknown as Partial<FolderBucket>)[FOLDER_STORE];
  return folder ? lazyStore(folder) : r2PhotoStore(env.PHOTOS);
}

/** The folder store of the test file running when it is used (the app outlives no file, but env does). */
function lazyStore(store: () => PhotoStore): PhotoStore {
  return { put: (...a) => store().put(...a), get: (key) => store().get(key), delete: (keys) => store().delete(keys) };
}

/** The apps made so far, by test file's database and by bindings. */
const apps = new WeakMap<object, WeakMap<object, NodeApp>>();

/** The Node app for the running test file and a set of bindings (tests pass their own, `{ ...env, PUBLIC_ORIGIN }`). */
function appFor(env: Env): NodeApp {
  const database = nodeDatabase();
  let byEnv = apps.get(database);
  if (!byEnv) apps.set(database, (byEnv = new WeakMap()));
  // The bindings a test passed, before tests/helpers/worker.ts added the OFFICE this app never asks for: a new object each request.
  const key = ((env as unknown as Record<symbol, object | undefined>)[Symbol.for('rw.bindings')] ?? env) as Env;
  let app = byEnv.get(key);
  if (!app) {
    app = createNodeApp({
      // One per test file's database, shared by the apps of different bindings (notice-caches.ts).
      noticeCache: nodeNoticeCache(database),
      db: database.db,
      config: configFrom(env as unknown as Record<string, string | undefined>),
      photos: photoStoreOf(env),
      clientAddressHeader: 'cf-connecting-ip',
      // Kept for waitOnExecutionContext to throw: a test that waits sees the failure.
      onBackgroundError: (err) => backgroundErrors.push(err),
    });
    byEnv.set(key, app);
    backgroundWork.add(app.idle);
  }
  return app;
}

export default {
  fetch(request: Request, env: Env, _ctx?: ExecutionContext): Promise<Response> {
    return appFor(env).fetch(request);
  },
};
