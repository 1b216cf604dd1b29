/**
 * Reply templates (答复模板): whoever may reply lists them, to start a reply from
 * one; admins add, change and delete them. A change or a deletion carries the
 * `updatedAt` the admin read (in the body, or for a deletion in the query) and is
 * refused with 409 `stale` when the template changed since; a title another
 * template has is 409 `template_exists`. Every write is audited
 * (reply_template.create / update / delete, db/reply-templates.ts).
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate, type TemplateOutcome } from '../../db/reply-templates';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { idParam } from '../../http/id-param';
import { jsonBody } from '../../http/json-body';
import { cappedText, validate } from '../../http/validate';
import { staffErrors, templateFieldMessages, templateMessage } from '../../staff/messages';
import { templateProblems, type TemplateFields } from '../../staff/reply-templates';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const BODY = { maxBytes: 64 * 1024 };
const m = templateFieldMessages;
// Lengths are the domain's to check (with its messages); these bounds only keep absurd input out.
const title = cappedText(20_000, m.title.tooLong);
const body = cappedText(20_000, m.body.tooLong);
const version = z.coerce.number().check(z.int(), z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));
const createInput = z.object({ title, body });
const changeInput = z.object({ title: z.optional(title), body: z.optional(body), updatedAt: version });
const deleteQuery = z.object({ updatedAt: version });
const messages = { title: m.title.required, body: m.body.required, updatedAt: m.updatedAt.required };

/** The fields as they will be stored, trimmed, or a 422 with one message per field. */
function checked<T extends Partial<TemplateFields>>(fields: T): T {
  const problems = templateProblems(fields);
  if (Object.keys(problems).length > 0) throw validationError(Object.fromEntries(Object.entries(problems).map(([k, rule]) => [k, templateMessage(rule)])));
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T;
}

const templateNotFound = () => new ApiError(404, 'template_not_found', staffErrors.templateNotFound);

function refusal(outcome: TemplateOutcome): ApiError {
  if (outcome.is === 'gone') return templateNotFound();
  if (outcome.is === 'taken') return new ApiError(409, 'template_exists', staffErrors.templateExists);
  return new ApiError(409, 'stale', staffErrors.templateChanged);
}

export const staffReplyTemplatesRoute = new Hono<StaffEnv>()
  .use(staffSession())
  .get('/', requirePermission('feedback.handle'), async (c) => c.json({ templates: await listTemplates(c.var.db) }, 200))
  .post('/', requirePermission('template.manage'), jsonBody(BODY), validate('json', createInput, messages), async (c) => {
    const t = checked(c.req.valid('json'));
    const created = await createTemplate(c.var.db, { title: t.title, body: t.body }, c.var.staff.id, c.var.clock());
    if (!created) throw new ApiError(409, 'template_exists', staffErrors.templateExists);
    return c.json(created, 201);
  })
  .patch('/:id{[0-9]+}', requirePermission('template.manage'), jsonBody(BODY), validate('json', changeInput, messages), async (c) => {
    const { updatedAt, ...fields } = c.req.valid('json');
    const change = checked(fields);
    const outcome = await updateTemplate(c.var.db, { id: idParam(c, 'id', templateNotFound), updatedAt }, change, c.var.staff.id, c.var.clock());
    if (outcome.is === 'updated' || outcome.is === 'unchanged') return c.json(outcome.template, 200);
    throw refusal(outcome);
  })
  .delete('/:id{[0-9]+}', requirePermission('template.manage'), validate('query', deleteQuery, messages), async (c) => {
    const outcome = await deleteTemplate(c.var.db, { id: idParam(c, 'id', templateNotFound), updatedAt: c.req.valid('query').updatedAt }, c.var.staff.id, c.var.clock());
    if (outcome.is !== 'deleted') throw refusal(outcome);
    return c.body(null, 204);
  })
  .all('/', methodNotAllowed)
  .all('/:id{[0-9]+}', methodNotAllowed);
