/**
 * Public notices: the list, and one notice with its whole structure.
 */
import { Hono } from 'hono';
import { getNoticeView, listNotices } from '../db/notices';
import type { AppEnv } from '../env';
import { ApiError, methodNotAllowed } from '../http/errors';
import { errorMessages } from '../messages';
import { SLUG } from '../notice/lifecycle';


export const noticesRoute = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ notices: await listNotices(c.var.db) }, 200))
  .get('/:slug', async (c) => {
    const slug = c.req.param('slug');
    const notice = SLUG.test(slug) ? await getNoticeView(c.var.db, slug) : null;
    if (!notice) throw new ApiError(404, 'notice_not_found', errorMessages.noticeNotFound);
    return c.json(notice, 200);
  })
  .all('/', methodNotAllowed)
  .all('/:slug', methodNotAllowed);
