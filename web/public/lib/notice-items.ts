/**
 * A notice's items in order, and the heading of the one a feedback is about, for the
 * form and its receipt (and for the server, which renders both); and the notice as the
 * form is handed it.
 */
import type { NoticeView } from '../../../worker/db/notices';
import { itemHeading } from '../../../worker/notice/item-label';
import type { FormItem, FormNotice, FormSection } from '../page-data';

/** A notice, whole (NoticeView) or as the form has it (FormNotice): parts and categories holding items. */
interface WithItems<I> {
  parts: ReadonlyArray<{ items: readonly I[]; categories: ReadonlyArray<{ items: readonly I[] }> }>;
}

export function itemsOf<I>(notice: WithItems<I>): I[] {
  return notice.parts.flatMap((p) => [...p.items, ...p.categories.flatMap((c) => c.items)]);
}

/** The notice's item of this id, or null (the notice as a whole, or an id the notice does not have). */
export function itemOf<I extends { id: number }>(notice: WithItems<I>, itemId: number | null): I | null {
  return itemsOf(notice).find((i) => i.id === itemId) ?? null;
}

/** "二（三）2 标题" for an item of the notice, 整份通报 for null (or an id the notice does not have). */
export function headingOf(notice: WithItems<FormItem>, itemId: number | null): string {
  return itemHeading(itemOf(notice, itemId));
}

/** The notice as the feedback form is handed it: its names and items, none of their text. */
export function formNoticeOf(notice: NoticeView): FormNotice {
  const section = (s: Omit<FormSection, 'items'> & { items: readonly FormItem[] }): FormSection => ({
    id: s.id,
    label: s.label,
    heading: s.heading,
    items: s.items.map(({ id, fullLabel, title }) => ({ id, fullLabel, title })),
  });
  return {
    slug: notice.slug,
    title: notice.title,
    issuer: notice.issuer,
    parts: notice.parts.map((p) => ({ ...section(p), categories: p.categories.map(section) })),
  };
}
