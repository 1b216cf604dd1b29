/**
 * Staff accounts on the server: whether a department exists, and the demo admin
 * that a local start creates. The rules for a new account are in account-rules.ts.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { departments } from '../db/schema';
import { createStaffUser, findUserByEmail } from '../db/staff-users';

export const DEMO_ADMIN_EMAIL = 'admin@example.gov.cn';

export async function departmentExists(db: Db, id: number): Promise<boolean> {
  return (await db.select({ id: departments.id }).from(departments).where(eq(departments.id, id)).get()) !== undefined;
}

/**
 * For `npm start`: creates the demo admin if there is none and returns its
 * one-time password (to be changed at first sign-in); null when it exists.
 */
export async function ensureDemoAdmin(db: Db, email = DEMO_ADMIN_EMAIL): Promise<string | null> {
  if (await findUserByEmail(db, email)) return null;
  const created = await createStaffUser(db, { email, displayName: '演示管理员', role: 'admin', departmentId: null }, null, Date.now());
  return created?.password ?? null;
}
