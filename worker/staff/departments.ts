/**
 * Rules for a department's name, shared by creating and renaming (API and CLI)
 * and the console's hints. Plain data and functions only.
 */
import { charCount, hasUnprintableInLine, isBlank } from '../feedback/rules';

export const DEPARTMENT_NAME_MAX = 50;

export type DepartmentNameRule = 'required' | 'tooLong' | 'invalidChars';

/** The rule a department name (already trimmed) breaks, if any: it is one line, and shows something. */
export function departmentNameProblem(name: string): DepartmentNameRule | null {
  if (isBlank(name)) return 'required';
  if (hasUnprintableInLine(name)) return 'invalidChars';
  if (charCount(name) > DEPARTMENT_NAME_MAX) return 'tooLong';
  return null;
}
