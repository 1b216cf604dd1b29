/**
 * The audit log, for admins: newest first, in pages keyed by id.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { listAudit } from '../../db/audit';
import { methodNotAllowed } from '../../http/errors';
import { validate } from '../../http/validate';
import { staffFieldMessages } from '../../staff/messages';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

export const AUDIT_PAGE_MAX = 100;
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const f = staffFieldMessages.filter;

const auditQuery = z.object({
  before: id.optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(50).optional(),
  actor: id.optional(),
});

export const staffAuditRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('audit.read'))
  .get('/', validate('query', auditQuery, { before: f.cursor, limit: f.limit, targetType: f.q, targetId: f.q, actor: f.q }), async (c) => {
    const q = c.req.valid('query');
    const page = await listAudit(c.var.db, { targetType: q.targetType, targetId: q.targetId, actorId: q.actor }, q.before ?? null, q.limit ?? 50);
    return c.json(page, 200);
  })
  .all('/', methodNotAllowed);
