/**
 * The audit log: who did what to what, when, with the state before and after.
 * Rows are only ever inserted (triggers reject UPDATE and DELETE). Entries are
 * built as statements so that they join the batch of the change they record and
 * commit or roll back with it.
 */
import { and, desc, eq, is, lt, SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';
import { auditLog, feedback, staffUsers } from './schema';

export interface AuditEntry {
  at: number;
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: string | number | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEY = /password|hash|salt|token|querycode/i;

/** JSON without anything secret: keys that look like passwords, hashes or tokens are dropped at any depth. */
export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v: unknown) => (key !== '' && SECRET_KEY.test(key) ? undefined : v));
}

export function auditInsert(db: Db, e: AuditEntry) {
  return db.insert(auditLog).values({
    at: e.at,
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId === null ? null : String(e.targetId),
    before: auditJson(e.before),
    after: auditJson(e.after),
  });
}

/**
 * An entry written only if `guard` (a condition on one row of `table`) holds when
 * the batch reaches it, so that it is written exactly when the change it records
 * is. The target id may be taken from that row (`targetIdFrom`), for a row
 * inserted earlier in the same batch; `after` may be an SQL expression giving the
 * JSON, for what the statement itself finds (the ids of rows inserted before it).
 */
export function auditInsertIf(db: Db, e: AuditEntry & { after?: unknown }, table: SQLiteTable, guard: SQL, targetIdFrom?: SQLiteColumn) {
  return db.insert(auditLog).select(
    db
      .select({
        id: sql<number>`null`.as('id'),
        at: sql<number>`${e.at}`.as('at'),
        actorId: sql<number | null>`${e.actorId}`.as('actor_id'),
        action: sql<string>`${e.action}`.as('action'),
        targetType: sql<string>`${e.targetType}`.as('target_type'),
        targetId: (targetIdFrom
          ? sql<string>`cast(${targetIdFrom} as text)`
          : sql<string | null>`${e.targetId === null ? null : String(e.targetId)}`
        ).as('target_id'),
        before: sql<string | null>`${auditJson(e.before)}`.as('before'),
        after: (is(e.after, SQL) ? sql<string | null>`${e.after}` : sql<string | null>`${auditJson(e.after)}`).as('after'),
      })
      .from(table)
      .where(guard),
  );
}

export interface AuditRow {
  id: number;
  at: number;
  actor: { id: number; displayName: string } | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** A feedback's reference, as staff know it everywhere else (null for other targets). */
  targetRef: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actorId?: number;
}

/** Newest first, in pages keyed by id. */
export async function listAudit(db: Db, filter: AuditFilter, before: number | null, limit: number): Promise<{ entries: AuditRow[]; next: number | null }> {
  const conditions: SQL[] = [];
  if (before !== null) conditions.push(lt(auditLog.id, before));
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
  if (filter.actorId !== undefined) conditions.push(eq(auditLog.actorId, filter.actorId));
  const rows = await db
    .select({ a: auditLog, actorName: staffUsers.displayName, targetRef: feedback.ref })
    .from(auditLog)
    .leftJoin(staffUsers, eq(staffUsers.id, auditLog.actorId))
    // The target id is text (targets of every kind); a feedback's is its id, found by the primary key.
    .leftJoin(feedback, and(eq(auditLog.targetType, 'feedback'), eq(feedback.id, sql`cast(${auditLog.targetId} as integer)`)))
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    entries: page.map(({ a, actorName, targetRef }) => ({
      id: a.id,
      at: a.at,
      actor: a.actorId === null ? null : { id: a.actorId, displayName: actorName ?? '' },
      action: a.action,
      targetType: a.targetType,
      targetId: a.targetId,
      targetRef: targetRef ?? null,
      before: a.before === null ? null : (JSON.parse(a.before) as unknown),
      after: a.after === null ? null : (JSON.parse(a.after) as unknown),
    })),
    next: rows.length > limit ? page[page.length - 1]!.a.id : null,
  };
}
