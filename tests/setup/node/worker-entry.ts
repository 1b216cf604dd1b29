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
import { backgroundErrors, backgroundWork, nodeDatabase } from './cloudflare-test';

export type { AppType } from '../../../worker/app';

/** The apps made so far, by test file's database and by bindings. */
const apps = new WeakMap<object, WeakMap<object, NodeApp>>();

/** The Node app for the running test file and a set of bindings (tests pass their own, `{ ...env, PUBLIC_ORIGIN }`). */
function appFor(env: Env): NodeApp {
  const database = nodeDatabase();
  let byEnv = apps.get(database);
  if (!byEnv) apps.set(database, (byEnv = new WeakMap()));
  let app = byEnv.get(env);
  if (!app) {
    app = createNodeApp({
      db: database.db,
      config: configFrom(env as unknown as Record<string, string | undefined>),
      clientAddressHeader: 'cf-connecting-ip',
      // Kept for waitOnExecutionContext to throw: a test that waits sees the failure.
      onBackgroundError: (err) => backgroundErrors.push(err),
    });
    byEnv.set(env, app);
    backgroundWork.add(app.idle);
  }
  return app;
}

export default {
  fetch(request: Request, env: Env, _ctx?: ExecutionContext): Promise<Response> {
    return appFor(env).fetch(request);
  },
};
