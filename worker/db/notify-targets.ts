/**
 * Notification targets as stored. Every write commits with its audit entry in one batch, the
 * entry guarded by the write's own condition; changes and deletions are compare-and-set on
 * updated_at, as reply templates are. The audit entries name the address masked and say only
 * whether a secret is set: the log is read by every admin and kept for good.
 *
 * Deleting a target deletes its notifications and their attempts with it (in the same batch):
 * the outbox's rows reference their target. Disable it instead to keep the history.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { maskSecret, maskUrl } from '../notify/targets';
import { auditInsertIf } from './audit';
import type { Db } from './client';
import { departments, notifyAttempts, notifyOutbox, notifyTargets } from './schema';

export type TargetRow = typeof notifyTargets.$inferSelect;

/** A target as every answer shows it: the address and the secret masked. */
export interface TargetView {
  id: number;
  department: { id: number; name: string } | null;
  kind: TargetRow['kind'];
  name: string;
  url: string;
  secret: string | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  /** Notifications waiting, and given up on (dead). */
  pending: number;
  dead: number;
}

export function auditView(t: Pick<TargetRow, 'departmentId' | 'kind' | 'name' | 'url' | 'secret' | 'enabled'>) {
  return { departmentId: t.departmentId, kind: t.kind, name: t.name, url: maskUrl(t.url), hasSecret: t.secret !== null, enabled: t.enabled };
}

export async function findTarget(db: Db, id: number): Promise<TargetRow | null> {
  return (await db.select().from(notifyTargets).where(eq(notifyTargets.id, id)).get()) ?? null;
}

/** Every target, the office's first, then by department and name, with its outbox's counts. */
export async function listTargets(db: Db): Promise<TargetView[]> {
  const rows = await db
    .select({
      t: notifyTargets,
      departmentName: departments.name,
      pending: sql<number>`(select count(*) from notify_outbox o where o.target_id = ${notifyTargets.id} and o.state = 'pending')`,
      dead: sql<number>`(select count(*) from notify_outbox o where o.target_id = ${notifyTargets.id} and o.state = 'dead')`,
    })
    .from(notifyTargets)
    .leftJoin(departments, eq(departments.id, notifyTargets.departmentId))
    .orderBy(sql`${notifyTargets.departmentId} is not null`, asc(departments.name), asc(notifyTargets.name), asc(notifyTargets.id));
  return rows.map((r) => view(r.t, r.departmentName, r.pending, r.dead));
}

export function view(t: TargetRow, departmentName: string | null, pending = 0, dead = 0): TargetView {
  return {
    id: t.id,
    department: t.departmentId === null ? null : { id: t.departmentId, name: departmentName ?? '' },
    kind: t.kind,
    name: t.name,
    url: maskUrl(t.url),
    secret: maskSecret(t.secret),
    enabled: t.enabled,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    pending,
    dead,
  };
}

export type NewTarget = Pick<TargetRow, 'departmentId' | 'kind' | 'name' | 'url' | 'secret' | 'enabled'>;

export async function createTarget(db: Db, t: NewTarget, actorId: number, now: number): Promise<TargetRow> {
  const [inserted] = await db.batch([
    db.insert(notifyTargets).values({ ...t, createdBy: actorId, createdAt: now, updatedAt: now }).returning(),
    auditInsertIf(
      db,
      { at: now, actorId, action: 'notify_target.create', targetType: 'notify_target', targetId: null, after: auditView(t) },
      notifyTargets,
      sql`${notifyTargets.id} = (select max(id) from notify_targets)`,
      notifyTargets.id,
    ),
  ]);
  return inserted[0]!;
}

export type TargetOutcome = { is: 'updated' | 'unchanged'; target: TargetRow } | { is: 'deleted' } | { is: 'gone' | 'changed' };

export type TargetChange = Partial<NewTarget>;

/** Changes the target as the caller read it (`was.updatedAt`): 'changed' when someone changed it since, 'gone' when deleted. */
export async function updateTarget(db: Db, was: { id: number; updatedAt: number }, change: TargetChange, actorId: number, now: number): Promise<TargetOutcome> {
  const current = await findTarget(db, was.id);
  if (!current) return { is: 'gone' };
  if (current.updatedAt !== was.updatedAt) return { is: 'changed' };
  const changed = Object.fromEntries(Object.entries(change).filter(([k, v]) => v !== undefined && v !== current[k as keyof TargetRow])) as TargetChange;
  if (Object.keys(changed).length === 0) return { is: 'unchanged', target: current };
  const after = { ...current, ...changed };
  const guard = and(eq(notifyTargets.id, was.id), eq(notifyTargets.updatedAt, was.updatedAt))!;
  const [, updated] = await db.batch([
    auditInsertIf(
      db,
      {
        at: now, actorId, action: 'notify_target.update', targetType: 'notify_target', targetId: was.id,
        before: auditView(current), after: { ...auditView(after), ...(changed.secret !== undefined ? { secretChanged: true } : {}) },
      },
      notifyTargets,
      guard,
    ),
    db.update(notifyTargets).set({ ...changed, updatedAt: Math.max(now, was.updatedAt + 1) }).where(guard).returning(),
  ]);
  if (updated[0]) return { is: 'updated', target: updated[0] };
  return (await findTarget(db, was.id)) ? { is: 'changed' } : { is: 'gone' };
}

/** Deletes the target as read, with its notifications and their attempts, and its audit entry. */
export async function deleteTarget(db: Db, was: { id: number; updatedAt: number }, actorId: number, now: number): Promise<TargetOutcome> {
  const current = await findTarget(db, was.id);
  if (!current) return { is: 'gone' };
  const guard = and(eq(notifyTargets.id, was.id), eq(notifyTargets.updatedAt, was.updatedAt))!;
  const ofTarget = db.select({ id: notifyOutbox.id }).from(notifyOutbox).innerJoin(notifyTargets, eq(notifyTargets.id, notifyOutbox.targetId)).where(guard);
  const counts = await db
    .select({ n: sql<number>`count(*)` })
    .from(notifyOutbox)
    .where(eq(notifyOutbox.targetId, was.id))
    .get();
  const [, , , deleted] = await db.batch([
    auditInsertIf(
      db,
      { at: now, actorId, action: 'notify_target.delete', targetType: 'notify_target', targetId: was.id, before: { ...auditView(current), notifications: counts?.n ?? 0 } },
      notifyTargets,
      guard,
    ),
    db.delete(notifyAttempts).where(inArray(notifyAttempts.outboxId, ofTarget)),
    db.delete(notifyOutbox).where(and(eq(notifyOutbox.targetId, was.id), sql`exists (select 1 from notify_targets t where t.id = ${was.id} and t.updated_at = ${was.updatedAt})`)),
    db.delete(notifyTargets).where(guard).returning({ id: notifyTargets.id }),
  ]);
  if (deleted.length === 1) return { is: 'deleted' };
  return (await findTarget(db, was.id)) ? { is: 'changed' } : { is: 'gone' };
}
