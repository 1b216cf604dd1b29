/**
 * The one place a feedback is joined to what it refers to: its notice (always
 * there, an inner join), its item and its department (either may be absent, so
 * left joins that keep the feedback). One function a join, so that a query adds
 * only the joins it reads and none changes its rows. Each takes a select in
 * dynamic mode (`.$dynamic()`) with `feedback` in its FROM or joined before.
 */
import { eq } from 'drizzle-orm';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { departments, feedback, items, notices } from './schema';

export function withNotice<T extends SQLiteSelect>(qb: T) {
  return qb.innerJoin(notices, eq(notices.id, feedback.noticeId));
}

export function withItem<T extends SQLiteSelect>(qb: T) {
  return qb.leftJoin(items, eq(items.id, feedback.itemId));
}

export function withDepartment<T extends SQLiteSelect>(qb: T) {
  return qb.leftJoin(departments, eq(departments.id, feedback.departmentId));
}

/** All three, in this order: the console's view of a feedback and the inbox's rows. */
export function withNoticeItemDepartment<T extends SQLiteSelect>(qb: T) {
  return withDepartment(withItem(withNotice(qb)));
}
