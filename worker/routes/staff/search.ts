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
import { cappedText, validate } from '../../http/validate';
import { staffFieldMessages } from '../../staff/messages';
import { SEARCH_MAX, sealSearch } from '../../staff/search-token';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const f = staffFieldMessages.filter;
// Too long says so (a custom issue carries its own words); a missing or non-text q is asked for.
const searchInput = z.object({ q: cappedText(SEARCH_MAX, f.q) });

export const staffSearchRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('feedback.read'))
  .post('/', jsonBody({ maxBytes: 4096 }), validate('json', searchInput, { q: f.qRequired }), async (c) => {
    const { q } = c.req.valid('json');
    return c.json(await sealSearch(appSecret(c.env), c.var.staff.id, q, c.var.clock()), 200);
  })
  .all('/', methodNotAllowed);
