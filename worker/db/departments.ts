/**
 * Departments (承办部门): the units feedback and items are assigned to.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { auditInsertIf } from './audit';
import type { Db } from './client';
import { departments } from './schema';

export async function listDepartments(db: Db): Promise<Array<{ id: number; name: string }>> {
  return db.select({ id: departments.id, name: departments.name }).from(departments).orderBy(asc(departments.id));
}

/** Creates a department with its audit entry; null, changing nothing, when the name is taken. */
export async function createDepartment(db: Db, name: string, actorId: number | null, now: number): Promise<{ id: number; name: string } | null> {
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
      sql`${departments.name} = ${name} and ${departments.createdAt} = ${now}`,
      departments.id,
    ),
  ]);
  return inserted[0] ?? null;
}

export async function departmentByName(db: Db, name: string) {
  return (await db.select({ id: departments.id }).from(departments).where(eq(departments.name, name)).get()) ?? null;
}
