/**
 * The notices staff work on (archived ones last), and one notice's items
 * grouped by part and category as the notice lists them (item labels like "2."
 * repeat across categories).
 */
import type { Option } from '../components/fields';
import { nothing } from './api';
import { staffApi, type NoticeSummary, type NoticeView } from './staff-api';
import { useResource } from './use-resource';
import { itemHeading } from '../../../worker/notice/item-label';

export function useNotices(): NoticeSummary[] {
  const r = useResource(() => staffApi.notices(), 'notices');
  return r.data?.notices ?? [];
}

export interface ItemGroup {
  label: string;
  options: Option[];
}

export function itemGroups(notice: NoticeView): ItemGroup[] {
  const options = (items: NoticeView['parts'][number]['items']) => items.map((i) => ({ value: String(i.id), label: itemHeading(i) }));
  return notice.parts.flatMap((part) => [
    ...(part.items.length > 0 ? [{ label: `${part.label}${part.heading}`, options: options(part.items) }] : []),
    ...part.categories.filter((c) => c.items.length > 0).map((c) => ({ label: `${part.label} ${c.label}${c.heading}`, options: options(c.items) })),
  ]);
}

/** The notice `slug` with its parts and items; null while loading or without a notice. */
export function useNoticeView(slug: string): NoticeView | null {
  return useResource<NoticeView | null>(() => (slug ? staffApi.notice(slug) : nothing()), `notice:${slug}`).data;
}

/** The items of the notice `slug` in groups; none while loading or without a notice. */
export function useItemGroups(slug: string): ItemGroup[] {
  const notice = useNoticeView(slug);
  return notice ? itemGroups(notice) : [];
}

/** The full label (二（三）2) of item `id` of the notice; null for none or not found. */
export function itemLabelOf(notice: NoticeView | null, id: number | null): string | null {
  if (!notice || id === null) return null;
  for (const part of notice.parts) {
    for (const item of [...part.items, ...part.categories.flatMap((c) => c.items)]) if (item.id === id) return item.fullLabel;
  }
  return null;
}
