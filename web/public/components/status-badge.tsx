import { itemStatusLabels } from '../../../worker/feedback/labels';
import type { ItemStatus } from '../../../worker/notice';

export function StatusBadge({ status, text }: { status: ItemStatus; text: string | null }) {
  const shown = text?.replace(/[。．.；;\s]+$/u, '') || itemStatusLabels[status];
  return <span class={`badge badge-${status}`}>{shown}</span>;
}
