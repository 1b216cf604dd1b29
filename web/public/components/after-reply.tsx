/**
 * After a reply, beside the rating: a follow-up (补充说明) and a review request (请求复查,
 * within 30 days of the reply, 《信访工作条例》第三十五条, once per feedback; after the 30
 * days it says why it is no longer offered). Loaded as a chunk of its own once a reply
 * is shown (after-reply-slot.tsx), so the tracking page's first view stays in its budget.
 *
 * Both are real POST forms (/track/follow-up, /track/review, the code in the body):
 * without scripts the server answers them (worker/routes/track-page.ts); with scripts
 * the same forms go through the API and the page stays where it is.
 */
import { useState } from 'preact/hooks';
import { afterReplyMessages as m } from '../../../worker/after-reply-messages';
import type { PublicFeedbackView } from '../../../worker/feedback/track';
import type { Outcome } from '../lib/api';
import type { ErrorBody } from '../../../worker/http/errors';
import { instantDate } from '../lib/format';
import type { TrackState } from '../lib/track-state';
import { FieldError } from './error-summary';

type Kind = 'follow_up' | 'review';

export interface AfterReplyProps {
  f: PublicFeedbackView;
  code: string;
  /** The server's answer to a form sent without scripts: the text as typed, its error, what became of it. */
  state: Pick<TrackState, 'afterReply' | 'errors'>;
  onChange: (f: PublicFeedbackView) => void;
}

const FIELD = { follow_up: 'text', review: 'reason' } as const;

/** POSTs it through the API, sorted as lib/api.ts sorts answers (kept apart so the tracking page's first view does not grow). */
async function post(path: string, code: string, body: unknown): Promise<Outcome<PublicFeedbackView>> {
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-query-code': code }, body: JSON.stringify(body) });
    if (res.ok) return { ok: true, value: (await res.json()) as PublicFeedbackView };
    if (res.status >= 500 || res.status === 408) return { ok: false, retry: true, status: res.status };
    return { ok: false, retry: false, status: res.status, error: ((await res.json()) as ErrorBody).error };
  } catch {
    return { ok: false, retry: true };
  }
}
const PATH = { follow_up: 'follow-up', review: 'review' } as const;

export function AfterReply({ f, code, state, onChange }: AfterReplyProps) {
  const sent = state.afterReply;
  const [texts, setTexts] = useState<Record<Kind, string>>({
    follow_up: sent && sent.kind === 'follow_up' ? sent.text : '',
    review: sent && sent.kind === 'review' ? sent.text : '',
  });
  const [errors, setErrors] = useState<Record<string, string>>(() => Object.fromEntries((state.errors || []).map((e) => [e.field, e.message])));
  const [notice, setNotice] = useState(sent && sent.notice);
  const [busy, setBusy] = useState(false);

  const send = async (kind: Kind) => {
    setBusy(true);
    setErrors({});
    setNotice(undefined);
    const res = await post(`/api/feedback/${encodeURIComponent(f.ref)}/${PATH[kind]}`, code, { [FIELD[kind]]: texts[kind] });
    setBusy(false);
    if (res.ok) {
      setTexts({ ...texts, [kind]: '' });
      setNotice({ ok: true, message: kind === 'review' ? m.reviewSent : m.followUpSent });
      onChange(res.value);
    } else if (res.retry) setNotice({ ok: false, message: '现在连不上网络，请联网后再试' });
    else if (res.error.fields) setErrors(res.error.fields);
    else setNotice({ ok: false, message: res.error.message });
    // Take the reader to the field to correct, or to what became of it.
    const wrong = !res.ok && !res.retry && !!res.error.fields;
    requestAnimationFrame(() => {
      const to = document.getElementById(wrong ? `field-${FIELD[kind]}` : 'after-reply-status');
      if (to) to.focus();
    });
  };

  const form = (kind: Kind, label: string, hint: string, button: string) => {
    const field = FIELD[kind];
    return (
      <form
        method="post"
        action={`/track/${PATH[kind]}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void send(kind);
        }}
      >
        <input type="hidden" name="ref" value={f.ref} />
        <input type="hidden" name="code" value={code} />
        <div class={`field${errors[field] ? ' has-error' : ''}`}>
          <label for={`field-${field}`}>{label}</label>
          <p class="hint" id={`${field}-hint`}>
            {hint}
          </p>
          <FieldError field={field} message={errors[field]} />
          <textarea
            id={`field-${field}`}
            name={field}
            rows={4}
            aria-describedby={errors[field] ? `${field}-hint ${field}-error` : `${field}-hint`}
            value={texts[kind]}
            onInput={(e) => setTexts({ ...texts, [kind]: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        </div>
        <button type="submit" class="button" disabled={busy}>
          {button}
        </button>
      </form>
    );
  };

  const review = f.review;
  const opened = (kind: Kind) => !!errors[FIELD[kind]] || (!!sent && sent.kind === kind && !!sent.text);
  return (
    <section class="after-reply" aria-labelledby="after-reply-title">
      <h3 id="after-reply-title">对答复还有意见？</h3>
      {f.attention && <p>{m.pending(f.attention.kind, f.attention.by)}</p>}
      <p role="status" id="after-reply-status" tabIndex={-1} class={notice && !notice.ok ? 'field-error' : undefined}>
        {notice && notice.message}
      </p>
      {f.canFollowUp && (
        <details open={opened('follow_up')}>
          <summary>{m.followUpTitle}</summary>
          {form('follow_up', '补充说明内容', m.followUpHint, m.followUpSend)}
        </details>
      )}
      {review.state === 'open' && (
        <details open={opened('review')}>
          <summary>{m.reviewTitle}</summary>
          <p>{m.reviewHint(review.lastDay)}</p>
          {form('review', m.reviewLabel, m.reviewOnce, m.reviewSend)}
        </details>
      )}
      {review.state === 'expired' && <p class="hint">{m.reviewExpired(review.lastDay)}</p>}
      {review.state === 'requested' && <p class="hint">{m.reviewRequested(instantDate(review.at))}</p>}
    </section>
  );
}
