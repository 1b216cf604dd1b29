/**
 * Actions on one feedback: a workflow transition, an internal note, the one
 * extension, a change of department, a department's hand-back (退回) and its
 * signing for newly assigned work (签收); and, for marking it 重复, the likely
 * duplicates to choose from. Each action answers with the feedback as the console
 * shows it afterwards (a hand-back, which takes it out of the handler's scope,
 * with what was returned). The rules are in staff/workflow.ts; this file looks
 * things up, asks, and maps refusals to status codes: 409 for a step the workflow
 * does not allow, 403 for a role that may not take it, 422 for input.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import type { Db } from '../../db/client';
import { similarFeedback } from '../../db/similar-feedback';
import { applyChange, addEvent, findDepartment, findFeedbackByRef, markSeen, type Change, type FeedbackRow } from '../../db/staff-feedback';
import { normaliseRef } from '../../feedback/codes';
import { deadlineRules } from '../../calendar/deadlines';
import { overdueRule } from '../../feedback/deadlines';
import { FEEDBACK_STATUSES } from '../../db/schema';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { cappedText, validate } from '../../http/validate';
import { staffErrors, staffFieldMessages, workflowMessage } from '../../staff/messages';
import { ofItsDepartment } from '../../staff/actions';
import { attentionCleared } from '../../staff/attention';
import { scopeOf, type StaffUser } from '../../staff/roles';
import {
  ASSIGNABLE_STATUSES, assignmentChanges, isReopen, planExtension, planNote, planReturn, planTransition, type FeedbackChanges, type FeedbackStatus, type Plan,
} from '../../staff/workflow';
import type { StaffEnv } from './env';
import { feedbackDetail, feedbackIdOf, feedbackInScope } from './feedback-view';
import { requirePermission } from './session-auth';
import { deliverInBackground } from '../notify-background';
import { assignmentNotifications } from '../../notify/enqueue';
import { publicOrigin } from '../../http/origin';

const BODY = { maxBytes: 32 * 1024 };
const m = staffFieldMessages;
/** A reason, reply or note, capped far above its rule's limit (staff/workflow.ts), saying that limit past the cap. */
const text = (tooLong: string) => z.nullish(cappedText(20_000, tooLong));
const id = z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));
/**
 * The feedback's `updatedAt` as the caller read it. With it, a change is refused
 * (409 stale) when someone else changed the feedback after the caller read it,
 * not only while this request runs: two clerks on one feedback never lose a change.
 */
const version = { updatedAt: z.optional(z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER))) };

const transitionInput = z.object({
  to: z.enum(FEEDBACK_STATUSES),
  reason: text(m.reason.tooLong),
  duplicateOf: z.nullish(z.string().check(z.maxLength(50))),
  departmentId: z.nullish(id),
  reply: text(m.reply.tooLong),
  ...version,
});
const noteInput = z.object({ text: text(m.text.tooLong) });
// Days are checked by the workflow, whose message names the configured maximum.
const extendInput = z.object({ days: z.unknown(), reason: text(m.reason.tooLong), ...version });
// Missing is asked for by name below; a wrong value is "unknown department".
const assignInput = z.object({ departmentId: z.nullish(id), ...version });
const returnInput = z.object({ reason: text(m.reason.tooLong), ...version });

/** Turns a refusal of the workflow into the API's error; returns the plan when there is none. */
function planOrThrow(plan: Plan, context: { to?: FeedbackStatus; reopen?: boolean; returning?: boolean; maxExtensionDays: number }) {
  if (plan.ok) return plan;
  const r = plan.refusal;
  switch (r.kind) {
    case 'illegal':
      throw new ApiError(409, 'illegal_transition', staffErrors.illegalTransition(r.from, r.to));
    case 'adminOnly':
      throw new ApiError(403, 'forbidden', staffErrors.adminOnlyReopen);
    case 'notExtendable':
      throw new ApiError(409, 'not_extendable', staffErrors.notExtendable);
    case 'alreadyExtended':
      throw new ApiError(409, 'already_extended', staffErrors.alreadyExtended);
    case 'notReturnable':
      throw new ApiError(409, 'not_returnable', staffErrors.notReturnable);
    case 'invalid':
      throw validationError(Object.fromEntries(Object.entries(r.fields).map(([field, rule]) => [field, workflowMessage(rule, context)])));
  }
}

/**
 * The feedback to change, in the caller's scope, as the caller read it: when they
 * send the `updatedAt` they read and it is no longer current, the change is
 * refused before it is planned against a state they never saw.
 */
async function feedbackToChange(db: Db, id: number, me: StaffUser, updatedAt: number | undefined): Promise<FeedbackRow> {
  const f = await feedbackInScope(db, id, me);
  if (updatedAt !== undefined && updatedAt !== f.updatedAt) throw staleError();
  return f;
}

const staleError = () => new ApiError(409, 'stale', staffErrors.stale);

/** Commits a change to the feedback as read (applyChange's compare-and-set) and answers with the new detail. */
async function commit(c: Context<StaffEnv>, f: FeedbackRow, change: Change, now: number) {
  const { db, staff: me } = c.var;
  // Given to a department: its notification targets are told, in the change's own batch (notify/enqueue.ts).
  const notify =
    change.changes.departmentId !== undefined
      ? await assignmentNotifications(db, f, { departmentId: change.changes.departmentId, status: change.changes.status ?? f.status }, publicOrigin(c))
      : [];
  if (!(await applyChange(db, f, { ...change, notify }, me.id, now))) throw staleError();
  if (notify.length > 0) deliverInBackground(c);
  return c.json(await feedbackDetail(db, f.id, me, now, overdueRule(c.env)), 200);
}

/** The state of a row before a change, for the audit entry: the fields that change, and the status. */
function before(f: FeedbackRow, changes: FeedbackChanges) {
  return Object.fromEntries(['status', ...Object.keys(changes)].map((k) => [k, f[k as keyof FeedbackRow]]));
}

/** Mounted inside staffFeedbackRoute, behind its session middleware. */
export const staffFeedbackActionsRoute = new Hono<StaffEnv>()
  .post(
    '/:id{[0-9]+}/transition',
    requirePermission('feedback.handle'),
    jsonBody(BODY),
    validate('json', transitionInput, { to: m.to.required, reason: m.reason.tooLong, reply: m.reply.tooLong, duplicateOf: m.duplicateOf.unknown, departmentId: m.departmentId.unknown }),
    async (c) => {
      const body = c.req.valid('json');
      const { db, staff: me } = c.var;
      const f = await feedbackToChange(db, feedbackIdOf(c), me, body.updatedAt);
      const config = await deadlineRules(db, c.env);

      let duplicateOf: { id: number; ref: string } | null = null;
      if (body.to === 'duplicate' && body.duplicateOf?.trim()) {
        // Looked up within the inbox's scope: feedback outside one's department is "unknown", its reference not confirmed.
        duplicateOf = await findFeedbackByRef(db, normaliseRef(body.duplicateOf), { departmentId: scopeOf(me) }, c.var.clock());
        if (!duplicateOf) throw validationError({ duplicateOf: m.duplicateOf.unknown });
      }
      let department = null;
      if (body.to === 'in_progress') {
        const scope = scopeOf(me);
        const wanted = body.departmentId ?? f.departmentId ?? scope;
        if (scope !== null && wanted !== scope) throw new ApiError(403, 'forbidden', staffErrors.outOfDepartment);
        if (wanted !== null) {
          department = await findDepartment(db, wanted);
          if (!department) throw validationError({ departmentId: m.departmentId.unknown });
        }
      }

      const now = c.var.clock();
      const plan = planOrThrow(planTransition(f, { ...body, duplicateOf, department }, me.role, now, config), {
        to: body.to, reopen: isReopen(f.status, body.to), maxExtensionDays: config.maxExtensionDays,
      });
      // A new reply answers a follow-up or review request awaiting staff (staff/attention.ts).
      const changes = plan.changes.status === 'replied' ? { ...plan.changes, ...attentionCleared(f) } : plan.changes;
      return commit(c, f, { changes, event: plan.event, audit: { action: 'feedback.transition', before: before(f, changes), after: changes } }, now);
    },
  )
  .post('/:id{[0-9]+}/notes', requirePermission('feedback.handle'), jsonBody(BODY), validate('json', noteInput, { text: m.text.required }), async (c) => {
    const { db, staff: me } = c.var;
    const f = await feedbackInScope(db, feedbackIdOf(c), me);
    const plan = planOrThrow(planNote(c.req.valid('json').text), { maxExtensionDays: 0 });
    const now = c.var.clock();
    await addEvent(db, f.id, plan.event, me.id, now, { action: 'feedback.note', after: { text: plan.event.text } });
    return c.json(await feedbackDetail(db, f.id, me, now, overdueRule(c.env)), 201);
  })
  .post(
    '/:id{[0-9]+}/extend',
    requirePermission('feedback.handle'),
    jsonBody(BODY),
    validate('json', extendInput, { reason: m.reason.extend }),
    async (c) => {
      const { days, reason, updatedAt } = c.req.valid('json');
      const { db, staff: me } = c.var;
      const f = await feedbackToChange(db, feedbackIdOf(c), me, updatedAt);
      const config = await deadlineRules(db, c.env);
      const plan = planOrThrow(planExtension(f, typeof days === 'number' ? days : Number.NaN, reason, config), { maxExtensionDays: config.maxExtensionDays });
      const now = c.var.clock();
      return commit(c, f, { changes: plan.changes, event: plan.event, audit: { action: 'feedback.extend', before: before(f, plan.changes), after: plan.changes } }, now);
    },
  )
  .post(
    '/:id{[0-9]+}/assignment',
    requirePermission('feedback.assign'),
    jsonBody(BODY),
    validate('json', assignInput, { departmentId: m.departmentId.unknown }),
    async (c) => {
      const { departmentId: chosen, updatedAt } = c.req.valid('json');
      if (chosen === undefined) throw validationError({ departmentId: m.departmentId.required });
      const departmentId = chosen;
      const { db, staff: me } = c.var;
      const f = await feedbackToChange(db, feedbackIdOf(c), me, updatedAt);
      if (!(ASSIGNABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status)) throw new ApiError(409, 'not_assignable', staffErrors.notAssignable);
      // Work in progress always has a department doing it.
      if (departmentId === null && f.status === 'in_progress') throw validationError({ departmentId: m.departmentId.required });
      const department = departmentId === null ? null : await findDepartment(db, departmentId);
      if (departmentId !== null && !department) throw validationError({ departmentId: m.departmentId.unknown });
      const now = c.var.clock();
      const changes = assignmentChanges(f, departmentId);
      return commit(
        c,
        f,
        {
          changes,
          event: { type: 'assigned', public: false, fromStatus: null, toStatus: null, text: department?.name ?? null },
          audit: { action: 'feedback.assign', before: before(f, changes), after: changes },
        },
        now,
      );
    },
  )
  .post('/:id{[0-9]+}/return', requirePermission('feedback.handle'), jsonBody(BODY), validate('json', returnInput, { reason: m.reason.tooLong }), async (c) => {
    const { reason, updatedAt } = c.req.valid('json');
    const { db, staff: me } = c.var;
    const f = await feedbackToChange(db, feedbackIdOf(c), me, updatedAt);
    // Only the department it was given to can say it is not theirs; a clerk or an admin assigns it elsewhere instead.
    if (!ofItsDepartment(me, f)) throw new ApiError(403, 'forbidden', staffErrors.returnOwnDepartmentOnly);
    const now = c.var.clock();
    const plan = planOrThrow(planReturn(f, reason, now), { returning: true, maxExtensionDays: 0 });
    const change = { changes: plan.changes, event: plan.event, audit: { action: 'feedback.return', before: before(f, plan.changes), after: plan.changes } };
    if (!(await applyChange(db, f, change, me.id, now))) throw staleError();
    // Out of the handler's scope now: the answer says what was returned, not the feedback as the clerks see it.
    return c.json({ id: f.id, ref: f.ref, status: plan.changes.status ?? f.status, returned: { at: now, reason: plan.changes.returnReason ?? null } }, 200);
  })
  // 签收: the console sends this when someone of the assigned department opens the feedback; the first time counts.
  .post('/:id{[0-9]+}/seen', requirePermission('feedback.handle'), async (c) => {
    const { db, staff: me } = c.var;
    const f = await feedbackInScope(db, feedbackIdOf(c), me);
    if (!ofItsDepartment(me, f)) throw new ApiError(403, 'forbidden', staffErrors.seenOwnDepartmentOnly);
    const now = c.var.clock();
    if (f.departmentSeenAt === null) await markSeen(db, f.id, f.departmentId!, me.id, now);
    return c.json(await feedbackDetail(db, f.id, me, now, overdueRule(c.env)), 200);
  })
  .get('/:id{[0-9]+}/similar', async (c) => {
    const { db, staff: me } = c.var;
    const f = await feedbackInScope(db, feedbackIdOf(c), me);
    return c.json({ similar: await similarFeedback(db, f, { departmentId: scopeOf(me) }, c.var.clock()) }, 200);
  })
  .all('/:id{[0-9]+}/transition', methodNotAllowed)
  .all('/:id{[0-9]+}/notes', methodNotAllowed)
  .all('/:id{[0-9]+}/extend', methodNotAllowed)
  .all('/:id{[0-9]+}/assignment', methodNotAllowed)
  .all('/:id{[0-9]+}/return', methodNotAllowed)
  .all('/:id{[0-9]+}/seen', methodNotAllowed)
  .all('/:id{[0-9]+}/similar', methodNotAllowed);

