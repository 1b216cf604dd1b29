/**
 * POST /api/staff/search: search words in, a token out (staff/search-token.ts). The inbox and the
 * export then take `qs=<token>` in place of `q=<words>`, so that a caller's name or phone number
 * typed into the search box travels in no URL, and so in no access log. Writes nothing: the
 * notice's cache is left alone (notice-purge.ts) and nothing is audited; what is exported with it
 * is, under the words.
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { methodNotAllowed } from '../../http/errors';
import { appSecret } from '../../http/client';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { staffFieldMessages } from '../../staff/messages';
import { SEARCH_MAX, sealSearch } from '../../staff/search-token';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const searchInput = z.object({ q: z.string().check(z.maxLength(SEARCH_MAX)) });

export const staffSearchRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('feedback.read'))
  .post('/', jsonBody({ maxBytes: 4096 }), validate('json', searchInput, { q: staffFieldMessages.filter.q }), async (c) => {
    const { q } = c.req.valid('json');
    return c.json(await sealSearch(appSecret(c.env), c.var.staff.id, q, c.var.clock()), 200);
  })
  .all('/', methodNotAllowed);
