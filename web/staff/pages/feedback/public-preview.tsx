/**
 * What the submitter will see on the tracking page once a reply is sent, for
 * checking before it is (GOV.UK's "check your answers"). It is laid out as
 * web/public/pages/track.tsx lays out a result, and its 办理记录 is the public
 * page's own component: status, item, their text, the department, the reply in
 * its box, then the public events with the reply's own step added. Nothing
 * internal (notes, assignments, a hand-back) appears, as on the public page.
 */
import type { JSX } from 'preact';
import { statusLabels } from '../../../../worker/feedback/labels';
import { replyPeriodOf } from '../../../../worker/feedback/deadlines';
import type { PublicFeedbackView } from '../../../../worker/feedback/track';
import { reviewLastDay } from '../../../../worker/feedback/after-reply-rules';
import { itemHeading } from '../../../../worker/notice/item-label';
import { Timeline } from '../../../public/components/timeline';
import type { FeedbackDetail } from '../../lib/staff-api';

/** The submitter's view of `f` once `reply` is sent now. */
export function afterReply(f: FeedbackDetail, reply: string, now: number): PublicFeedbackView {
  const timeline = f.timeline.filter((e) => e.public).map((e) => ({ at: e.at, type: e.type, toStatus: e.toStatus, text: e.text }));
  return {
    ref: f.ref,
    status: 'replied',
    kind: f.kind,
    content: f.content,
    anonymous: f.anonymous,
    notice: f.notice,
    item: f.item,
    department: f.department?.name ?? null,
    receivedAt: f.receivedAt,
    acknowledgeBy: f.acknowledgeBy,
    replyBy: f.replyBy,
    replyDaysLeft: f.replyDaysLeft,
    replyPeriod: replyPeriodOf({ ...f, extensionDays: f.extension?.days ?? 0 }),
    duplicateOf: null,
    acceptedAt: f.acceptedAt,
    repliedAt: now,
    closedAt: null,
    reply,
    rating: null,
    ratingComment: null,
    canRate: true,
    canChangeRating: false,
    ratingChangeBy: null,
    canFollowUp: true,
    review: { state: 'open', lastDay: reviewLastDay(now) },
    attention: null,
    timeline: [...timeline, { at: now, type: 'replied', toStatus: 'replied', text: reply }],
    // The preview is of the reply; the photos stay as they are, shown on this page above.
    photos: [],
  };
}

/** The public page's links (the 答复 box's anchor) would move the console's hash route: here they do nothing. */
const stay = (e: JSX.TargetedMouseEvent<HTMLElement>) => {
  if ((e.target as HTMLElement).closest('a')) e.preventDefault();
};

export function PublicPreview({ view, headingId }: { view: PublicFeedbackView; headingId: string }) {
  return (
    <section class="public-preview" aria-labelledby={headingId} onClickCapture={stay}>
      <h4 id={headingId}>
        {view.ref}：{statusLabels[view.status]}
      </h4>
      <p class="meta">
        {view.notice.title}
        {` · ${itemHeading(view.item)}`}
      </p>
      <blockquote>{view.content}</blockquote>
      {view.department && <p>承办部门：{view.department}</p>}
      {view.reply && (
        <section class="reply" aria-labelledby={`${headingId}-reply`}>
          <h5 id={`${headingId}-reply`}>答复</h5>
          <p>{view.reply}</p>
        </section>
      )}
      <p class="meta">反映人还可以在这里评价答复。</p>
      <h5>办理记录</h5>
      <Timeline f={view} />
    </section>
  );
}
