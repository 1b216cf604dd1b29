/**
 * Rating a reply in two steps, so a mis-tap is not final: choose (满意, 基本满意,
 * 不满意), then 确认评价：…？ with 确认 or 重新选择, and after 不满意 an optional
 * 为什么 box. For a day after the first rating, 修改评价 opens the same steps.
 *
 * Both steps are real forms (POST /track/rating, the code in the body): without
 * scripts the server answers each step (worker/routes/track-page.ts); with them the
 * same buttons move between the steps here and the rating goes through the API.
 *
 * A rating is on the record and reopens nothing. Under a 不满意 the section says so, and
 * points to what does: 请求复查 while its period runs (after-reply.tsx), or the office's
 * phone once it has passed. Once a rating is sent, focus goes to what became of it.
 */
import { useState } from 'preact/hooks';
import type { NoticeContact } from '../../../worker/feedback/contact-help';
import { ratingLabels } from '../../../worker/feedback/labels';
import type { Rating as RatingValue } from '../../../worker/feedback/rating';
import type { PublicFeedbackView } from '../../../worker/feedback/track';
import { trackMessages } from '../../../worker/track-messages';
import { postRating } from '../lib/track-api';
import { instantDate, longDate } from '../lib/format';
import type { RatingStep } from '../lib/track-state';
import { FieldError } from './error-summary';
import { OfficePhones } from './office-phones';

interface Props {
  f: PublicFeedbackView;
  code: string;
  initial?: RatingStep;
  notice?: { ok: boolean; message: string };
  /** The server's words for a field (no scripts), by field name. */
  fieldErrors?: Record<string, string>;
  /** The offices' phones, for a 不满意 once 请求复查 is too late. */
  contacts: NoticeContact[];
  onRated: (f: PublicFeedbackView) => void;
}

const CHOICES = [3, 2, 1] as const;

/** "12月1日 14:05" in Beijing time: until when a rating can be changed. */
function until(ms: number): string {
  const t = new Date(ms + 8 * 3_600_000).toISOString();
  return `${instantDate(ms)} ${t.slice(11, 16)}`;
}

/** The review request's reason field (after-reply.tsx). */
const REVIEW_FIELD = 'field-reason';

/** Its box opened and shown, the field focused; before the part is on the page (or without scripts), the link's own jump. */
function toReview(e: MouseEvent) {
  const field = document.getElementById(REVIEW_FIELD);
  const box = field && field.closest('details');
  if (!box) return;
  e.preventDefault();
  box.open = true;
  box.scrollIntoView();
  field!.focus({ preventScroll: true });
}

/** Under a 不满意: a rating reopens nothing; 请求复查 does, until its last day; after it, a call. */
function AfterUnsatisfied({ f, contacts }: { f: PublicFeedbackView; contacts: NoticeContact[] }) {
  const review = f.review;
  if (review.state === 'open') {
    return (
      <p>
        {trackMessages.ratingIsNotReview}
        {trackMessages.reviewToReopen(longDate(review.lastDay))}{' '}
        <a href={`#${REVIEW_FIELD}`} onClick={toReview}>
          {trackMessages.goToReview}
        </a>
      </p>
    );
  }
  if (review.state !== 'expired') return null;
  return (
    <>
      <p>
        {trackMessages.ratingIsNotReview}
        {trackMessages.reviewPassed(longDate(review.lastDay))}
      </p>
      <OfficePhones lead={trackMessages.callToReopen} forRef={f.ref} contacts={contacts} />
    </>
  );
}

export function Rating({ f, code, initial, notice: sent, fieldErrors = {}, contacts, onRated }: Props) {
  const [step, setStep] = useState<RatingStep>(initial || { step: 'choose' });
  // 重新选择 while changing a rating: the choices stay open.
  const [again, setAgain] = useState(false);
  const [comment, setComment] = useState(initial && initial.step === 'confirm' ? initial.comment : '');
  const [notice, setNotice] = useState(sent);
  const [errors, setErrors] = useState(fieldErrors);

  if (!f.canRate && !f.canChangeRating && f.rating === null && !notice) return null;

  const go = (next: RatingStep) => {
    setErrors({});
    setNotice(undefined);
    setStep(next);
    setAgain(next.step === 'choose');
    // Take the reader to the step the page moved to.
    if (next.step === 'confirm') requestAnimationFrame(() => document.getElementById('confirm-title')!.focus());
  };

  const send = async (rating: RatingValue) => {
    const res = await postRating(f.ref, code, rating, (rating === 1 && comment.trim()) || null);
    if (res.ok) {
      setStep({ step: 'choose' });
      setAgain(false);
      setComment('');
      setNotice({ ok: true, message: f.rating === null ? trackMessages.rated : trackMessages.changed });
      onRated(res.value);
      // The confirm step (and the 确认 that had focus) is gone: take the reader to what became of the rating.
      requestAnimationFrame(() => document.getElementById('rating-status')!.focus());
    } else if (res.retry) setNotice({ ok: false, message: trackMessages.offline });
    else if (res.error.fields) setErrors(res.error.fields);
    else setNotice({ ok: false, message: res.error.message });
  };

  const hidden = (
    <>
      <input type="hidden" name="ref" value={f.ref} />
      <input type="hidden" name="code" value={code} />
    </>
  );

  const choose = (
    <form method="post" action="/track/rating">
      {hidden}
      <fieldset class={`field${errors.rating ? ' has-error' : ''}`} id="field-rating">
        <legend>{trackMessages.question}</legend>
        <FieldError field="rating" message={errors.rating} />
        <div class="choices">
          {CHOICES.map((r) => (
            <button
              key={r}
              type="submit"
              name="rating"
              value={r}
              class="button secondary"
              onClick={(e) => {
                e.preventDefault();
                go({ step: 'confirm', rating: r, comment: '' });
              }}
            >
              {ratingLabels[r]}
            </button>
          ))}
        </div>
      </fieldset>
    </form>
  );

  const confirm = step.step === 'confirm' && (
    <form method="post" action="/track/rating" class="confirm">
      {hidden}
      <input type="hidden" name="rating" value={step.rating} />
      <h4 id="confirm-title" tabIndex={-1}>
        {trackMessages.confirm(ratingLabels[step.rating])}
      </h4>
      {step.rating === 1 && (
        <div class={`field${errors.comment ? ' has-error' : ''}`}>
          <label for="field-comment">{trackMessages.why}</label>
          <p class="hint" id="comment-hint">
            {trackMessages.whyHint}
          </p>
          <FieldError field="comment" message={errors.comment} />
          <textarea
            id="field-comment"
            name="comment"
            rows={4}
            aria-describedby={errors.comment ? 'comment-hint comment-error' : 'comment-hint'}
            value={comment}
            onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </div>
      )}
      <div class="actions">
        <button
          type="submit"
          name="confirm"
          value="yes"
          class="button"
          onClick={(e) => {
            e.preventDefault();
            void send(step.rating);
          }}
        >
          确认
        </button>
        <button
          type="submit"
          name="confirm"
          value="no"
          class="button secondary"
          onClick={(e) => {
            e.preventDefault();
            go({ step: 'choose' });
          }}
        >
          重新选择
        </button>
      </div>
    </form>
  );

  return (
    <section class="rating" aria-labelledby="rating-title">
      <h3 id="rating-title">评价答复</h3>
      {f.rating !== null && (
        <>
          <p>
            您的评价：<strong>{ratingLabels[f.rating as RatingValue]}</strong>
          </p>
          {f.ratingComment && <p>原因：{f.ratingComment}</p>}
        </>
      )}
      <div role="status" id="rating-status" tabIndex={-1}>
        {notice && <p class={notice.ok ? undefined : 'field-error'}>{notice.message}</p>}
        {f.rating === 1 && <AfterUnsatisfied f={f} contacts={contacts} />}
      </div>
      {confirm ||
        (f.canRate && choose) ||
        (f.canChangeRating && f.ratingChangeBy !== null && (
          <details open={!!errors.rating || again}>
            <summary>修改评价</summary>
            <p class="hint">{trackMessages.changeUntil(until(f.ratingChangeBy))}</p>
            {choose}
          </details>
        ))}
    </section>
  );
}
