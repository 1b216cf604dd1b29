import { statusLabels } from '../../../../worker/feedback/labels';
import type { FeedbackStatus } from '../../../../worker/staff/workflow';

export function StatusTag({ status }: { status: FeedbackStatus }) {
  return <span class={`tag tag-${status}`}>{statusLabels[status]}</span>;
}
