/**
 * Every event of the feedback, oldest first, each marked as seen by the
 * submitter (on the tracking page) or internal.
 */
import { eventLabel, eventTextLabels } from '../../lib/labels';
import { instantDate, instantDateTime, isoInstant } from '../../lib/format';
import type { FeedbackDetail } from '../../lib/staff-api';

type Entry = FeedbackDetail['timeline'][number];

const actorOf = (e: Entry) => e.actor?.displayName ?? (e.type === 'submitted' || e.type === 'rated' ? '反映人' : '系统');

/** `dateOnly`: the receipt of a feedback logged without the time of day. */
export function TimelineEntry({ e, dateOnly = false }: { e: Entry; dateOnly?: boolean }) {
  return (
    <li>
      <p class="event-head">
        <time dateTime={isoInstant(e.at)}>{dateOnly ? instantDate(e.at) : instantDateTime(e.at)}</time> <strong>{eventLabel(e)}</strong> <span class="meta">{actorOf(e)}</span>{' '}
        <span class={e.public ? 'tag tag-public' : 'tag tag-internal'}>{e.public ? '反映人可见' : '仅内部'}</span>
      </p>
      {e.text && (
        <p class="event-text">
          {eventTextLabels[e.type] && <span class="meta">{eventTextLabels[e.type]}：</span>}
          {e.text}
        </p>
      )}
    </li>
  );
}

export function Timeline({ f }: { f: FeedbackDetail }) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">办理记录</h2>
      <ol class="timeline">
        {f.timeline.map((e) => (
          <TimelineEntry key={e.id} e={e} dateOnly={e.type === 'submitted' && f.receivedTimeUnknown} />
        ))}
      </ol>
    </section>
  );
}
