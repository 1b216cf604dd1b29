/**
 * Rectification items over time: each change of an item's status with its date
 * and public note (item_status_changes), and edits of an item's wording.
 *
 * Writes are statements for writeNotice() in notice-states.ts, guarded by the
 * notice being as read: every change to a notice or its items moves the
 * notice's updated_at, so "the notice is unchanged" also means "its items are".
 * The history is read per notice in (item, changed_on, id) order, which the
 * index item_status_changes_item serves for each item.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { ITEM_STATUSES, itemStatusChanges, items, notices } from './schema';

export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type ItemRow = typeof items.$inferSelect;

/** One change of an item's status, as the public reads it under the item. */
export interface StatusChange {
  id: number;
  /** YYYY-MM-DD, Asia/Shanghai. */
  changedOn: string;
  from: ItemStatus;
  to: ItemStatus;
  note: string;
}

/** The changes of every item of a notice, oldest first; a query for the notice view's batch. */
export function historyOfNotice(db: Db, noticeId: number) {
  return db
    .select({
      id: itemStatusChanges.id,
      itemId: itemStatusChanges.itemId,
      changedOn: itemStatusChanges.changedOn,
      from: itemStatusChanges.fromStatus,
      to: itemStatusChanges.toStatus,
      note: itemStatusChanges.note,
    })
    .from(itemStatusChanges)
    .innerJoin(items, eq(items.id, itemStatusChanges.itemId))
    .where(eq(items.noticeId, noticeId))
    .orderBy(asc(itemStatusChanges.itemId), asc(itemStatusChanges.changedOn), asc(itemStatusChanges.id));
}

/**
 * An item of the given notice, with the day of its last recorded status change,
 * read in one batch with the notice's version, so the three agree.
 */
export async function findItemOfNotice(db: Db, noticeId: number, itemId: number) {
  const [rows, last, version] = await db.batch([
    db.select().from(items).where(and(eq(items.id, itemId), eq(items.noticeId, noticeId))),
    db
      .select({ changedOn: itemStatusChanges.changedOn })
      .from(itemStatusChanges)
      .where(eq(itemStatusChanges.itemId, itemId))
      .orderBy(desc(itemStatusChanges.changedOn), desc(itemStatusChanges.id))
      .limit(1),
    db.select({ updatedAt: notices.updatedAt }).from(notices).where(eq(notices.id, noticeId)),
  ]);
  const item = rows[0];
  if (!item || !version[0]) return null;
  return { item, lastChangedOn: last[0]?.changedOn ?? null, noticeUpdatedAt: version[0].updatedAt };
}

/** `exists (… the notice as guarded …)`, for a statement on another table. */
function whileNotice(guard: SQL): SQL {
  return sql`exists (select 1 from ${notices} where ${guard})`;
}

/** The fields of an item that staff edit. */
export type ItemChanges = Partial<Pick<ItemRow, 'label' | 'title' | 'body' | 'measures' | 'statusText' | 'status'>>;

/** Changes an item, only if `guard` (on the notice) holds. */
export function itemUpdateIf(db: Db, itemId: number, changes: ItemChanges, guard: SQL) {
  return db.update(items).set(changes).where(and(eq(items.id, itemId), whileNotice(guard)));
}

export interface NewStatusChange {
  itemId: number;
  changedOn: string;
  from: ItemStatus;
  to: ItemStatus;
  note: string;
}

/** Records a change of status, only if `guard` (on the notice) holds. */
export function statusChangeInsertIf(db: Db, c: NewStatusChange, actorId: number, now: number, guard: SQL) {
  return db.insert(itemStatusChanges).select(
    db
      .select({
        id: sql<number>`null`.as('id'),
        itemId: sql<number>`${c.itemId}`.as('item_id'),
        changedOn: sql<string>`${c.changedOn}`.as('changed_on'),
        fromStatus: sql<ItemStatus>`${c.from}`.as('from_status'),
        toStatus: sql<ItemStatus>`${c.to}`.as('to_status'),
        note: sql<string>`${c.note}`.as('note'),
        actorId: sql<number>`${actorId}`.as('actor_id'),
        createdAt: sql<number>`${now}`.as('created_at'),
      })
      .from(notices)
      .where(guard),
  );
}
