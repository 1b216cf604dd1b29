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

/** The items of the notice `slug` in groups; none while loading or without a notice. */
export function useItemGroups(slug: string): ItemGroup[] {
  const r = useResource<NoticeView | null>(() => (slug ? staffApi.notice(slug) : nothing()), `notice:${slug}`);
  return r.data ? itemGroups(r.data) : [];
}
