/**
 * The submitter's 办理记录: each public event, numbered inside the page's margin
 * (the numbers are text of their own, hidden from screen readers, which announce
 * the list's positions themselves). The reply is read once: its entry points to
 * the 答复 box above instead of repeating it; an earlier reply, replaced by a
 * later one, is shown where it happened.
 */
import { statusLabels } from '../../../worker/feedback/labels';
import type { PublicFeedbackView } from '../../../worker/feedback/track';
import { instantDate } from '../lib/format';

// A status change is named by its status (statusLabels); these events by what happened.
const eventText: Record<string, string> = {
  submitted: '收到您的反馈',
  extended: '办理期限延长',
  reopened: '重新办理',
  follow_up: '您补充说明',
  review_request: '您请求复查',
  answered: '办理单位回复',
};

/** What an event's text is: a reason, the original reference, the department, the reply. */
const textLabel: Record<string, string> = {
  declined: '理由：',
  reopened: '理由：',
  extended: '理由：',
  duplicate: '与以下反馈重复：',
  in_progress: '承办部门：',
  replied: '答复：',
};

export function Timeline({ f }: { f: PublicFeedbackView }) {
  // The entry of the reply in the box (the last one that says it), by index: older phones lack findLastIndex.
  const shownAbove = f.timeline.reduce((last, e, i) => (f.reply !== null && e.type === 'replied' && e.text === f.reply ? i : last), -1);
  let ratings = 0;
  return (
    <ol class="timeline">
      {f.timeline.map((e, i) => {
        // The first rating, then each change of it within the day.
        const rated = e.type === 'rated' ? (ratings++ === 0 ? '您评价了答复' : '您修改了评价') : null;
        return (
          <li key={i}>
            <span class="step" aria-hidden="true">
              {i + 1}.
            </span>
            <div>
              <time>{instantDate(e.at)}</time>{' '}
              {rated ? `${rated}${e.text ? `：${e.text}` : ''}` : (eventText[e.type] ?? statusLabels[e.type as keyof typeof statusLabels] ?? e.type)}
              {i === shownAbove ? (
                <p>
                  <a href="#reply">答复内容见上方“答复”</a>
                </p>
              ) : (
                e.text &&
                !rated && (
                  <p>
                    {textLabel[e.type]}
                    {e.text}
                  </p>
                )
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
