/**
 * Reads for bulk triage (staff/bulk.ts): the feedback asked for, as stored, in
 * one query. At most BULK_MAX ids, within D1's 100 bound values a statement.
 * Scope is not applied here: the route asks `inScope` of each row, as the single
 * action does, so that one outside the scope is reported exactly as an unknown one.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from './client';
import { feedback } from './schema';
import type { FeedbackRow } from './staff-feedback';

export async function feedbackByIds(db: Db, ids: readonly number[]): Promise<Map<number, FeedbackRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(feedback).where(inArray(feedback.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}
