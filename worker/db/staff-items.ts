/**
 * Rectification items for staff: each with its feedback counted by kind and by
 * status, and staff comments (internal, or public progress updates that the
 * notice page shows under the item).
 */
import { asc, count, eq } from 'drizzle-orm';
import { addToCounts, emptyCounts, isDisputed, type FeedbackCounts, type ItemStatus } from '../staff/items';
import { auditInsert } from './audit';
import type { Db } from './client';
import { departments, feedback, itemComments, items, notices, staffUsers } from './schema';

export interface StaffItemView {
  id: number;
  label: string;
  title: string;
  status: ItemStatus;
  statusText: string | null;
  department: { id: number; name: string } | null;
  counts: FeedbackCounts;
  disputed: boolean;
}

/** The notice's items in order, and the feedback on the notice as a whole, or null for an unknown notice. */
export async function itemsWithCounts(db: Db, slug: string) {
  const notice = await db.select({ id: notices.id, slug: notices.slug, title: notices.title }).from(notices).where(eq(notices.slug, slug)).get();
  if (!notice) return null;
  // Not a batch: drizzle maps batch results by column name, which a join can repeat.
  const [itemRows, countRows] = await Promise.all([
    db
      .select({ item: items, departmentName: departments.name })
      .from(items)
      .leftJoin(departments, eq(departments.id, items.departmentId))
      .where(eq(items.noticeId, notice.id))
      .orderBy(asc(items.position)),
    db
      .select({ itemId: feedback.itemId, kind: feedback.kind, status: feedback.status, n: count() })
      .from(feedback)
      .where(eq(feedback.noticeId, notice.id))
      .groupBy(feedback.itemId, feedback.kind, feedback.status),
  ]);
  const counts = new Map<number | null, FeedbackCounts>();
  for (const r of countRows) {
    const c = counts.get(r.itemId) ?? emptyCounts();
    addToCounts(c, r.kind, r.status, r.n);
    counts.set(r.itemId, c);
  }
  const list: StaffItemView[] = itemRows.map(({ item, departmentName }) => {
    const c = counts.get(item.id) ?? emptyCounts();
    return {
      id: item.id,
      label: item.label,
      title: item.title,
      status: item.status,
      statusText: item.statusText,
      department: item.departmentId === null ? null : { id: item.departmentId, name: departmentName ?? '' },
      counts: c,
      disputed: isDisputed(item.status, c),
    };
  });
  return { notice: { slug: notice.slug, title: notice.title }, items: list, wholeNotice: counts.get(null) ?? emptyCounts() };
}

export async function findItem(db: Db, id: number) {
  return (await db.select({ id: items.id, noticeId: items.noticeId, departmentId: items.departmentId }).from(items).where(eq(items.id, id)).get()) ?? null;
}

export interface CommentView {
  id: number;
  body: string;
  public: boolean;
  at: number;
  author: { id: number; displayName: string };
}

export async function listComments(db: Db, itemId: number): Promise<CommentView[]> {
  const rows = await db
    .select({ c: itemComments, authorName: staffUsers.displayName })
    .from(itemComments)
    .innerJoin(staffUsers, eq(staffUsers.id, itemComments.authorId))
    .where(eq(itemComments.itemId, itemId))
    .orderBy(asc(itemComments.createdAt), asc(itemComments.id));
  return rows.map(({ c, authorName }) => ({ id: c.id, body: c.body, public: c.public, at: c.createdAt, author: { id: c.authorId, displayName: authorName } }));
}

export async function addComment(db: Db, itemId: number, authorId: number, body: string, isPublic: boolean, now: number): Promise<number> {
  const [inserted] = await db.batch([
    db.insert(itemComments).values({ itemId, authorId, body, public: isPublic, createdAt: now }).returning({ id: itemComments.id }),
    auditInsert(db, { at: now, actorId: authorId, action: 'item.comment', targetType: 'item', targetId: itemId, after: { body, public: isPublic } }),
  ]);
  return inserted[0]!.id;
}

/** Sets the department responsible for an item, with its audit entry. */
export async function setItemDepartment(db: Db, item: { id: number; departmentId: number | null }, departmentId: number | null, actorId: number, now: number) {
  await db.batch([
    auditInsert(db, { at: now, actorId, action: 'item.assign', targetType: 'item', targetId: item.id, before: { departmentId: item.departmentId }, after: { departmentId } }),
    db.update(items).set({ departmentId }).where(eq(items.id, item.id)),
  ]);
}
