/**
 * The one place an item's path is read: select `itemPathColumns` in any query
 * that joins `items`, and turn the row into the item's full label with
 * `itemOfRow`. Two correlated look-ups by primary key, so no query needs its own
 * joins of notice_sections.
 */
import { sql } from 'drizzle-orm';
import { fullItemLabel } from '../notice/item-label';
import { items } from './schema';

export const itemPathColumns = {
  itemLabel: items.label,
  itemTitle: items.title,
  sectionLabel: sql<string | null>`(select s.label from notice_sections s where s.id = ${items.sectionId})`,
  parentLabel: sql<string | null>`(select p.label from notice_sections s join notice_sections p on p.id = s.parent_id where s.id = ${items.sectionId})`,
};

export interface ItemPathRow {
  itemLabel: string | null;
  itemTitle: string | null;
  sectionLabel: string | null;
  parentLabel: string | null;
}

/** The item a row refers to, with its full label; null for the notice as a whole. */
export function itemOfRow(itemId: number | null, row: ItemPathRow): { id: number; fullLabel: string; title: string } | null {
  if (itemId === null || row.itemLabel === null) return null;
  return { id: itemId, fullLabel: fullItemLabel({ sections: [row.parentLabel, row.sectionLabel], item: row.itemLabel }), title: row.itemTitle ?? '' };
}
