/**
 * Rules for a department's name, shared by creating and renaming (API and CLI)
 * and the console's hints. Plain data and functions only.
 */
import { charCount, hasUnprintable } from '../feedback/rules';

export const DEPARTMENT_NAME_MAX = 50;

export type DepartmentNameRule = 'required' | 'tooLong' | 'invalidChars';

/** The rule a department name (already trimmed) breaks, if any. */
export function departmentNameProblem(name: string): DepartmentNameRule | null {
  if (name === '') return 'required';
  if (hasUnprintable(name)) return 'invalidChars';
  if (charCount(name) > DEPARTMENT_NAME_MAX) return 'tooLong';
  return null;
}
