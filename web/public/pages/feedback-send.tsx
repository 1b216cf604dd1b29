/**
 * What the form needs once 提交 is pressed: its own check of the fields (the API's
 * rules and messages), the send through the outbox, and the screens that follow.
 * The form loads this as soon as it is on screen; until it has arrived, 提交 sends
 * the form as it would without scripts (routes/feedback-form.ts), so a chunk lost
 * on a weak network costs the person nothing.
 */
import { FEEDBACK_KINDS, feedbackFieldFailures } from '../../../worker/feedback/rules';
import { fieldMessages, ruleMessage } from '../../../worker/messages';
import type { FormError } from '../components/error-summary';
import type { FeedbackBody } from '../lib/api';
import type { Draft } from '../lib/draft';
import { headingOf } from '../lib/notice-items';
import { claim, later, newKey, send, sentOf, type Pending } from '../lib/outbox';
import type { FormNotice, SentFeedback } from '../page-data';
import { formErrors } from '../lib/form-errors';

export { ReceiptPanel } from '../components/receipt';

/** Solves the proof of work while the person reads and types, so that 提交 seldom waits for it. */
export function prepareWhenIdle(): () => void {
  const prepare = () => void import('../lib/proof').then((proof) => proof.prepare(), () => undefined);
  if ('requestIdleCallback' in window) {
    const id = requestIdleCallback(prepare, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(prepare, 500);
  return () => clearTimeout(id);
}

export function toBody(slug: string, d: Draft, website: string): FeedbackBody {
  const t = (s: string) => (d.anonymous || s.trim() === '' ? null : s.trim());
  return {
    noticeSlug: slug, itemId: d.itemId, kind: d.kind, content: d.content.trim(), anonymous: d.anonymous,
    name: t(d.name), phone: t(d.phone), email: t(d.email), consent: !d.anonymous && d.consent, website,
  };
}

/** What is wrong with a submission, in the server's words and the form's order. */
export function problems(body: FeedbackBody): FormError[] {
  const failures = Object.fromEntries(feedbackFieldFailures(body).map(([field, rule]) => [field, ruleMessage(rule)]));
  if (!(FEEDBACK_KINDS as readonly string[]).includes(body.kind)) failures.kind = fieldMessages.kind.required;
  return formErrors(failures);
}

/** `photosLost`: queued, but its photos are only in this page's memory (no IndexedDB): they go only if the page stays open. */
export type Outcome = { is: 'sent'; sent: SentFeedback } | { is: 'queued'; key: string; until?: number; photosLost?: boolean } | { is: 'refused'; errors: FormError[] };

/**
 * Sends through the outbox. The receipt is kept in this history entry (never in the
 * address), so that back, forward and a reload show it again; a submission that could
 * not go is kept on the phone, and this form shows its receipt when it goes.
 */
export async function sendFeedback(notice: FormNotice, body: FeedbackBody, photos: Blob[] = []): Promise<Outcome> {
  const pending: Pending = { key: newKey(), body, at: Date.now(), about: { noticeTitle: notice.title, item: headingOf(notice, body.itemId) } };
  // The photos are kept before the first try, so that the outbox has them whatever happens next (lib/photo-outbox.ts).
  let photosKept = true;
  if (photos.length > 0) {
    pending.photos = photos.length;
    photosKept = await (await import('../components/photo-picker')).keepPhotos(pending.key, photos);
  }
  const result = await send(pending, true);
  if (result.ok) {
    const sent = sentOf(pending, result.value);
    history.replaceState({ sent }, '');
    return { is: 'sent', sent };
  }
  if (result.retry) {
    claim(pending.key);
    return { is: 'queued', key: pending.key, until: 'until' in result ? result.until : undefined, photosLost: !photosKept };
  }
  const errors = formErrors(result.error.fields ?? {});
  return { is: 'refused', errors: errors.length ? errors : [{ field: null, message: result.error.message }] };
}

/** Saved on the phone: the server asked this address to wait (`until`), or there is no connection. */
export function Queued({ until, photosLost }: { until?: number; photosLost?: boolean }) {
  return (
    <section aria-labelledby="queued-title">
      <h1 id="queued-title">{until ? '已保存，稍后自动提交' : '已保存，联网后自动提交'}</h1>
      <p role="status" aria-live="polite">
        {until
          ? `您所在的网络近期提交的反馈较多，需要稍等。您的反馈已保存在本机，${later(until)}自动提交，不会重复，无需重新填写。`
          : '现在连不上网络。您的反馈已保存在本机，联网后会自动提交，不会重复。'}
        请保持本页打开，或下次打开本网站时自动提交。
      </p>
      {photosLost && <p class="field-error">这部手机的浏览器不能在本机保存照片：请保持本页打开，直到提交完成；如果关闭本页，反馈的文字仍会提交，但照片不会。</p>}
      <p>提交后，反馈编号和查询码会显示在这里；如果您已离开本页，下次打开本网站时显示在页面顶部。请记下它们，凭它们查询办理进度和答复。</p>
    </section>
  );
}
