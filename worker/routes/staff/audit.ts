/**
 * The audit log, for admins: newest first, in pages keyed by id.
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { listAudit } from '../../db/audit';
import { methodNotAllowed } from '../../http/errors';
import { validate } from '../../http/validate';
import { staffFieldMessages } from '../../staff/messages';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

export const AUDIT_PAGE_MAX = 100;
/** The longest target type or target id searched for, in characters. */
const TARGET_MAX = 50;
const id = z.coerce.number().check(z.int(), z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));
const f = staffFieldMessages.filter;
const m = staffFieldMessages.audit;

const auditQuery = z.object({
  before: z.optional(id),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(AUDIT_PAGE_MAX))),
  targetType: z.optional(z.string().check(z.maxLength(TARGET_MAX))),
  targetId: z.optional(z.string().check(z.maxLength(TARGET_MAX))),
  actor: z.optional(id),
});
const auditMessages = {
  before: f.cursor, limit: f.limit(AUDIT_PAGE_MAX), targetType: m.targetType(TARGET_MAX), targetId: m.targetId(TARGET_MAX), actor: m.actor,
};

export const staffAuditRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('audit.read'))
  .get('/', validate('query', auditQuery, auditMessages), async (c) => {
    const q = c.req.valid('query');
    const page = await listAudit(c.var.db, { targetType: q.targetType, targetId: q.targetId, actorId: q.actor }, q.before ?? null, q.limit ?? 50);
    return c.json(page, 200);
  })
  .all('/', methodNotAllowed);
