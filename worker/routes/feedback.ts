/**
 * Public feedback: submit (idempotent), look up with the query code, rate the reply.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { insertEventWhere } from '../db/feedback-events';
import { feedback } from '../db/schema';
import type { AppEnv } from '../env';
import { deadlineConfig } from '../feedback/deadlines';
import { feedbackInput, rawFeedbackFailures, typeMessages } from '../feedback/input';
import { MAX_BODY_BYTES } from '../feedback/rules';
import { noScriptSubmissionRules, publicLimits, submissionRules } from '../feedback/limits';
import { acceptProof, maxNumberOf, newChallenge, proofKey } from '../feedback/proof';
import { submitFeedback, type Admission } from '../feedback/submit';
import { sqlLimiter } from '../db/rate-limits';
import { appSecret, clientFingerprint } from '../http/client';
import { lookUpFeedback } from '../feedback/track';
import { ApiError, methodNotAllowed, tooMany } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { validate } from '../http/validate';
import { errorMessages, fieldMessages } from '../messages';

/** An Idempotency-Key: a UUID, as the form and the outbox make them. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ratingInput = z.object({
  rating: z.number().int().min(1).max(3),
  comment: z.string().trim().max(500).nullish(),
});

async function findByCode(c: Context<AppEnv, '/:ref'>) {
  const limits = publicLimits(c.env);
  const result = await lookUpFeedback(
    c.var.db,
    sqlLimiter(c.var.db),
    { ref: c.req.param('ref'), code: c.req.header('x-query-code') ?? '', client: await clientFingerprint(c) },
    { perReference: limits.trackAttemptsPerHour, perClient: limits.lookupFailuresPerHour },
    Date.now(),
  );
  if (!result.ok) {
    if (result.reason === 'too_many_attempts') throw tooMany('too_many_attempts', result.retryAfterMs, errorMessages.tooManyAttempts);
    throw new ApiError(404, 'feedback_not_found', errorMessages.feedbackNotFound);
  }
  return result;
}

/**
 * What a submission known to be new must pass. Through the API (`proof`): a proof of
 * work, then the client's limits. Through the form sent without scripts, where no proof
 * can be solved: the person is not refused for that, but the client's stricter limits
 * for such submissions apply too, and the feedback is marked for staff to check.
 */
export async function admission(c: Context<AppEnv>, now: number, via: 'proof' | 'no-script' = 'proof'): Promise<Admission> {
  const db = c.var.db;
  const client = await clientFingerprint(c);
  const secret = appSecret(c.env);
  const limits = publicLimits(c.env);
  const rules = via === 'proof' ? submissionRules(client, limits) : noScriptSubmissionRules(client, limits);
  const limiter = sqlLimiter(db);
  return {
    clientHash: client,
    needsCheck: via === 'no-script',
    async admit() {
      if (via === 'proof' && !(await acceptProof(db, await proofKey(secret), c.req.header('x-proof') ?? '', now))) {
        throw new ApiError(403, 'proof_invalid', errorMessages.proofInvalid);
      }
      const verdict = await limiter.take(rules, now);
      if (!verdict.ok) {
        throw tooMany('too_many_requests', verdict.retryAfterMs, via === 'proof' ? errorMessages.tooManySubmissions : errorMessages.formTooMany);
      }
      // A submission that is then refused (an unknown item, a closed notice) does not count.
      return () => limiter.giveBack(rules, now);
    },
  };
}

export const feedbackRoute = new Hono<AppEnv>()
  .get('/challenge', async (c) => {
    const challenge = await newChallenge(await proofKey(appSecret(c.env)), maxNumberOf(c.env.PROOF_OF_WORK_MAX_NUMBER), Date.now());
    c.header('cache-control', 'no-store');
    return c.json(challenge, 200);
  })
  .post(
    '/',
    jsonBody({ maxBytes: MAX_BODY_BYTES }),
    validate('json', feedbackInput, typeMessages, rawFeedbackFailures),
    async (c) => {
      const key = c.req.header('idempotency-key')?.trim() ?? '';
      if (!UUID.test(key)) throw new ApiError(400, 'idempotency_key_required', errorMessages.idempotencyKeyMissing);
      const now = Date.now();
      const receipt = await submitFeedback(c.var.db, c.req.valid('json'), key.toLowerCase(), now, deadlineConfig(c.env), await admission(c, now));
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
  .all('/challenge', methodNotAllowed)
  .all('/:ref', methodNotAllowed)
  .all('/:ref/rating', methodNotAllowed);
