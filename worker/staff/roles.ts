/**
 * Who may do what. Three roles:
 *
 * - admin: everything, including reopening, users, departments (create, rename,
 *   merge), reply templates, notification targets, the holiday calendar and the audit log;
 * - handler: triages and handles feedback. A handler with a department is scoped to
 *   it: they see and act only on feedback assigned to that department, and comment
 *   only on items of that department. A handler without one sees everything;
 * - viewer: reads everything in scope (a viewer may be scoped like a handler), never
 *   writes, never sees contact details unmasked.
 *
 * Plain functions of the user, so that routes and tests ask the same questions.
 */
import type { STAFF_ROLES } from '../db/schema';

export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  id: number;
  email: string;
  displayName: string;
  role: StaffRole;
  departmentId: number | null;
  mustChangePassword: boolean;
}

/** Every permission, in the order the console lists them. */
export const PERMISSIONS = [
  'feedback.read', 'feedback.handle', 'feedback.reveal', 'feedback.assign', 'feedback.reopen', 'feedback.enter',
  'item.comment', 'item.assign', 'department.create', 'department.manage', 'notice.manage', 'template.manage', 'notify.manage', 'calendar.manage', 'user.manage', 'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<StaffRole, ReadonlySet<Permission>> = {
  admin: new Set<Permission>(PERMISSIONS),
  handler: new Set<Permission>(['feedback.read', 'feedback.handle', 'feedback.reveal', 'feedback.assign', 'feedback.enter', 'item.comment']),
  viewer: new Set<Permission>(['feedback.read']),
};

/** The department a user is confined to, or null when they see every department. Admins are never confined. */
export function scopeOf(user: Pick<StaffUser, 'role' | 'departmentId'>): number | null {
  return user.role === 'admin' ? null : user.departmentId;
}

export function can(user: Pick<StaffUser, 'role' | 'departmentId'>, permission: Permission): boolean {
  if (!GRANTS[user.role].has(permission)) return false;
  // Moving feedback between departments is a decision above any one department.
  if (permission === 'feedback.assign' && scopeOf(user) !== null) return false;
  return true;
}

/** Whether a feedback assigned to `departmentId` is within the user's scope. */
export function inScope(user: Pick<StaffUser, 'role' | 'departmentId'>, departmentId: number | null): boolean {
  const scope = scopeOf(user);
  return scope === null || scope === departmentId;
}
