/**
 * A feedback as its submitter sees it on the tracking page: its status, the text sent,
 * the photos sent with it, the reply and its rating, the follow-up and review part,
 * and the 办理记录. A chunk of its own (track-result-slot.tsx): the tracking page's first
 * view is the look-up form, and the result's code comes with the answer to a look-up.
 */
import { statusLabels } from '../../../worker/feedback/labels';
import type { PublicFeedbackView } from '../../../worker/feedback/track';
import { itemHeading } from '../../../worker/notice/item-label';
import { trackMessages } from '../../../worker/track-messages';
import { longDate } from '../lib/format';
import { photoAlt } from '../lib/photo-alt';
import type { TrackState } from '../lib/track-state';
import { AfterReplySlot } from './after-reply-slot';
import { OfficePhones } from './office-phones';
import { Rating } from './rating';
import { Timeline } from './timeline';

export { loadAfterReply } from './after-reply-slot';

/**
 * The submitter's own photos (each `url` a link signed for an hour, never the query code), with the
 * size they were stored at, so that the page does not jump as they load.
 */
export function SentPhotos({ f }: { f: PublicFeedbackView }) {
  const { photos } = f;
  if (photos.length === 0) return null;
  return (
    <section aria-labelledby="photos-title">
      <h3 id="photos-title">照片（{photos.length} 张）</h3>
      <ul class="photos">
        {photos.map((p, i) => (
          <li key={p.id}>
            <img src={p.url} loading="lazy" alt={photoAlt(f.item?.fullLabel, i + 1)} width={p.width ?? undefined} height={p.height ?? undefined} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * When the reply is due. Before acceptance there is no date yet (the period runs from acceptance,
 * 第三十四条), only the period; after it, the date, and the day it counts from, as the receipt's
 * date assumed acceptance on the day received and this one may be later.
 */
function ReplyDeadline({ f }: { f: PublicFeedbackView }) {
  const { counted, from, days, extensionDays } = f.replyPeriod;
  if (counted === 'received') return <p>{trackMessages.notYetAccepted(longDate(f.acknowledgeBy), days)}</p>;
  return (
    <p>
      答复期限：{longDate(f.replyBy)}
      {f.replyDaysLeft >= 0 ? `（还有 ${f.replyDaysLeft} 天）` : `（已超期 ${-f.replyDaysLeft} 天）`}。{trackMessages.countedFromAcceptance(longDate(from), days, extensionDays)}
    </p>
  );
}

/** Why a duplicate or 无效 feedback is not handled, and whom to call if that looks wrong. */
function ClosedUnhandled({ f, contacts }: { f: PublicFeedbackView; contacts: TrackState['contacts'] }) {
  const duplicate = f.status === 'duplicate' && f.duplicateOf;
  if (!duplicate && f.status !== 'spam') return null;
  return (
    <div class="closed">
      <p>{duplicate ? trackMessages.duplicate(duplicate) : trackMessages.spam}</p>
      <OfficePhones lead={duplicate ? trackMessages.notSameMatter : trackMessages.judgedWrongly} forRef={f.ref} contacts={contacts} />
    </div>
  );
}

export function Result({ f, code, state, onRated }: { f: PublicFeedbackView; code: string; state: TrackState; onRated: (f: PublicFeedbackView) => void }) {
  // Still awaiting a decision or a reply (OPEN_STATUSES, worker/staff/workflow.ts).
  const open = ['new', 'accepted', 'in_progress'].includes(f.status);
  const fieldErrors = Object.fromEntries((state.errors ?? []).map((e) => [e.field, e.message]));
  return (
    <section class="result" aria-labelledby="result-title">
      <h2 id="result-title" tabIndex={-1}>
        {f.ref}：{statusLabels[f.status]}
      </h2>
      <p class="meta">
        {f.notice.title}
        {` · ${itemHeading(f.item)}`}
      </p>
      <ClosedUnhandled f={f} contacts={state.contacts} />
      <blockquote>{f.content}</blockquote>
      <SentPhotos f={f} />
      {f.department && <p>承办部门：{f.department}</p>}
      {open && <ReplyDeadline f={f} />}
      {f.reply && (
        <section class="reply" id="reply" aria-labelledby="reply-title">
          <h3 id="reply-title">答复</h3>
          <p>{f.reply}</p>
        </section>
      )}
      <Rating key={f.ref} f={f} code={code} initial={state.rating} notice={state.ratingNotice} fieldErrors={fieldErrors} contacts={state.contacts} onRated={onRated} />
      {/* Once replied (and so while a follow-up may be added, or a review asked for), the part comes. */}
      {f.review.state != 'none' && <AfterReplySlot key={f.ref} f={f} code={code} state={state} onChange={onRated} />}
      <h3>办理记录</h3>
      <Timeline f={f} />
    </section>
  );
}
