/**
 * The staff API's Worker (wrangler.office.toml): /api/staff and nothing else, over the same D1
 * and PHOTOS bucket as the public Worker (worker/index.ts), which hands it every request under
 * /api/staff through a service binding (worker/http/office.ts). It serves no page and keeps no
 * copy of the public notice: the public Worker purges those after its writes.
 */
import { Hono } from 'hono';
import { workerPlatform } from './cloudflare-platform';
import { platformMiddleware } from './platform';
import type { AppEnv, Env } from './env';
import { notFound, onError } from './http/errors';
import { securityHeaders } from './http/security-headers';
import { staffRoute } from './routes/staff';

export const office = new Hono<AppEnv>()
  .use(securityHeaders())
  .use(platformMiddleware(workerPlatform({ noticeCache: false })))
  .route('/api/staff', staffRoute);
office.notFound(notFound);
office.onError(onError);

export default { fetch: office.fetch } satisfies ExportedHandler<Env>;
