/**
 * What the inbox, today counts, statistics and export select within: the user's department scope,
 * and the deployment's OVERDUE_RULE (which last day marks feedback overdue).
 */
import type { InboxScope } from '../../db/staff-inbox';
import type { Config } from '../../env';
import { overdueRule } from '../../feedback/deadlines';
import { scopeOf, type StaffUser } from '../../staff/roles';

export function inboxScope(user: StaffUser, vars: Config): InboxScope {
  return { departmentId: scopeOf(user), overdueRule: overdueRule(vars) };
}
