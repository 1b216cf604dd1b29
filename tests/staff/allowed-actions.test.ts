/**
 * What the console offers each member of staff on one feedback, as a table written
 * out by hand: role and scope × status × extension used × contact details on file.
 * The expected actions are spelled out rather than derived from the workflow's own
 * tables, so that a change to roles.ts or workflow.ts shows up here as a changed row.
 *
 * Only a handler of the feedback's own department may hand it back (return) or sign
 * for it by opening it (seen): a clerk without a department, or an admin, decides
 * where it goes instead.
 *
 * The feedback belongs to department 1 unless a row says it has none. "every department"
 * is a user without a department; "its department" a user of department 1; "another
 * department" a user of department 2 (an admin on record there is still never confined).
 */
import { describe, expect, it } from 'vitest';
import { FEEDBACK_STATUSES } from '../../worker/db/schema';
import { allowedActions, type AllowedActions } from '../../worker/staff/actions';
import type { StaffRole, StaffUser } from '../../worker/staff/roles';
import type { FeedbackStatus } from '../../worker/staff/workflow';

const FEEDBACK_DEPARTMENT = 1;
const OTHER_DEPARTMENT = 2;

type Scope = 'every department' | 'its department' | 'another department';
/** Without a follow-up or review request pending, so never 已处理 (answerAttention: its own test below). */
type Expected = Omit<AllowedActions, 'answerAttention'>;
type Row = [role: StaffRole, scope: Scope, status: FeedbackStatus, extensionDays: number, hasContact: boolean, expected: Expected];

const NOTHING: Expected = { transitions: [], note: false, extend: false, assign: false, reveal: false, return: false, seen: false };

function user(role: StaffRole, scope: Scope): StaffUser {
  const departmentId = { 'every department': null, 'its department': FEEDBACK_DEPARTMENT, 'another department': OTHER_DEPARTMENT }[scope];
  return { id: 1, email: `${role}@example.gov.cn`, displayName: role, role, departmentId, mustChangePassword: false };
}

const ROWS: Row[] = [
  // An admin: every forward step and every reopening, assignment while open, contact details.
  ['admin', 'every department', 'new', 0, true, { transitions: ['accepted', 'declined', 'duplicate', 'spam'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'accepted', 0, true, { transitions: ['in_progress'], note: true, extend: true, assign: true, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'accepted', 15, true, { transitions: ['in_progress'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'in_progress', 0, true, { transitions: ['replied'], note: true, extend: true, assign: true, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'in_progress', 15, true, { transitions: ['replied'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'replied', 0, true, { transitions: ['closed', 'accepted'], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'replied', 15, true, { transitions: ['closed', 'accepted'], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'closed', 0, true, { transitions: ['accepted'], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'declined', 0, true, { transitions: ['new'], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'duplicate', 0, true, { transitions: ['new'], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'spam', 0, true, { transitions: ['new'], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['admin', 'every department', 'in_progress', 0, false, { transitions: ['replied'], note: true, extend: true, assign: true, reveal: false, return: false, seen: false }],
  ['admin', 'another department', 'new', 0, true, { transitions: ['accepted', 'declined', 'duplicate', 'spam'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
  ['admin', 'another department', 'in_progress', 0, true, { transitions: ['replied'], note: true, extend: true, assign: true, reveal: true, return: false, seen: false }],
  ['admin', 'another department', 'closed', 0, true, { transitions: ['accepted'], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  // An admin on record in the feedback's department is still no handler of it: assigns it elsewhere rather than handing it back.
  ['admin', 'its department', 'in_progress', 0, true, { transitions: ['replied'], note: true, extend: true, assign: true, reveal: true, return: false, seen: false }],

  // A handler without a department: forward steps only, assignment while open, contact details.
  ['handler', 'every department', 'new', 0, true, { transitions: ['accepted', 'declined', 'duplicate', 'spam'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'accepted', 0, true, { transitions: ['in_progress'], note: true, extend: true, assign: true, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'accepted', 15, true, { transitions: ['in_progress'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'in_progress', 0, true, { transitions: ['replied'], note: true, extend: true, assign: true, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'in_progress', 15, true, { transitions: ['replied'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'replied', 0, true, { transitions: ['closed'], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'closed', 0, true, { transitions: [], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'declined', 0, true, { transitions: [], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'duplicate', 0, true, { transitions: [], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'spam', 0, true, { transitions: [], note: true, extend: false, assign: false, reveal: true, return: false, seen: false }],
  ['handler', 'every department', 'new', 0, false, { transitions: ['accepted', 'declined', 'duplicate', 'spam'], note: true, extend: false, assign: true, reveal: false, return: false, seen: false }],

  // A handler of the feedback's department: as above, but never moves feedback between departments; hands
  // back (退回) what is still open, and signs for it (签收) by opening it.
  ['handler', 'its department', 'new', 0, true, { transitions: ['accepted', 'declined', 'duplicate', 'spam'], note: true, extend: false, assign: false, reveal: true, return: true, seen: true }],
  ['handler', 'its department', 'accepted', 0, true, { transitions: ['in_progress'], note: true, extend: true, assign: false, reveal: true, return: true, seen: true }],
  ['handler', 'its department', 'accepted', 15, true, { transitions: ['in_progress'], note: true, extend: false, assign: false, reveal: true, return: true, seen: true }],
  ['handler', 'its department', 'in_progress', 0, true, { transitions: ['replied'], note: true, extend: true, assign: false, reveal: true, return: true, seen: true }],
  ['handler', 'its department', 'in_progress', 15, true, { transitions: ['replied'], note: true, extend: false, assign: false, reveal: true, return: true, seen: true }],
  ['handler', 'its department', 'replied', 0, true, { transitions: ['closed'], note: true, extend: false, assign: false, reveal: true, return: false, seen: true }],
  ['handler', 'its department', 'closed', 0, true, { transitions: [], note: true, extend: false, assign: false, reveal: true, return: false, seen: true }],
  ['handler', 'its department', 'declined', 0, true, { transitions: [], note: true, extend: false, assign: false, reveal: true, return: false, seen: true }],
  ['handler', 'its department', 'duplicate', 0, true, { transitions: [], note: true, extend: false, assign: false, reveal: true, return: false, seen: true }],
  ['handler', 'its department', 'spam', 0, true, { transitions: [], note: true, extend: false, assign: false, reveal: true, return: false, seen: true }],
  ['handler', 'its department', 'in_progress', 0, false, { transitions: ['replied'], note: true, extend: true, assign: false, reveal: false, return: true, seen: true }],

  // A handler of another department: nothing at all, contact details least of all.
  ['handler', 'another department', 'new', 0, true, NOTHING],
  ['handler', 'another department', 'accepted', 0, true, NOTHING],
  ['handler', 'another department', 'in_progress', 0, true, NOTHING],
  ['handler', 'another department', 'replied', 0, true, NOTHING],
  ['handler', 'another department', 'closed', 0, true, NOTHING],
  ['handler', 'another department', 'declined', 0, true, NOTHING],
  ['handler', 'another department', 'duplicate', 0, true, NOTHING],
  ['handler', 'another department', 'spam', 0, true, NOTHING],

  // A viewer reads and never writes, whatever their scope, and never sees contact details unmasked.
  ['viewer', 'every department', 'new', 0, true, NOTHING],
  ['viewer', 'every department', 'accepted', 0, true, NOTHING],
  ['viewer', 'every department', 'in_progress', 0, true, NOTHING],
  ['viewer', 'every department', 'replied', 0, true, NOTHING],
  ['viewer', 'every department', 'closed', 0, true, NOTHING],
  ['viewer', 'every department', 'declined', 0, true, NOTHING],
  ['viewer', 'every department', 'duplicate', 0, true, NOTHING],
  ['viewer', 'every department', 'spam', 0, true, NOTHING],
  ['viewer', 'its department', 'new', 0, true, NOTHING],
  ['viewer', 'its department', 'in_progress', 0, true, NOTHING],
  ['viewer', 'its department', 'replied', 0, true, NOTHING],
];

describe('allowedActions', () => {
  it.each(ROWS)('%s of %s, %s feedback, extended %i days, contact on file %s', (role, scope, status, extensionDays, hasContact, expected) => {
    const actions = allowedActions(user(role, scope), { status, departmentId: FEEDBACK_DEPARTMENT, extensionDays }, hasContact);
    expect(actions).toEqual({ ...expected, answerAttention: false });
  });

  it('offers 已处理 of a follow-up or review request exactly to whoever may handle the feedback, while one is pending', () => {
    const pending = (role: StaffRole, scope: Scope, attention: 'follow_up' | 'review' | null) =>
      allowedActions(user(role, scope), { status: 'replied', departmentId: FEEDBACK_DEPARTMENT, extensionDays: 0, attention }, false).answerAttention;
    expect(pending('admin', 'every department', 'review')).toBe(true);
    expect(pending('handler', 'its department', 'follow_up')).toBe(true);
    expect(pending('handler', 'every department', null)).toBe(false);
    expect(pending('handler', 'another department', 'review')).toBe(false);
    expect(pending('viewer', 'every department', 'review')).toBe(false);
  });

  it('covers every status for every role and scope in the table', () => {
    const combos = (role: StaffRole, scope: Scope) => new Set(ROWS.filter((r) => r[0] === role && r[1] === scope).map((r) => r[2]));
    for (const [role, scope] of [['admin', 'every department'], ['handler', 'every department'], ['handler', 'its department'], ['handler', 'another department'], ['viewer', 'every department']] as const) {
      expect([...combos(role, scope)].sort(), `${role} of ${scope}`).toEqual([...FEEDBACK_STATUSES].sort());
    }
  });
});

describe('allowedActions on feedback not yet given to a department', () => {
  it.each<[StaffRole, 'no department' | 'a department', FeedbackStatus, Expected]>([
    ['admin', 'no department', 'new', { transitions: ['accepted', 'declined', 'duplicate', 'spam'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
    ['admin', 'a department', 'new', { transitions: ['accepted', 'declined', 'duplicate', 'spam'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
    ['handler', 'no department', 'new', { transitions: ['accepted', 'declined', 'duplicate', 'spam'], note: true, extend: false, assign: true, reveal: true, return: false, seen: false }],
    ['handler', 'no department', 'accepted', { transitions: ['in_progress'], note: true, extend: true, assign: true, reveal: true, return: false, seen: false }],
    // Only feedback assigned to their department is in a department handler's scope.
    ['handler', 'a department', 'new', NOTHING],
    ['handler', 'a department', 'accepted', NOTHING],
    ['viewer', 'no department', 'new', NOTHING],
  ])('%s with %s, %s feedback', (role, department, status, expected) => {
    const u = user(role, department === 'no department' ? 'every department' : 'its department');
    expect(allowedActions(u, { status, departmentId: null, extensionDays: 0 }, true)).toEqual({ ...expected, answerAttention: false });
  });
});
