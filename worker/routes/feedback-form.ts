/**
 * The feedback form sent without scripts: POST /n/:slug/feedback, as
 * application/x-www-form-urlencoded, answered with the receipt page, or with the
 * form again, its error summary and everything the person typed (GOV.UK style).
 * It is the API's submission in another envelope: the same schema, rules and
 * messages (feedback/input.ts), stored once per Idempotency-Key (feedback/submit.ts).
 * The key is a hidden field the page was rendered with, so a refresh or a second
 * press of 提交 answers with the same receipt. Nothing typed goes into an address.
 *
 * No proof of work can be solved without scripts. The person is not refused for
 * that: the client's stricter limits for such submissions apply as well
 * (NO_SCRIPT_SUBMISSIONS_PER_HOUR/DAY), and the feedback is stored marked for staff
 * to check (needs_check, 待核实).
 *
 * Cross-site requests. There is no session or cookie here to ride on; what a page
 * elsewhere could still do is make its visitors' browsers post feedback, a flood
 * from many addresses without any proof of work. So a POST must come from a page of
 * this site: Sec-Fetch-Site, which the browser sets and no page can, must say
 * same-origin when it is sent; otherwise an Origin, when sent, must be this site's.
 * `Origin: null` alone is not refused: our pages send Referrer-Policy: no-referrer,
 * under which a browser without Sec-Fetch-Site (Safari before 16.4) sends null even
 * to its own site. A request with neither header does not come from a page, and is
 * limited like any client. The Idempotency-Key is no CSRF token (anyone can make
 * one); it stops a double submission, nothing more.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { NoticeView } from '../db/notices';
import type { AppEnv } from '../env';
import { fromThisSite } from '../http/origin';
import { deadlineConfig } from '../feedback/deadlines';
import { feedbackFromForm, feedbackInput, FORM_MAX_BYTES, rawFeedbackFailures, typeMessages } from '../feedback/input';
import { submitFeedback } from '../feedback/submit';
import { ApiError } from '../http/errors';
import { fieldErrorsOf } from '../http/validate';
import { failureText } from '../lib/failure';
import { errorMessages } from '../messages';
import type { Draft } from '../../web/public/lib/draft';
import { formNoticeOf, headingOf, itemsOf } from '../../web/public/lib/notice-items';
import type { FeedbackFormData } from '../../web/public/page-data';
import { formErrors } from '../../web/public/pages/feedback-fields';
import { admission, UUID } from './feedback';
import { noticeOr404, notFoundPage, page } from './pages';

/** Answers that hold what the person typed, or their query code: kept by their browser only, so back and forward show them again. */
function personal(res: Response): Response {
  res.headers.set('cache-control', 'private, no-cache');
  return res;
}

async function formPage(c: Context<AppEnv>, notice: NoticeView, form: FeedbackFormData, status: ContentfulStatusCode) {
  const title = `${form.errors?.length ? '错误：' : ''}我要监督`;
  return personal(await page(c, { page: 'feedback', notice: formNoticeOf(notice), itemId: form.values?.itemId ?? null, form }, title, status));
}

function closedPage(c: Context<AppEnv>, { slug, title, state, closedOn }: NoticeView) {
  return page(c, { page: 'feedback-closed', notice: { slug, title, state, closedOn } }, '已停止接收反馈', 409);
}

/** What the person typed, to show it again as it was. */
function typedIn(notice: NoticeView, form: Record<string, unknown>): Draft {
  const raw = feedbackFromForm(notice.slug, form);
  const text = (v: string | null | undefined) => v ?? '';
  return {
    itemId: itemsOf(notice).some((i) => i.id === raw.itemId) ? (raw.itemId as number) : null,
    kind: text(raw.kind),
    content: raw.content,
    anonymous: raw.anonymous,
    name: text(raw.name),
    phone: text(raw.phone),
    email: text(raw.email),
    consent: raw.consent,
  };
}

const problem = (message: string) => [{ field: null, message }];

/** Told to wait (429): the notice's published phone, as a tel: link, to be heard now instead; nothing when it gives none. */
function orCall({ issuer, contacts: { phone } }: NoticeView): NonNullable<FeedbackFormData['errors']> {
  return phone ? [{ field: null, message: errorMessages.formOrCall(issuer, phone), href: `tel:${phone.replace(/[^\d+]/g, '')}` }] : [];
}

const limit = bodyLimit({
  maxSize: FORM_MAX_BYTES,
  onError: async (c) => {
    const ctx = c as Context<AppEnv>;
    const notice = await noticeOr404(ctx);
    if (!notice) return notFoundPage(ctx);
    return formPage(ctx, notice, { key: crypto.randomUUID(), errors: problem(errorMessages.tooLarge) }, 413);
  },
});

export const feedbackFormRoute = new Hono<AppEnv>().post('/n/:slug/feedback', limit, async (c) => {
  const notice = await noticeOr404(c);
  if (!notice) return notFoundPage(c);
  if (notice.state !== 'published') return closedPage(c, notice);

  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const values = typedIn(notice, form);
  // The form again with what was typed; a new key when the old one cannot be used again.
  const again = (status: ContentfulStatusCode, errors: FeedbackFormData['errors'], key: string = crypto.randomUUID()) =>
    formPage(c, notice, { key, values, errors }, status);

  if (!fromThisSite(c)) return again(403, problem(errorMessages.formFromElsewhere));
  const key = typeof form.idempotencyKey === 'string' ? form.idempotencyKey.trim().toLowerCase() : '';
  if (!UUID.test(key)) return again(400, problem(errorMessages.formExpired));

  const raw = feedbackFromForm(notice.slug, form);
  const parsed = feedbackInput.safeParse(raw);
  if (!parsed.success) return again(422, formErrors(fieldErrorsOf(parsed.error.issues, raw, typeMessages, rawFeedbackFailures)), key);

  const now = c.var.clock();
  try {
    const config = deadlineConfig(c.env);
    const { receipt, counted } = await submitFeedback(c.var.db, parsed.data, key, now, config, await admission(c, now, 'no-script'));
    if (counted) await c.var.noticeCache.purge(notice.slug);
    const { itemId, kind, content } = parsed.data;
    const sent = { receipt: { ...receipt, replyDays: config.replyDays }, notice: { slug: notice.slug, title: notice.title }, item: headingOf(notice, itemId), itemId, kind, content };
    return personal(await page(c, { page: 'feedback-sent', sent }, '提交成功'));
  } catch (err) {
    if (!(err instanceof ApiError)) {
      // As app.onError does: the failure, never the request, whose body holds personal information.
      console.error('unhandled error', c.req.method, c.req.routePath, failureText(err));
      return again(500, problem(errorMessages.internal), key);
    }
    if (err.code === 'notice_closed') return closedPage(c, notice);
    // The same key with other words: this copy of the form was sent before (back, then edited).
    if (err.code === 'idempotency_conflict') return again(409, problem(errorMessages.formAlreadySent));
    const res = await again(err.status, err.fields ? formErrors(err.fields) : [...problem(err.message), ...(err.status === 429 ? orCall(notice) : [])], key);
    if (err.headers?.['retry-after']) res.headers.set('retry-after', err.headers['retry-after']);
    return res;
  }
});
