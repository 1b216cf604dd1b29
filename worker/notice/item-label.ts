/**
 * One full label per item, built here and nowhere else: the item's numbering
 * with the numbering of the part and category above it, so that the four items
 * numbered "2." of the sample notice read 一（一）2, 二（一）2, 二（三）2 …
 * everywhere outside the notice itself (forms, inbox, detail, ledger,
 * statistics, tracking, messages).
 */

/** The numbering of an item and of the sections above it, as the notice writes them. */
export interface ItemPath {
  /** The numbering of the sections above the item, outermost first: the part's "二、", the category's "（三）" or "(三)"; nulls are skipped. */
  sections: ReadonlyArray<string | null>;
  /** The item's own numbering ("2." "（2）" "3、"); '' when the notice gives none. */
  item: string;
}

/** What stands for "the notice as a whole" wherever an item would be named. */
export const WHOLE_NOTICE = '整份通报';

/** Trailing separators that only end a number ("一、" "2." "3．" "4，"), and ASCII brackets made full-width. */
function tidy(label: string | null): string {
  if (!label) return '';
  return label
    .trim()
    .replace(/[、.．,，:：\s]+$/u, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

/** 二（三）2: the part, the category and the item, each without its trailing separator. */
export function fullItemLabel(path: ItemPath): string {
  return [...path.sections, path.item].map(tidy).join('');
}

/** "二（三）2 针对…" for an item, 整份通报 for the notice as a whole. */
export function itemHeading(item: { fullLabel: string; title: string } | null): string {
  if (!item) return WHOLE_NOTICE;
  return [item.fullLabel, item.title].filter((s) => s !== '').join(' ');
}
