/**
 * The tracking page (/track), and its forms answered without scripts: the look-up
 * (POST /track), the rating (POST /track/rating), a follow-up (POST /track/follow-up)
 * and a review request (POST /track/review), all with the reference and query code in
 * the body, never in an address. The look-up is the API's, with the
 * same limiter and messages (routes/track-lookup.ts); a wrong code and an unknown
 * reference get the same page, saying how many tries are left and whom to call.
 *
 * Answers carrying a result are `private, no-cache` rather than `no-store`: the
 * browser may keep them, so back and forward show them again without sending the
 * form a second time (a refresh sends it again, which costs the owner nothing).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { noticeContacts } from '../db/notice-contacts';
import type { AppEnv } from '../env';
import { rateFeedback, ratingCommentRule, type Rating } from '../feedback/rating';
import { feedbackViewById, type TrackResult } from '../feedback/track';
import { errorMessages, fieldMessages, trackMessages } from '../messages';
import { notFoundProblem, type TrackState } from '../../web/public/lib/track-state';
import { page } from './pages';
import { lookUpByCode, minutesOf } from './track-lookup';
import { photoLinker } from './photos';
import { recordAfterReply, refusal, TEXT_FIELD, textProblem } from './after-reply';
import { afterReplyMessages } from '../after-reply-messages';
import type { AttentionKind } from '../feedback/after-reply-rules';

/** Reference, code, rating and a 500-character comment fit many times over (percent-encoded, 9 bytes a character). */
const MAX_FORM_BYTES = 16 * 1024;
/** A follow-up or a review's reason of 2,000 characters, percent-encoded, is 18 KB. */
const MAX_AFTER_REPLY_FORM_BYTES = 24 * 1024;

type Shown = Omit<TrackState, 'contacts'>;

async function trackPage(c: Context<AppEnv>, shown: Shown, status: ContentfulStatusCode = 200, retryAfterMs?: number) {
  const failed = (shown.errors?.length ?? 0) > 0 || shown.problem !== undefined;
  const track: TrackState = { contacts: await noticeContacts(c.var.db), ...shown };
  const res = await page(c, { page: 'track', track }, `${failed ? '错误：' : ''}查询反馈`, status);
  if (shown.code) res.headers.set('cache-control', 'private, no-cache');
  if (retryAfterMs !== undefined) res.headers.set('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return res;
}

/** The form's fields, as text; anything else (a file, a missing field) is ''. */
async function formFields(c: Context<AppEnv>): Promise<(name: string) => string> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return (name) => {
    const v = (body as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : '';
  };
}

/** A look-up that found nothing, or too many that did: the form again with what was typed. */
function refused(c: Context<AppEnv>, typed: { ref: string; code: string }, result: Exclude<TrackResult, { ok: true }>) {
  if (result.reason === 'too_many_attempts') {
    const problem = { message: errorMessages.tooManyAttempts(minutesOf(result.retryAfterMs)), help: true };
    return trackPage(c, { ...typed, problem }, 429, result.retryAfterMs);
  }
  return trackPage(c, { ...typed, problem: notFoundProblem(errorMessages.feedbackNotFound, result.triesLeft, result.resetAfterMs) }, 404);
}

const limitOf = (maxSize: number) =>
  bodyLimit({ maxSize, onError: (c) => trackPage(c as Context<AppEnv>, { problem: { message: errorMessages.tooLarge, help: false } }, 413) });
const limit = limitOf(MAX_FORM_BYTES);
const afterReplyLimit = limitOf(MAX_AFTER_REPLY_FORM_BYTES);

/** POST /track/follow-up and /track/review: the code checked, then the text, then the write; the page again with the outcome. */
async function afterReplyForm(c: Context<AppEnv>, kind: AttentionKind) {
  const field = await formFields(c);
  const typed = { ref: field('ref').trim(), code: field('code').trim() };
  const now = c.var.clock();
  const found = await lookUpByCode(c, typed.ref, typed.code, now);
  if (!found.ok) return refused(c, typed, found);
  const text = field(TEXT_FIELD[kind]);
  const shown = { ...typed, result: found.feedback };
  const problem = textProblem(kind, text);
  if (problem) return trackPage(c, { ...shown, afterReply: { kind, text }, errors: [{ field: TEXT_FIELD[kind], message: problem }] }, 422);
  const outcome = await recordAfterReply(c, kind, found.id, text, now);
  if (!outcome.ok) {
    return trackPage(c, { ...shown, afterReply: { kind, text, notice: { ok: false, message: refusal(outcome, found.feedback.repliedAt).message } } }, 409);
  }
  const view = (await feedbackViewById(c.var.db, found.id, now, photoLinker(c))) ?? found.feedback;
  const message = kind === 'review' ? afterReplyMessages.reviewSent : afterReplyMessages.followUpSent;
  return trackPage(c, { ...typed, result: view, afterReply: { kind, text: '', notice: { ok: true, message } } });
}

export const trackPageRoute = new Hono<AppEnv>()
  .get('/track', (c) => trackPage(c, {}))
  .post('/track', limit, async (c) => {
    const field = await formFields(c);
    const typed = { ref: field('ref').trim(), code: field('code').trim() };
    const errors = [
      ...(typed.ref ? [] : [{ field: 'ref', message: trackMessages.refRequired }]),
      ...(typed.code ? [] : [{ field: 'code', message: trackMessages.codeRequired }]),
    ];
    if (errors.length > 0) return trackPage(c, { ...typed, errors }, 422);
    const result = await lookUpByCode(c, typed.ref, typed.code, c.var.clock());
    if (!result.ok) return refused(c, typed, result);
    return trackPage(c, { ...typed, result: result.feedback });
  })
  .post('/track/rating', limit, async (c) => {
    const field = await formFields(c);
    const typed = { ref: field('ref').trim(), code: field('code').trim() };
    const now = c.var.clock();
    const found = await lookUpByCode(c, typed.ref, typed.code, now);
    if (!found.ok) return refused(c, typed, found);
    const shown = { ...typed, result: found.feedback };

    const rating = Number(field('rating'));
    if (![1, 2, 3].includes(rating)) {
      return trackPage(c, { ...shown, rating: { step: 'choose' }, errors: [{ field: 'rating', message: fieldMessages.rating.required }] }, 422);
    }
    const comment = rating === 1 ? field('comment').trim() : '';
    const step = { step: 'confirm', rating: rating as Rating, comment } as const;
    // 重新选择, or a choice still to confirm: the next step, nothing written.
    if (field('confirm') === 'no') return trackPage(c, { ...shown, rating: { step: 'choose' } });
    if (field('confirm') !== 'yes') return trackPage(c, { ...shown, rating: step });
    const problem = ratingCommentRule(comment);
    if (problem) return trackPage(c, { ...shown, rating: step, errors: [{ field: 'comment', message: fieldMessages.rating[problem] }] }, 422);

    const outcome = await rateFeedback(c.var.db, found.id, { rating: rating as Rating, comment: comment || null }, now);
    if (!outcome.ok) {
      const message = outcome.reason === 'final' ? errorMessages.ratingFinal : errorMessages.cannotRate;
      return trackPage(c, { ...shown, ratingNotice: { ok: false, message } }, 409);
    }
    const view = (await feedbackViewById(c.var.db, found.id, now, photoLinker(c))) ?? found.feedback;
    const message = outcome.change === 'changed' ? trackMessages.changed : trackMessages.rated;
    return trackPage(c, { ...typed, result: view, ratingNotice: { ok: true, message } });
  })
  .post('/track/follow-up', afterReplyLimit, (c) => afterReplyForm(c, 'follow_up'))
  .post('/track/review', afterReplyLimit, (c) => afterReplyForm(c, 'review'));
