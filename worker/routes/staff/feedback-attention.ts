/**
 * 已处理: staff answer a follow-up (补充说明) or review request (请求复查) the submitter sent
 * after the reply (POST /api/staff/feedback/:id/attention), with an answer the submitter
 * reads or without one; the flag is cleared, the timeline and the audit log keep it
 * (staff/attention.ts). Who may: whoever may handle the feedback, in their scope.
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { applyChange } from '../../db/staff-feedback';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { planAttentionAnswer } from '../../staff/attention';
import { staffErrors, staffFieldMessages } from '../../staff/messages';
import type { StaffEnv } from './env';
import { feedbackDetail, feedbackIdOf, feedbackInScope } from './feedback-view';
import { requirePermission } from './session-auth';

const answerInput = z.object({
  text: z.nullish(z.string().check(z.maxLength(40_000))),
  updatedAt: z.optional(z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER))),
});

export const staffFeedbackAttentionRoute = new Hono<StaffEnv>()
  .post(
    '/:id{[0-9]+}/attention',
    requirePermission('feedback.handle'),
    jsonBody({ maxBytes: 32 * 1024 }),
    validate('json', answerInput, { text: staffFieldMessages.answer.tooLong }),
    async (c) => {
      const { text, updatedAt } = c.req.valid('json');
      const { db, staff: me } = c.var;
      const f = await feedbackInScope(db, feedbackIdOf(c), me);
      if (updatedAt !== undefined && updatedAt !== f.updatedAt) throw new ApiError(409, 'stale', staffErrors.stale);
      const plan = planAttentionAnswer(f, text);
      if (!plan.ok) {
        if (plan.refusal !== 'nothingToAnswer') throw validationError({ text: staffFieldMessages.answer[plan.refusal] });
        throw new ApiError(409, 'nothing_to_answer', staffErrors.nothingToAnswer);
      }
      const now = c.var.clock();
      const audit = {
        action: 'feedback.attention_answer',
        before: { attention: f.attention, attentionAt: f.attentionAt, attentionBy: f.attentionBy },
        after: { attention: null, answered: plan.event.public },
      };
      if (!(await applyChange(db, f, { changes: plan.changes, event: plan.event, audit }, me.id, now))) throw new ApiError(409, 'stale', staffErrors.stale);
      return c.json(await feedbackDetail(db, f.id, me, now), 200);
    },
  )
  .all('/:id{[0-9]+}/attention', methodNotAllowed);
