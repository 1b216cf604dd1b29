/**
 * Rules for a new staff account, shared by the API, the `npm run staff` CLI and
 * the console's form. Plain data and functions only, so the console can import it.
 */
import { charCount, hasUnprintableInLine, isBlank, isValidEmail } from '../feedback/rules';
import type { StaffRole } from './roles';

export const DISPLAY_NAME_MAX = 50;

/** Every role, checked against the schema's list by the type: a new role there fails to compile here. */
const ROLES: Record<StaffRole, true> = { admin: true, handler: true, viewer: true };

export type AccountRule =
  | 'email.invalid' | 'displayName.tooLong' | 'displayName.invalidChars' | 'role.required'
  | 'departmentId.unknown' | 'departmentId.notForAdmin';

export interface AccountInput {
  email: string;
  displayName?: string | null;
  role: string;
  departmentId?: number | null;
}

export function isStaffRole(role: string): role is StaffRole {
  return Object.hasOwn(ROLES, role);
}

/** Every rule the input breaks, one per field; the department's existence is checked by the caller. */
export function accountFailures(a: AccountInput): Array<[field: string, rule: AccountRule]> {
  const out: Array<[string, AccountRule]> = [];
  if (!isValidEmail(a.email)) out.push(['email', 'email.invalid']);
  // A name that shows nothing is none (displayNameOf); one that does is one line.
  const name = isBlank(a.displayName) ? '' : a.displayName!.trim();
  if (hasUnprintableInLine(name)) out.push(['displayName', 'displayName.invalidChars']);
  else if (charCount(name) > DISPLAY_NAME_MAX) out.push(['displayName', 'displayName.tooLong']);
  if (!isStaffRole(a.role)) out.push(['role', 'role.required']);
  else if (a.role === 'admin' && a.departmentId != null) out.push(['departmentId', 'departmentId.notForAdmin']);
  return out;
}

/** The name shown in the console: as given, or the e-mail's local part. */
export function displayNameOf(a: Pick<AccountInput, 'email' | 'displayName'>): string {
  return isBlank(a.displayName) ? a.email.trim().toLowerCase().split('@')[0]! : a.displayName!.trim();
}
