/**
 * Departments (承办部门): the units feedback, items and staff belong to.
 * Creating, renaming and merging each commit with their audit entry in one
 * batch; the entry is guarded by the same condition as the change, so it is
 * written exactly when the change is.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { auditInsertIf } from './audit';
import type { Db } from './client';
import { auditLog, departments, feedback, items, staffUsers } from './schema';

export interface Department {
  id: number;
  name: string;
}

/** What belongs to a department: what a merge moves. */
export interface DepartmentCounts {
  feedback: number;
  items: number;
  staffUsers: number;
}

export async function listDepartments(db: Db): Promise<Department[]> {
  return db.select({ id: departments.id, name: departments.name }).from(departments).orderBy(asc(departments.id));
}

export async function findDepartment(db: Db, id: number): Promise<Department | null> {
  return (await db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.id, id)).get()) ?? null;
}

export async function departmentCounts(db: Db, id: number): Promise<DepartmentCounts> {
  const [f, i, s] = await db.batch([
    db.select({ n: count() }).from(feedback).where(eq(feedback.departmentId, id)),
    db.select({ n: count() }).from(items).where(eq(items.departmentId, id)),
    db.select({ n: count() }).from(staffUsers).where(eq(staffUsers.departmentId, id)),
  ]);
  return { feedback: f[0]?.n ?? 0, items: i[0]?.n ?? 0, staffUsers: s[0]?.n ?? 0 };
}

/** Creates a department with its audit entry; null, changing nothing, when the name is taken. */
export async function createDepartment(db: Db, name: string, actorId: number | null, now: number): Promise<Department | null> {
  const [inserted] = await db.batch([
    db
      .insert(departments)
      .values({ name, createdAt: now })
      .onConflictDoNothing({ target: departments.name })
      .returning({ id: departments.id, name: departments.name }),
    auditInsertIf(
      db,
      { at: now, actorId, action: 'department.create', targetType: 'department', targetId: null, after: { name } },
      departments,
      // The insert just before made a row (changes(): it did nothing when the name was taken). Its
      // createdAt is no proof: a department made by someone else in the same millisecond has it too.
      sql`changes() = 1 and ${departments.name} = ${name}`,
      departments.id,
    ),
  ]);
  return inserted[0] ?? null;
}

export async function departmentByName(db: Db, name: string) {
  return (await db.select({ id: departments.id }).from(departments).where(eq(departments.name, name)).get()) ?? null;
}

export type RenameOutcome =
  | { is: 'renamed' | 'unchanged'; department: Department }
  | { is: 'taken' | 'changed' };

/**
 * Renames `was` (as the caller read it) to `name`. Refused, changing nothing,
 * when another department has the name ('taken') or the department was renamed
 * or removed meanwhile ('changed'); the unique index is never reached, so a
 * clash is an answer rather than an error.
 */
export async function renameDepartment(db: Db, was: Department, name: string, actorId: number, now: number): Promise<RenameOutcome> {
  if (was.name === name) return { is: 'unchanged', department: was };
  const free = sql`not exists (select 1 from departments as other where other.name = ${name})`;
  const guard = and(eq(departments.id, was.id), eq(departments.name, was.name), free)!;
  const [, updated] = await db.batch([
    auditInsertIf(
      db,
      { at: now, actorId, action: 'department.rename', targetType: 'department', targetId: was.id, before: { name: was.name }, after: { name } },
      departments,
      guard,
    ),
    db.update(departments).set({ name }).where(guard).returning({ id: departments.id, name: departments.name }),
  ]);
  if (updated[0]) return { is: 'renamed', department: updated[0] };
  if (await departmentByName(db, name)) return { is: 'taken' };
  return { is: 'changed' };
}

/**
 * Merges department `from` into `into`: every feedback, item and member of
 * staff of `from` moves to `into`, then `from` is deleted, in one batch (one
 * transaction: all of it or none). The audit entry counts what moved, counted
 * in the same transaction. Returns those counts, or null, changing nothing,
 * when either department is gone.
 *
 * A feedback's updated_at is left alone: it is the version clerks' edits are
 * checked against and the start of the retention period of declined, duplicate
 * and spam feedback (feedback/retention.ts), and a merge is neither an edit by
 * a clerk nor a reason to keep contact details longer.
 */
export async function mergeDepartment(db: Db, from: Department, into: Department, actorId: number, now: number): Promise<DepartmentCounts | null> {
  if (from.id === into.id) return null;
  const both = sql`exists (select 1 from departments where id = ${from.id}) and exists (select 1 from departments where id = ${into.id})`;
  const countOf = (table: string) => sql`(select count(*) from ${sql.raw(table)} where department_id = ${from.id})`;
  const moved = sql`json_object('feedback', ${countOf('feedback')}, 'items', ${countOf('items')}, 'staffUsers', ${countOf('staff_users')})`;
  const [entry] = await db.batch([
    // First, so that it counts what the updates below are about to move.
    db
      .insert(auditLog)
      .select(
        db
          .select({
            id: sql<number>`null`.as('id'),
            at: sql<number>`${now}`.as('at'),
            actorId: sql<number>`${actorId}`.as('actor_id'),
            action: sql<string>`'department.merge'`.as('action'),
            targetType: sql<string>`'department'`.as('target_type'),
            targetId: sql<string>`${String(from.id)}`.as('target_id'),
            before: sql<string>`json_object('name', ${departments.name})`.as('before'),
            after: sql<string>`json_object('into', ${into.id}, 'intoName', (select name from departments where id = ${into.id}), 'moved', json(${moved}))`.as('after'),
          })
          .from(departments)
          .where(and(eq(departments.id, from.id), both)),
      )
      .returning({ after: auditLog.after }),
    db.update(feedback).set({ departmentId: into.id }).where(and(eq(feedback.departmentId, from.id), both)),
    db.update(items).set({ departmentId: into.id }).where(and(eq(items.departmentId, from.id), both)),
    db.update(staffUsers).set({ departmentId: into.id }).where(and(eq(staffUsers.departmentId, from.id), both)),
    db.delete(departments).where(and(eq(departments.id, from.id), sql`exists (select 1 from departments where id = ${into.id})`)),
  ]);
  const after = entry[0]?.after;
  return after ? (JSON.parse(after) as { moved: DepartmentCounts }).moved : null;
}

/**
 * Adds the departments of `names` that do not exist yet (for the sample seed),
 * each with its audit entry, and returns how many it added: none on a second run.
 */
export async function ensureDepartments(db: Db, names: readonly string[], now: number): Promise<number> {
  let added = 0;
  for (const name of names) if (await createDepartment(db, name, null, now)) added++;
  return added;
}
