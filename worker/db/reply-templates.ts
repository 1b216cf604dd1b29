/**
 * Reply templates (答复模板) as stored. Every write commits with its audit entry
 * in one batch, the entry guarded by the same condition as the write, so it is
 * written exactly when the write happens. Changes and deletions are
 * compare-and-set on updated_at: an admin who edits a template someone else
 * changed since they read it is refused rather than overwriting it. A title
 * already taken is an answer ('taken'), never the unique index's error.
 */
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { auditInsertIf } from './audit';
import type { Db } from './client';
import { replyTemplates } from './schema';

export interface ReplyTemplate {
  id: number;
  title: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

const columns = {
  id: replyTemplates.id,
  title: replyTemplates.title,
  body: replyTemplates.body,
  createdAt: replyTemplates.createdAt,
  updatedAt: replyTemplates.updatedAt,
};

/** Every template, by title. */
export async function listTemplates(db: Db): Promise<ReplyTemplate[]> {
  return db.select(columns).from(replyTemplates).orderBy(asc(replyTemplates.title), asc(replyTemplates.id));
}

export async function findTemplate(db: Db, id: number): Promise<ReplyTemplate | null> {
  return (await db.select(columns).from(replyTemplates).where(eq(replyTemplates.id, id)).get()) ?? null;
}

const other = alias(replyTemplates, 'other');

/** No other template has this title. */
function titleFree(db: Db, title: string, exceptId: number | null) {
  const sameTitle = exceptId === null ? eq(other.title, title) : and(eq(other.title, title), ne(other.id, exceptId));
  return sql`not exists ${db.select({ one: sql`1` }).from(other).where(sameTitle)}`;
}

/** A new template with its audit entry; null, writing nothing, when the title is taken. */
export async function createTemplate(db: Db, t: { title: string; body: string }, actorId: number, now: number): Promise<ReplyTemplate | null> {
  const [inserted] = await db.batch([
    db.insert(replyTemplates).values({ ...t, createdAt: now, updatedAt: now }).onConflictDoNothing({ target: replyTemplates.title }).returning(columns),
    auditInsertIf(
      db,
      { at: now, actorId, action: 'reply_template.create', targetType: 'reply_template', targetId: null, after: t },
      replyTemplates,
      and(eq(replyTemplates.title, t.title), eq(replyTemplates.createdAt, now), eq(replyTemplates.updatedAt, now))!,
      replyTemplates.id,
    ),
  ]);
  return inserted[0] ?? null;
}

export type TemplateOutcome =
  | { is: 'updated' | 'unchanged'; template: ReplyTemplate }
  | { is: 'deleted' }
  | { is: 'gone' | 'changed' | 'taken' };

/** Why a compare-and-set write found no row: the template is gone, or it changed since `was` was read. */
async function missed(db: Db, id: number): Promise<TemplateOutcome> {
  return (await findTemplate(db, id)) ? { is: 'changed' } : { is: 'gone' };
}

/**
 * Changes the title and/or body of the template as the caller read it
 * (`was.updatedAt`). 'changed' when someone changed it since, 'gone' when it was
 * deleted, 'taken' when another template has the new title.
 */
export async function updateTemplate(
  db: Db,
  was: Pick<ReplyTemplate, 'id' | 'updatedAt'>,
  change: Partial<Pick<ReplyTemplate, 'title' | 'body'>>,
  actorId: number,
  now: number,
): Promise<TemplateOutcome> {
  const current = await findTemplate(db, was.id);
  if (!current) return { is: 'gone' };
  if (current.updatedAt !== was.updatedAt) return { is: 'changed' };
  const changed = Object.fromEntries(Object.entries(change).filter(([k, v]) => v !== undefined && v !== current[k as 'title' | 'body'])) as typeof change;
  if (Object.keys(changed).length === 0) return { is: 'unchanged', template: current };
  const guard = and(
    eq(replyTemplates.id, was.id),
    eq(replyTemplates.updatedAt, was.updatedAt),
    changed.title === undefined ? undefined : titleFree(db, changed.title, was.id),
  )!;
  const before = Object.fromEntries(Object.keys(changed).map((k) => [k, current[k as 'title' | 'body']]));
  const [, updated] = await db.batch([
    auditInsertIf(
      db,
      { at: now, actorId, action: 'reply_template.update', targetType: 'reply_template', targetId: was.id, before, after: changed },
      replyTemplates,
      guard,
    ),
    // Strictly later than the version read, so two changes in one millisecond still differ.
    db.update(replyTemplates).set({ ...changed, updatedAt: Math.max(now, was.updatedAt + 1) }).where(guard).returning(columns),
  ]);
  if (updated[0]) return { is: 'updated', template: updated[0] };
  if (changed.title !== undefined && (await db.select({ id: replyTemplates.id }).from(replyTemplates).where(and(eq(replyTemplates.title, changed.title), ne(replyTemplates.id, was.id))).get())) {
    return { is: 'taken' };
  }
  return missed(db, was.id);
}

/** Deletes the template as the caller read it, with its audit entry (which keeps the text). */
export async function deleteTemplate(db: Db, was: Pick<ReplyTemplate, 'id' | 'updatedAt'>, actorId: number, now: number): Promise<TemplateOutcome> {
  const current = await findTemplate(db, was.id);
  if (!current) return { is: 'gone' };
  const guard = and(eq(replyTemplates.id, was.id), eq(replyTemplates.updatedAt, was.updatedAt))!;
  const [, deleted] = await db.batch([
    auditInsertIf(
      db,
      { at: now, actorId, action: 'reply_template.delete', targetType: 'reply_template', targetId: was.id, before: { title: current.title, body: current.body } },
      replyTemplates,
      guard,
    ),
    db.delete(replyTemplates).where(guard).returning({ id: replyTemplates.id }),
  ]);
  return deleted.length === 1 ? { is: 'deleted' } : missed(db, was.id);
}
