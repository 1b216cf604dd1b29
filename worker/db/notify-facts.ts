/**
 * What a notification may say about feedback, read for it: the reference, the item's path (for
 * its full label), the deadlines, the status and the department. Never the submitter's details
 * nor the text: these columns are the whole of what notify/message.ts is given.
 */
import { asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { withDepartment, withItem } from './feedback-joins';
import { itemOfRow, itemPathColumns } from './item-label';
import { departments, feedback } from './schema';

export interface NotifyFacts {
  id: number;
  ref: string;
  status: (typeof feedback.$inferSelect)['status'];
  acknowledgeBy: string;
  replyBy: string;
  departmentId: number | null;
  departmentName: string | null;
  item: { id: number; fullLabel: string; title: string } | null;
}

/** The feedback that `where` selects, in reply-by order, at most `limit`. */
export async function notifyFactsWhere(db: Db, where: SQL | undefined, limit: number): Promise<NotifyFacts[]> {
  const query = db
    .select({
      id: feedback.id, ref: feedback.ref, status: feedback.status, acknowledgeBy: feedback.acknowledgeBy, replyBy: feedback.replyBy,
      departmentId: feedback.departmentId, departmentName: departments.name, itemId: feedback.itemId, ...itemPathColumns,
    })
    .from(feedback)
    .$dynamic();
  const rows = await withDepartment(withItem(query))
    .where(where)
    .orderBy(asc(feedback.replyBy), asc(feedback.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id, ref: r.ref, status: r.status, acknowledgeBy: r.acknowledgeBy, replyBy: r.replyBy,
    departmentId: r.departmentId, departmentName: r.departmentName, item: itemOfRow(r.itemId, r),
  }));
}

export async function notifyFacts(db: Db, feedbackId: number): Promise<NotifyFacts | null> {
  return (await notifyFactsWhere(db, eq(feedback.id, feedbackId), 1))[0] ?? null;
}

export async function departmentName(db: Db, id: number): Promise<string | null> {
  return (await db.select({ name: departments.name }).from(departments).where(eq(departments.id, id)).get())?.name ?? null;
}
