/**
 * After a staff write, the public notice's cached copies go (http/notice-cache.ts): most staff
 * writes change what the notice page or GET /api/notices/:slug shows (an item's status, text or
 * progress updates, a feedback marked spam or declined, which moves the counts and 有争议, a
 * notice's text or state), and most do not say which notice they touched. So every notice is
 * purged after any write that succeeded, except under the resources listed here, which show
 * nothing on the public notice. The purge is awaited: the clerk's next look at the public page
 * shows the change.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { purgeEveryNotice } from '../../http/notice-cache';

/** Staff resources whose writes never change the public notice (paths under /api/staff). */
const SHOWN_NOWHERE = ['/session', '/setup', '/search', '/reply-templates', '/notify-targets', '/departments', '/users', '/audit', '/export', '/stats', '/calendar'];

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function purgeNoticesAfterWrites(): MiddlewareHandler<AppEnv> {
  return async function purgeNoticesAfterWrites(c, next) {
    await next();
    if (READS.has(c.req.method) || c.res.status >= 400) return;
    const path = c.req.path.replace(/^\/api\/staff/, '');
    if (SHOWN_NOWHERE.some((p) => path === p || path.startsWith(`${p}/`))) return;
    await purgeEveryNotice(c.var.db, c.var.noticeCache);
  };
}
