/**
 * Public notices: the list, and one notice with its whole structure. The notice is the same for
 * every reader, so it is answered from the notice cache (http/notice-cache.ts) while kept, and
 * built from the primary when not; the list reads the read-only database (a D1 session that a
 * replica may serve).
 */
import { Hono } from 'hono';
import { getNoticeView, listNotices } from '../db/notices';
import type { AppEnv } from '../env';
import { ApiError, methodNotAllowed } from '../http/errors';
import { cachedNotice } from '../http/notice-cache';
import { errorMessages } from '../messages';
import { SLUG } from '../notice/lifecycle';


export const noticesRoute = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ notices: await listNotices(c.var.readDb()) }, 200))
  .get('/:slug', async (c) => {
    const slug = c.req.param('slug');
    if (!SLUG.test(slug)) throw new ApiError(404, 'notice_not_found', errorMessages.noticeNotFound);
    return cachedNotice(c, slug, 'api', async () => {
      // From the primary, not a replica: the copy is kept for everyone, and a replica behind a
      // change just purged would have it kept stale for the whole TTL.
      const notice = await getNoticeView(c.var.db, slug);
      if (!notice) throw new ApiError(404, 'notice_not_found', errorMessages.noticeNotFound);
      return c.json(notice, 200);
    });
  })
  .all('/', methodNotAllowed)
  .all('/:slug', methodNotAllowed);
