/**
 * Public feedback: submit (idempotent), look up with the query code, rate the reply.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { insertEventWhere } from '../db/feedback-events';
import { feedback } from '../db/schema';
import type { AppEnv } from '../env';
import { deadlineConfig } from '../feedback/deadlines';
import { feedbackInput, rawFeedbackFailures, typeMessages } from '../feedback/input';
import { MAX_BODY_BYTES } from '../feedback/rules';
import { submitFeedback } from '../feedback/submit';
import { lookUpFeedback } from '../feedback/track';
import { ApiError, methodNotAllowed } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { validate } from '../http/validate';
import { errorMessages, fieldMessages } from '../messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ratingInput = z.object({
  rating: z.number().int().min(1).max(3),
  comment: z.string().trim().max(500).nullish(),
});

async function findByCode(c: { var: AppEnv['Variables']; env: AppEnv['Bindings']; req: { param(k: 'ref'): string; header(k: string): string | undefined } }) {
  const attempts = Number(c.env.TRACK_ATTEMPTS_PER_HOUR ?? 10) || 10;
  const result = await lookUpFeedback(c.var.db, c.req.param('ref'), c.req.header('x-query-code') ?? '', Date.now(), attempts);
  if (!result.ok) {
    if (result.reason === 'too_many_attempts') throw new ApiError(429, 'too_many_attempts', errorMessages.tooManyAttempts);
    throw new ApiError(404, 'feedback_not_found', errorMessages.feedbackNotFound);
  }
  return result;
}

export const feedbackRoute = new Hono<AppEnv>()
  .post(
    '/',
    jsonBody({ maxBytes: MAX_BODY_BYTES }),
    validate('json', feedbackInput, typeMessages, rawFeedbackFailures),
    async (c) => {
      const key = c.req.header('idempotency-key')?.trim() ?? '';
      if (!UUID.test(key)) throw new ApiError(400, 'idempotency_key_required', errorMessages.idempotencyKeyMissing);
      const receipt = await submitFeedback(c.var.db, c.req.valid('json'), key.toLowerCase(), Date.now(), deadlineConfig(c.env));
      return c.json(receipt, 201);
    },
  )
  .get('/:ref', async (c) => {
    const { feedback: view } = await findByCode(c);
    c.header('cache-control', 'no-store');
    return c.json(view, 200);
  })
  .post(
    '/:ref/rating',
    jsonBody({ maxBytes: MAX_BODY_BYTES }),
    validate('json', ratingInput, { rating: fieldMessages.rating.required, comment: fieldMessages.rating.commentTooLong }),
    async (c) => {
      const { id, feedback: view } = await findByCode(c);
      if (!view.canRate) throw new ApiError(409, 'cannot_rate', errorMessages.cannotRate);
      const { rating, comment } = c.req.valid('json');
      const now = Date.now();
      const [updated] = await c.var.db.batch([
        c.var.db
          .update(feedback)
          .set({ rating, ratingComment: comment || null, ratedAt: now, updatedAt: now })
          .where(and(eq(feedback.id, id), isNull(feedback.rating), inArray(feedback.status, ['replied', 'closed'])))
          .returning({ id: feedback.id }),
        // The event is recorded only if this request's update took effect.
        insertEventWhere(c.var.db, and(eq(feedback.id, id), eq(feedback.ratedAt, now)), { at: now, type: 'rated', public: true }),
      ]);
      if (updated.length === 0) throw new ApiError(409, 'cannot_rate', errorMessages.cannotRate);
      return c.json({ rating }, 200);
    },
  )
  .all('/', methodNotAllowed)
  .all('/:ref', methodNotAllowed)
  .all('/:ref/rating', methodNotAllowed);
