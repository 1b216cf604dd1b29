/**
 * GET /api/staff/stats: figures for supervisors over the inbox's selection by
 * notice and date received, within the user's department scope.
 */
import { inboxScope } from './inbox-scope';
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { methodNotAllowed } from '../../http/errors';
import { validate } from '../../http/validate';
import { statsReport } from '../../stats/report';
import type { StaffEnv } from './env';
import { inboxFilterMessages, inboxFilterQuery } from './feedback';
import { requirePermission, staffSession } from './session-auth';

const statsQuery = z.pick(inboxFilterQuery, { notice: true, from: true, to: true });
const statsMessages = { notice: inboxFilterMessages.notice, from: inboxFilterMessages.from, to: inboxFilterMessages.to };

export const staffStatsRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('feedback.read'))
  .get('/', validate('query', statsQuery, statsMessages), async (c) => {
    const q = c.req.valid('query');
    const report = await statsReport(c.var.db, { noticeSlug: q.notice, from: q.from, to: q.to }, inboxScope(c.var.staff, c.env), c.var.clock());
    return c.json({ filters: { notice: q.notice ?? null, from: q.from ?? null, to: q.to ?? null }, ...report }, 200);
  })
  .all('/', methodNotAllowed);
