/**
 * What a member of staff may do to one feedback now: the union of their role
 * (roles.ts), their scope and the workflow (workflow.ts). The console shows these
 * as buttons; the routes enforce the same questions one by one.
 */
import { can, inScope, type StaffUser } from './roles';
import { ASSIGNABLE_STATUSES, EXTENDABLE_STATUSES, nextStatuses, type FeedbackState, type FeedbackStatus } from './workflow';

export interface AllowedActions {
  transitions: FeedbackStatus[];
  note: boolean;
  extend: boolean;
  assign: boolean;
  reveal: boolean;
}

export function allowedActions(user: StaffUser, f: Pick<FeedbackState, 'status' | 'departmentId' | 'extensionDays'>, hasContact: boolean): AllowedActions {
  const handle = can(user, 'feedback.handle') && inScope(user, f.departmentId);
  return {
    transitions: handle ? nextStatuses(f.status, user.role) : [],
    note: handle,
    extend: handle && (EXTENDABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status) && f.extensionDays === 0,
    assign: can(user, 'feedback.assign') && (ASSIGNABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status),
    reveal: hasContact && can(user, 'feedback.reveal') && inScope(user, f.departmentId),
  };
}
