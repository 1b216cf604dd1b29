/**
 * What a member of staff may do to one feedback now: the union of their role
 * (roles.ts), their scope and the workflow (workflow.ts). The console shows these
 * as buttons; the routes enforce the same questions one by one.
 */
import { can, inScope, scopeOf, type StaffUser } from './roles';
import { ASSIGNABLE_STATUSES, EXTENDABLE_STATUSES, nextStatuses, RETURNABLE_STATUSES, type FeedbackState, type FeedbackStatus } from './workflow';

export interface AllowedActions {
  transitions: FeedbackStatus[];
  note: boolean;
  extend: boolean;
  assign: boolean;
  reveal: boolean;
  /** Hand it back to the clerks as not their department's (退回). */
  return: boolean;
  /** Opening it signs for it on behalf of its department (签收). */
  seen: boolean;
  /** 已处理 a follow-up or review request awaiting staff (attention.ts). */
  answerAttention: boolean;
}

/**
 * Whether the user handles feedback for the department it is assigned to: a
 * handler bound to that department. Only they sign for it and may hand it back;
 * a clerk (no department) or an admin decides where it goes instead.
 */
export function ofItsDepartment(user: Pick<StaffUser, 'role' | 'departmentId'>, f: Pick<FeedbackState, 'departmentId'>): boolean {
  const scope = scopeOf(user);
  return can(user, 'feedback.handle') && scope !== null && scope === f.departmentId;
}

export function allowedActions(
  user: StaffUser,
  f: Pick<FeedbackState, 'status' | 'departmentId' | 'extensionDays'> & { attention?: string | null },
  hasContact: boolean,
): AllowedActions {
  const handle = can(user, 'feedback.handle') && inScope(user, f.departmentId);
  const own = ofItsDepartment(user, f);
  return {
    transitions: handle ? nextStatuses(f.status, user.role) : [],
    note: handle,
    extend: handle && (EXTENDABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status) && f.extensionDays === 0,
    assign: can(user, 'feedback.assign') && (ASSIGNABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status),
    reveal: hasContact && can(user, 'feedback.reveal') && inScope(user, f.departmentId),
    return: own && (RETURNABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status),
    seen: own,
    answerAttention: handle && (f.attention ?? null) !== null,
  };
}
