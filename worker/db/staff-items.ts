/**
 * Rectification items for staff: the rows the items screen is built from
 * (staff/items.ts turns them into counts and the disputed flag), staff comments
 * (internal, or public progress updates that the notice page shows under the
 * item), and the department responsible for an item.
 *
 * A member of staff bound to a department (`scope`) is counted only the
 * feedback of that department, as the inbox lists it, and reads only the
 * public comments of other departments' items.
 */
import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { auditInsert } from './audit';
import type { Db } from './client';
import { departments, feedback, itemComments, items, notices, staffUsers, type FEEDBACK_STATUSES } from './schema';
import { standingReportersByItem } from './submitters';
import { itemPathColumns } from './item-label';

type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** The feedback a user bound to department `scope` sees (null: all). */
function inScope(scope: number | null): SQL | undefined {
  return scope === null ? undefined : eq(feedback.departmentId, scope);
}

/**
 * The notice's items in order, with their department; its feedback within the
 * scope counted by item, kind and status; and the distinct submitters of its
 * standing reports (reports not in `dismissed`) by item. Null for an unknown notice.
 */
export async function noticeItemRows(db: Db, slug: string, scope: number | null, dismissed: readonly FeedbackStatus[]) {
  const notice = await db.select({ id: notices.id, slug: notices.slug, title: notices.title }).from(notices).where(eq(notices.slug, slug)).get();
  if (!notice) return null;
  const ofNotice = and(eq(feedback.noticeId, notice.id), inScope(scope));
  // Not a batch: drizzle maps batch results by column name, which a join can repeat.
  const [itemRows, counts, reporters] = await Promise.all([
    db
      .select({ item: items, departmentName: departments.name, path: itemPathColumns })
      .from(items)
      .leftJoin(departments, eq(departments.id, items.departmentId))
      .where(eq(items.noticeId, notice.id))
      .orderBy(asc(items.position)),
    db
      .select({ itemId: feedback.itemId, kind: feedback.kind, status: feedback.status, n: count() })
      .from(feedback)
      .where(ofNotice)
      .groupBy(feedback.itemId, feedback.kind, feedback.status),
    standingReportersByItem(db, notice.id, dismissed, inScope(scope)),
  ]);
  return { notice: { slug: notice.slug, title: notice.title }, items: itemRows, counts, reporters };
}

export type NoticeItemRows = NonNullable<Awaited<ReturnType<typeof noticeItemRows>>>;

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

/** The item's comments, oldest first; without `internal`, only the public ones. */
export async function listComments(db: Db, itemId: number, { internal }: { internal: boolean }): Promise<CommentView[]> {
  const rows = await db
    .select({ c: itemComments, authorName: staffUsers.displayName })
    .from(itemComments)
    .innerJoin(staffUsers, eq(staffUsers.id, itemComments.authorId))
    .where(and(eq(itemComments.itemId, itemId), internal ? undefined : eq(itemComments.public, true)))
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
