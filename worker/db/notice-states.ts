/**
 * Notices as admins manage them: every notice in any state with its counts,
 * one notice as stored, and writes committed as compare-and-set batches on
 * notices.updated_at, as staff-feedback.ts applyChange does for feedback.
 *
 * A write is one batch (one transaction): its audit entry, whatever it writes
 * to other tables, and last the notice's own update, each under the same
 * condition that the notice is still as read. The notice is updated last so
 * that every statement before it sees the version read; all happen or none.
 * Every change to a notice or to its items goes through here and moves
 * updated_at, which is what makes the condition cover the items too.
 */
import { and, desc, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { auditInsertIf, type AuditEntry } from './audit';
import type { Db } from './client';
import { noticeSummaryColumns, type NoticeRow, type NoticeSummary } from './notices';
import { feedback, items, notices } from './schema';

export interface StaffNoticeSummary extends NoticeSummary {
  updatedAt: number;
  feedbackCount: number;
}

/** Every notice, drafts and archived ones included, the latest added first. */
export async function listAllNotices(db: Db): Promise<StaffNoticeSummary[]> {
  return db
    .select({
      ...noticeSummaryColumns,
      updatedAt: notices.updatedAt,
      // Correlated counts, each served by an index (items_notice_position, feedback_notice_item). The outer
      // column is spelled out: drizzle writes columns unqualified in a one-table query.
      itemCount: sql<number>`(select count(*) from ${items} where ${items.noticeId} = "notices"."id")`,
      feedbackCount: sql<number>`(select count(*) from ${feedback} where ${feedback.noticeId} = "notices"."id")`,
    })
    .from(notices)
    .orderBy(desc(notices.createdAt), desc(notices.id));
}

/** A notice in any state, by slug. */
export async function findAnyNotice(db: Db, slug: string): Promise<NoticeRow | null> {
  return (await db.select().from(notices).where(eq(notices.slug, slug)).get()) ?? null;
}

/** Which of a slug and a reference prefix another notice than `exceptId` has. */
export async function takenByOthers(db: Db, wanted: { slug?: string; refPrefix?: string }, exceptId: number): Promise<{ slug: boolean; refPrefix: boolean }> {
  const conditions = [
    ...(wanted.slug === undefined ? [] : [eq(notices.slug, wanted.slug)]),
    ...(wanted.refPrefix === undefined ? [] : [eq(notices.refPrefix, wanted.refPrefix)]),
  ];
  if (conditions.length === 0) return { slug: false, refPrefix: false };
  const rows = await db.select({ slug: notices.slug, refPrefix: notices.refPrefix }).from(notices).where(and(ne(notices.id, exceptId), or(...conditions)));
  return { slug: rows.some((r) => r.slug === wanted.slug), refPrefix: rows.some((r) => r.refPrefix === wanted.refPrefix) };
}

export type NoticeChanges = Partial<Pick<NoticeRow, 'state' | 'closedOn' | 'title' | 'issuer' | 'publishedOn' | 'refPrefix' | 'slug'>>;

export interface NoticeWrite {
  changes: NoticeChanges;
  audit: Omit<AuditEntry, 'at' | 'actorId'>;
  /** Statements on other tables, each to run only under `guard`. */
  also?: (guard: SQL) => Parameters<Db['batch']>[0][number][];
}

/**
 * Commits a write to notice `n` as read. Returns the notice's new version, or
 * null when someone else changed the notice first (or, for a change of slug,
 * took the slug meanwhile) and nothing was written.
 */
export async function writeNotice(db: Db, n: Pick<NoticeRow, 'id' | 'updatedAt'>, write: NoticeWrite, actorId: number, now: number): Promise<number | null> {
  const conditions = [eq(notices.id, n.id), eq(notices.updatedAt, n.updatedAt)];
  if (write.changes.slug !== undefined) {
    // Checked in the same transaction, so two drafts renamed at once cannot end up sharing a slug (a 500 on the unique index).
    conditions.push(sql`not exists (select 1 from ${notices} as other where other.slug = ${write.changes.slug} and other.id <> ${n.id})`);
  }
  const guard = and(...conditions)!;
  // Strictly later than the version read, so that two changes in one millisecond still differ.
  const updatedAt = Math.max(now, n.updatedAt + 1);
  const statements = [
    auditInsertIf(db, { ...write.audit, at: now, actorId }, notices, guard),
    ...(write.also?.(guard) ?? []),
    db.update(notices).set({ ...write.changes, updatedAt }).where(guard).returning({ id: notices.id }),
  ] as const;
  const results = await db.batch(statements as unknown as Parameters<Db['batch']>[0]);
  return (results[results.length - 1] as unknown[]).length === 1 ? updatedAt : null;
}
