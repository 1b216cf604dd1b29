/**
 * Notification targets (通知渠道), admins only: GET lists them (addresses and secrets masked,
 * with how many notifications wait or were given up on); POST adds one; PATCH changes one as the
 * admin read it (`updatedAt`; 409 `stale` otherwise) — a secret or address left out is kept,
 * since the admin only ever sees it masked; DELETE removes one with its notifications (the
 * `updatedAt` read in the query). POST /:id/test sends a test message now and answers with the
 * attempt (audited as notify_target.test; a disabled target's test waits until it is enabled). GET /outbox lists the notifications, newest first, each with every attempt.
 * Every write is audited (notify_target.*, db/notify-targets.ts) without the secret or the key.
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { auditInsert } from '../../db/audit';
import { findDepartment } from '../../db/departments';
import { attemptsOf, listOutbox, outboxInsert } from '../../db/notify-outbox';
import { createTarget, deleteTarget, findTarget, listTargets, updateTarget, view, type TargetOutcome, type TargetRow } from '../../db/notify-targets';
import { NOTIFY_TARGET_KINDS, notifyOutbox, OUTBOX_STATES } from '../../db/schema';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { idParam } from '../../http/id-param';
import { jsonBody } from '../../http/json-body';
import { publicOrigin } from '../../http/origin';
import { cappedText, validate } from '../../http/validate';
import { isBlank } from '../../feedback/rules';
import { deliverDue } from '../../notify/deliver';
import { testMessage, type NotifyMessage } from '../../notify/message';
import { notifyErrors, targetFieldMessages as m, targetMessage } from '../../notify/messages';
import { maskUrl, targetProblems, type TargetFields } from '../../notify/targets';
import { staffFieldMessages } from '../../staff/messages';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const BODY = { maxBytes: 16 * 1024 };
// Lengths are the domain's to check, with its messages; these bounds only keep absurd input out.
const name = cappedText(5_000, m.name.tooLong);
const url = cappedText(5_000, m.url.tooLong);
const secret = cappedText(5_000, m.secret.tooLong);
const id = z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));
const version = z.coerce.number().check(z.int(), z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));
const createInput = z.object({
  departmentId: z.nullish(id), kind: z.enum(NOTIFY_TARGET_KINDS), name, url, secret: z.nullish(secret), enabled: z.optional(z.boolean()),
});
const changeInput = z.object({
  departmentId: z.nullish(id), kind: z.optional(z.enum(NOTIFY_TARGET_KINDS)), name: z.optional(name), url: z.optional(url), secret: z.nullish(secret),
  enabled: z.optional(z.boolean()), updatedAt: version,
});
const deleteQuery = z.object({ updatedAt: version });
const outboxQuery = z.object({
  targetId: z.optional(z.coerce.number().check(z.int(), z.positive(), z.maximum(Number.MAX_SAFE_INTEGER))), state: z.optional(z.enum(OUTBOX_STATES)),
});
const messages = {
  departmentId: m.departmentId.invalid, kind: m.kind.required, name: m.name.required, url: m.url.required, secret: m.secret.invalidChars, enabled: m.enabled.invalid,
  updatedAt: m.updatedAt.required, targetId: notifyErrors.targetNotFound, state: staffFieldMessages.outbox.state,
};

/** The fields as they will be stored (trimmed; an empty secret is none), or a 422 with a message per field. */
function checked(given: TargetFields): TargetFields {
  // A name that shows nothing (only whitespace and invisible characters, feedback/rules.ts isBlank) is no name.
  const f = isBlank(given.name) ? { ...given, name: '' } : given;
  const problems = targetProblems(f);
  if (Object.keys(problems).length > 0) throw validationError(Object.fromEntries(Object.entries(problems).map(([k, rule]) => [k, targetMessage(rule, f.kind)])));
  return { kind: f.kind, name: f.name.trim(), url: f.url.trim(), secret: f.secret?.trim() || null };
}

async function departmentOrThrow(c: { var: StaffEnv['Variables'] }, departmentId: number | null | undefined): Promise<{ id: number; name: string } | null> {
  if (departmentId === null || departmentId === undefined) return null;
  const d = await findDepartment(c.var.db, departmentId);
  if (!d) throw validationError({ departmentId: m.departmentId.unknown });
  return d;
}

const targetNotFound = () => new ApiError(404, 'target_not_found', notifyErrors.targetNotFound);

function refusal(outcome: TargetOutcome): ApiError {
  if (outcome.is === 'gone') return targetNotFound();
  return new ApiError(409, 'stale', notifyErrors.targetChanged);
}

async function shown(db: StaffEnv['Variables']['db'], t: TargetRow) {
  const department = t.departmentId === null ? null : await findDepartment(db, t.departmentId);
  return view(t, department?.name ?? null);
}

/** Notifications with their attempts, the message parsed. */
async function notifications(db: StaffEnv['Variables']['db'], filter: { targetId?: number; state?: (typeof OUTBOX_STATES)[number] }, limit: number) {
  const rows = await listOutbox(db, filter, limit);
  const attempts = await attemptsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    ...r,
    message: JSON.parse(r.message) as NotifyMessage,
    attempts: attempts.filter((a) => a.outboxId === r.id).map(({ outboxId: _, ...a }) => a),
  }));
}

export const staffNotifyTargetsRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('notify.manage'))
  .get('/', async (c) => c.json({ targets: await listTargets(c.var.db) }, 200))
  .post('/', jsonBody(BODY), validate('json', createInput, messages), async (c) => {
    const body = c.req.valid('json');
    const fields = checked({ kind: body.kind, name: body.name, url: body.url, secret: body.secret ?? null });
    const department = await departmentOrThrow(c, body.departmentId);
    const created = await createTarget(c.var.db, { ...fields, departmentId: department?.id ?? null, enabled: body.enabled ?? true }, c.var.staff.id, c.var.clock());
    return c.json(view(created, department?.name ?? null), 201);
  })
  .patch('/:id{[0-9]+}', jsonBody(BODY), validate('json', changeInput, messages), async (c) => {
    const { updatedAt, ...change } = c.req.valid('json');
    const current = await findTarget(c.var.db, idParam(c, 'id', targetNotFound));
    if (!current) throw targetNotFound();
    // Checked as it will be: what is left out is kept (the admin saw the address and secret masked only).
    const merged: TargetFields = {
      kind: change.kind ?? current.kind,
      name: change.name ?? current.name,
      url: change.url ?? current.url,
      secret: change.secret === undefined ? current.secret : change.secret,
    };
    const fields = checked(merged);
    if (change.departmentId !== undefined) await departmentOrThrow(c, change.departmentId);
    const outcome = await updateTarget(
      c.var.db,
      { id: current.id, updatedAt },
      { ...fields, ...(change.departmentId !== undefined ? { departmentId: change.departmentId } : {}), ...(change.enabled !== undefined ? { enabled: change.enabled } : {}) },
      c.var.staff.id,
      c.var.clock(),
    );
    if (outcome.is === 'updated' || outcome.is === 'unchanged') return c.json(await shown(c.var.db, outcome.target), 200);
    throw refusal(outcome);
  })
  .delete('/:id{[0-9]+}', validate('query', deleteQuery, messages), async (c) => {
    const outcome = await deleteTarget(c.var.db, { id: idParam(c, 'id', targetNotFound), updatedAt: c.req.valid('query').updatedAt }, c.var.staff.id, c.var.clock());
    if (outcome.is !== 'deleted') throw refusal(outcome);
    return c.body(null, 204);
  })
  // A test message, sent now (not in the background): the answer says whether it arrived.
  .post('/:id{[0-9]+}/test', async (c) => {
    const { db } = c.var;
    const target = await findTarget(db, idParam(c, 'id', targetNotFound));
    if (!target) throw targetNotFound();
    const now = c.var.clock();
    const [inserted] = await db.batch([
      outboxInsert(db, { targetId: target.id, event: 'test', eventKey: `test:${target.id}:${now}:${c.var.staff.id}`, feedbackId: null, message: JSON.stringify(testMessage(target.name, publicOrigin(c))) }, now).returning({ id: notifyOutbox.id }),
      auditInsert(db, { at: now, actorId: c.var.staff.id, action: 'notify_target.test', targetType: 'notify_target', targetId: target.id, after: { name: target.name, url: maskUrl(target.url) } }),
    ]);
    const outboxRow = inserted[0];
    if (outboxRow && target.enabled) await deliverDue(db, c.var.outbound, c.var.clock, 1, outboxRow.id);
    const [notification] = outboxRow ? (await notifications(db, { targetId: target.id }, 1)).filter((n) => n.id === outboxRow.id) : [];
    return c.json({ notification: notification ?? null }, 201);
  })
  .get('/outbox', validate('query', outboxQuery, messages), async (c) => c.json({ notifications: await notifications(c.var.db, c.req.valid('query'), 100) }, 200))
  .all('/', methodNotAllowed)
  .all('/outbox', methodNotAllowed)
  .all('/:id{[0-9]+}', methodNotAllowed)
  .all('/:id{[0-9]+}/test', methodNotAllowed);
