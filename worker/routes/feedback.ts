/**
 * Public feedback: submit (idempotent; JSON, or multipart with photos), look up with the query
 * code, rate the reply.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { deadlineConfig } from '../feedback/deadlines';
import { MAX_BODY_BYTES } from '../feedback/rules';
import { noScriptSubmissionRules, publicLimits, submissionRules } from '../feedback/limits';
import { maxNumberOf, newChallenge, proofHolds, proofKey, usableProof } from '../feedback/proof';
import { isStoredKey, submitFeedback, type Admission } from '../feedback/submit';
import { appSecret, clientFingerprint } from '../http/client';
import { feedbackViewById, type TrackNotFoundBody } from '../feedback/track';
import { rateFeedback, RATING_COMMENT_MAX, ratingCommentRule, type Rating } from '../feedback/rating';
import { lookUpByCode } from './track-lookup';
import { readSubmission } from './feedback-body';
import { isMultipart } from '../photos/upload';
import { photoLinker } from './photos';
import { recordAfterReply, refusal, TEXT_FIELD, textProblem } from './after-reply';
import type { AttentionKind } from '../feedback/after-reply-rules';
import { afterReplyMessages } from '../after-reply-messages';
import { ApiError, methodNotAllowed, tooMany, validationError } from '../http/errors';
import { jsonBody } from '../http/json-body';
import { validate } from '../http/validate';
import { errorMessages, fieldMessages } from '../messages';

/** An Idempotency-Key: a UUID, as the form and the outbox make them. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ratingInput = z.object({
  rating: z.int().check(z.minimum(1), z.maximum(3)),
  comment: z.nullish(z.string().check(z.trim(), z.maxLength(RATING_COMMENT_MAX))),
});

const followUpInput = z.object({ text: z.string().check(z.maxLength(40_000)) });
const reviewInput = z.object({ reason: z.string().check(z.maxLength(40_000)) });

/** A follow-up or a review request: the text's rule first (a refused text costs no look-up), then the code, then the write. */
async function afterReply(c: Context<AppEnv, '/:ref'>, kind: AttentionKind, text: string) {
  const problem = textProblem(kind, text);
  if (problem) throw validationError({ [TEXT_FIELD[kind]]: problem });
  const now = c.var.clock();
  const found = await findByCode(c, now);
  if (found instanceof Response) return found;
  const outcome = await recordAfterReply(c, kind, found.id, text, now);
  if (!outcome.ok) {
    const { code, message } = refusal(outcome, found.feedback.repliedAt);
    throw new ApiError(409, code, message);
  }
  c.header('cache-control', 'no-store');
  return c.json((await feedbackViewById(c.var.db, found.id, now, photoLinker(c)))!, 201);
}

/** The look-up behind tracking and rating; a refusal is answered the same way for both. */
async function findByCode(c: Context<AppEnv, '/:ref'>, now: number) {
  const result = await lookUpByCode(c, c.req.param('ref'), c.req.header('x-query-code') ?? '', now);
  if (result.ok) return result;
  if (result.reason === 'too_many_attempts') throw tooMany('too_many_attempts', result.retryAfterMs, errorMessages.tooManyAttempts);
  const body: TrackNotFoundBody = {
    error: { code: 'feedback_not_found', message: errorMessages.feedbackNotFound, triesLeft: result.triesLeft, resetAfter: Math.ceil(result.resetAfterMs / 1000) },
  };
  return c.json(body, 404);
}

/**
 * What a submission must pass once it is known to be new. Through the API (`proof`): a proof of
 * work, then the client's limits. Through the form sent without scripts, where no proof can be
 * solved: the person is not refused for that, but the client's stricter limits for such
 * submissions apply too, and the feedback is marked for staff to check. The proof is checked here
 * by CPU alone; its use and the limits' hits are written with the submission (feedback/submit.ts).
 */
export async function admission(c: Context<AppEnv>, now: number, via: 'proof' | 'no-script' = 'proof'): Promise<Admission> {
  const secret = appSecret(c.env);
  const [client, proof] = await Promise.all([
    clientFingerprint(c),
    via === 'proof' ? proofKey(secret).then((key) => usableProof(key, c.req.header('x-proof') ?? '', now)) : ('none' as const),
  ]);
  const limits = publicLimits(c.env);
  return {
    clientHash: client,
    needsCheck: via === 'no-script',
    proof,
    rules: via === 'proof' ? submissionRules(client, limits) : noScriptSubmissionRules(client, limits),
    tooMany: (retryAfterMs) => tooMany('too_many_requests', retryAfterMs, via === 'proof' ? errorMessages.tooManySubmissions : errorMessages.formTooMany),
  };
}

/**
 * Before photos are read (up to 24 MB, then sniffed, stripped and hashed): the Idempotency-Key, and
 * a proof of work that holds, unless this key's submission is already stored (its retry needs no
 * fresh proof, and is answered with its receipt once the photos are compared). The proof is used
 * up later, once, by the admission, as for JSON.
 */
async function photosMayBeRead(c: Context<AppEnv>, now: number): Promise<void> {
  const key = c.req.header('idempotency-key')?.trim() ?? '';
  if (!UUID.test(key)) throw new ApiError(400, 'idempotency_key_required', errorMessages.idempotencyKeyMissing);
  if (await isStoredKey(c.var.db, key.toLowerCase())) return;
  if (!(await proofHolds(await proofKey(appSecret(c.env)), c.req.header('x-proof') ?? '', now))) {
    throw new ApiError(403, 'proof_invalid', errorMessages.proofInvalid);
  }
}

export const feedbackRoute = new Hono<AppEnv>()
  .get('/challenge', async (c) => {
    const challenge = await newChallenge(await proofKey(appSecret(c.env)), maxNumberOf(c.env.PROOF_OF_WORK_MAX_NUMBER), c.var.clock());
    c.header('cache-control', 'no-store');
    return c.json(challenge, 200);
  })
  // JSON, or multipart with up to three photos (feedback-body.ts).
  .post('/', async (c) => {
    const now = c.var.clock();
    if (isMultipart(c.req.raw)) await photosMayBeRead(c, now);
    const { input, photos } = await readSubmission(c);
    const key = c.req.header('idempotency-key')?.trim() ?? '';
    if (!UUID.test(key)) throw new ApiError(400, 'idempotency_key_required', errorMessages.idempotencyKeyMissing);
    const config = deadlineConfig(c.env);
    const { receipt, counted } = await submitFeedback(c.var.db, input, key.toLowerCase(), now, config, await admission(c, now), { photos, store: c.var.photos });
    // The notice's public counts moved: its kept copies go (worker/ports.ts NoticeCache).
    if (counted) await c.var.noticeCache.purge(input.noticeSlug);
    // replyBy counts from today; once accepted, the reply is due replyDays from that day (第三十四条): the receipt says so.
    return c.json({ ...receipt, replyDays: config.replyDays }, 201);
  })
  .get('/:ref', async (c) => {
    const found = await findByCode(c, c.var.clock());
    if (found instanceof Response) return found;
    c.header('cache-control', 'no-store');
    return c.json(found.feedback, 200);
  })
  .post(
    '/:ref/rating',
    jsonBody({ maxBytes: MAX_BODY_BYTES }),
    validate('json', ratingInput, { rating: fieldMessages.rating.required, comment: fieldMessages.rating.commentTooLong }),
    async (c) => {
      const { rating, comment } = c.req.valid('json');
      // The comment's rule before the look-up, as for a follow-up: a refused text costs no try.
      const problem = ratingCommentRule(comment);
      if (problem) throw validationError({ comment: fieldMessages.rating[problem] });
      const now = c.var.clock();
      const found = await findByCode(c, now);
      if (found instanceof Response) return found;
      const id = found.id;
      const outcome = await rateFeedback(c.var.db, id, { rating: rating as Rating, comment: comment ?? null }, now);
      if (!outcome.ok) {
        throw outcome.reason === 'final'
          ? new ApiError(409, 'rating_final', errorMessages.ratingFinal)
          : new ApiError(409, 'cannot_rate', errorMessages.cannotRate);
      }
      c.header('cache-control', 'no-store');
      return c.json((await feedbackViewById(c.var.db, id, now, photoLinker(c)))!, 200);
    },
  )
  .post(
    '/:ref/follow-up',
    jsonBody({ maxBytes: MAX_BODY_BYTES }),
    validate('json', followUpInput, { text: afterReplyMessages.followUpText.required }),
    (c) => afterReply(c, 'follow_up', c.req.valid('json').text),
  )
  .post(
    '/:ref/review',
    jsonBody({ maxBytes: MAX_BODY_BYTES }),
    validate('json', reviewInput, { reason: afterReplyMessages.reviewReason.required }),
    (c) => afterReply(c, 'review', c.req.valid('json').reason),
  )
  .all('/', methodNotAllowed)
  .all('/challenge', methodNotAllowed)
  .all('/:ref', methodNotAllowed)
  .all('/:ref/rating', methodNotAllowed)
  .all('/:ref/follow-up', methodNotAllowed)
  .all('/:ref/review', methodNotAllowed);
