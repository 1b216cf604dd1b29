/**
 * A notice's items in order, and the heading of the one a feedback is about, for the
 * form and its receipt (and for the server, which renders both).
 */
import type { ItemView, NoticeView } from '../../../worker/db/notices';
import { itemHeading } from '../../../worker/notice/item-label';

export function itemsOf(notice: Pick<NoticeView, 'parts'>): ItemView[] {
  return notice.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]);
}

/** The notice's item of this id, or null (the notice as a whole, or an id the notice does not have). */
export function itemOf(notice: Pick<NoticeView, 'parts'>, itemId: number | null): ItemView | null {
  return itemsOf(notice).find((i) => i.id === itemId) ?? null;
}

/** "二（三）2 标题" for an item of the notice, 整份通报 for null (or an id the notice does not have). */
export function headingOf(notice: Pick<NoticeView, 'parts'>, itemId: number | null): string {
  return itemHeading(itemOf(notice, itemId));
}
