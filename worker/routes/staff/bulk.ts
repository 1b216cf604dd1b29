/**
 * POST /api/staff/feedback/bulk: several feedback accepted, marked as spam or
 * given to a department in one step (staff/bulk.ts). Each is changed as its
 * single action changes it (applyChange: the change, its timeline event and its
 * own audit entry in one batch, only if the feedback is as read), so a refusal
 * of one never touches the others and nothing of one is half written.
 *
 * Permission and scope are the single action's: the whole request is refused
 * (403) for a user who may not take the action at all; a feedback outside the
 * user's scope is reported in the results exactly as an unknown one, a status
 * the step does not go from as the single action's 409 would say it, and one
 * changed by someone else after `readAt` (when the inbox was read) as stale.
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { findDepartment } from '../../db/departments';
import { feedbackByIds } from '../../db/staff-bulk';
import { applyChange } from '../../db/staff-feedback';
import { deadlineRules } from '../../calendar/deadlines';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { BULK_ACTIONS, BULK_MAX, BULK_PERMISSION, planBulk, type BulkAnswer, type BulkRefusal, type BulkResult } from '../../staff/bulk';
import { staffErrors, staffFieldMessages } from '../../staff/messages';
import { can, inScope } from '../../staff/roles';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';
import { deliverInBackground } from '../notify-background';
import { assignmentNotifications } from '../../notify/enqueue';
import { publicOrigin } from '../../http/origin';

const m = staffFieldMessages;
const instant = z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));

/** The ids, each a feedback id, at least one, at most BULK_MAX, none twice; a message for each way they are not. */
const ids = z.custom<number[]>().check(
  z.superRefine((value, ctx) => {
    const problem = idsProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

function idsProblem(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return m.bulk.ids.required;
  if (value.length > BULK_MAX) return m.bulk.ids.tooMany(BULK_MAX);
  if (!value.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) return m.bulk.ids.invalid;
  if (new Set(value).size !== value.length) return m.bulk.ids.repeated;
  return null;
}

const bulkInput = z.object({
  action: z.enum(BULK_ACTIONS),
  ids,
  departmentId: z.nullish(z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER))),
  /** When the caller read the list: feedback changed after it is left as it is, and reported stale. */
  readAt: z.optional(instant),
});

/** Changes written at once; each is its own small batch. */
const AT_ONCE = 10;

function refusalError(r: BulkRefusal): { code: string; message: string } {
  return r.kind === 'illegal'
    ? { code: 'illegal_transition', message: staffErrors.illegalTransition(r.from, r.to) }
    : { code: 'not_assignable', message: staffErrors.notAssignable };
}

const notFound = { code: 'feedback_not_found', message: staffErrors.feedbackNotFound };
const stale = { code: 'stale', message: staffErrors.stale };

export const staffBulkRoute = new Hono<StaffEnv>()
  .use(staffSession())
  .post(
    '/',
    // Every action is a handling one; assign asks for more below, once the action is known.
    requirePermission('feedback.handle'),
    jsonBody({ maxBytes: 8 * 1024 }),
    validate('json', bulkInput, { action: m.bulk.action, ids: m.bulk.ids.invalid, departmentId: m.departmentId.unknown, readAt: m.readAt.invalid }),
    async (c) => {
      const { action, ids: asked, departmentId, readAt } = c.req.valid('json');
      const { db, staff: me } = c.var;
      if (!can(me, BULK_PERMISSION[action])) throw new ApiError(403, 'forbidden', staffErrors.forbidden);
      let department = null;
      if (action === 'assign') {
        if (departmentId === undefined || departmentId === null) throw validationError({ departmentId: m.departmentId.required });
        department = await findDepartment(db, departmentId);
        if (!department) throw validationError({ departmentId: m.departmentId.unknown });
      }

      const now = c.var.clock();
      const config = await deadlineRules(db, c.env);
      const rows = await feedbackByIds(db, asked);
      const results: BulkResult[] = [];
      const origin = publicOrigin(c);
      let notified = false;
      const work: Array<() => Promise<BulkResult>> = [];
      for (const id of asked) {
        const f = rows.get(id);
        if (!f || !inScope(me, f.departmentId)) {
          results.push({ id, ok: false, error: notFound });
          continue;
        }
        if (readAt !== undefined && f.updatedAt > readAt) {
          results.push({ id, ok: false, error: stale });
          continue;
        }
        const plan = planBulk(f, { action, department, role: me.role, now, config });
        if (!plan.ok) {
          results.push({ id, ok: false, error: refusalError(plan.refusal) });
          continue;
        }
        const slot = results.push({ id, ok: false, error: stale }) - 1;
        work.push(async () => {
          // Given to a department: its notification targets are told, in the change's own batch.
          const to = plan.change.changes.departmentId;
          const notify = to !== undefined ? await assignmentNotifications(db, f, { departmentId: to, status: plan.change.changes.status ?? f.status }, origin) : [];
          const done = await applyChange(db, f, { ...plan.change, notify }, me.id, now);
          if (done && notify.length > 0) notified = true;
          return (results[slot] = done ? { id, ok: true } : { id, ok: false, error: stale });
        });
      }
      for (let i = 0; i < work.length; i += AT_ONCE) await Promise.all(work.slice(i, i + AT_ONCE).map((w) => w()));
      if (notified) deliverInBackground(c);
      const answer: BulkAnswer = { action, done: results.filter((r) => r.ok).length, results };
      return c.json(answer, 200);
    },
  )
  .all('/', methodNotAllowed);
