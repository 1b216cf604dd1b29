/**
 * Bulk triage: several feedback accepted, marked as spam (无效) or given to a
 * department in one step, each exactly as the single action on it would be.
 * Plain functions: for one feedback as stored, what the step changes, the
 * timeline event and the audit entry to record (the workflow's own plan:
 * planTransition for accept and spam, assignmentChanges for assign), or why it
 * cannot be done. The route reads the rows, asks here, and writes each change
 * with applyChange, so every feedback gets its own audit entry and event, and a
 * refusal of one leaves the others going.
 */
import type { DeadlineConfig } from '../feedback/deadlines';
import type { StaffRole } from './roles';
import {
  ASSIGNABLE_STATUSES, assignmentChanges, FORWARD, planTransition, type FeedbackChanges, type FeedbackState, type FeedbackStatus, type TimelineEvent,
} from './workflow';

/** Feedback in one step at most: a page of the inbox is 50, "select all" takes two pages. */
export const BULK_MAX = 100;

export const BULK_ACTIONS = ['accept', 'spam', 'assign'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** What each action needs the user to be allowed, as the single action's route asks. */
export const BULK_PERMISSION = { accept: 'feedback.handle', spam: 'feedback.handle', assign: 'feedback.assign' } as const;

/** The transition an action is, for accept and spam. */
const TO: Partial<Record<BulkAction, FeedbackStatus>> = { accept: 'accepted', spam: 'spam' };

export interface BulkRequest {
  action: BulkAction;
  /** For assign: a department known to exist. */
  department: { id: number; name: string } | null;
  role: StaffRole;
  now: number;
  config: DeadlineConfig;
}

export interface BulkChange {
  changes: FeedbackChanges;
  event: TimelineEvent;
  audit: { action: 'feedback.transition' | 'feedback.assign'; before: Record<string, unknown>; after: FeedbackChanges };
}

export type BulkRefusal = { kind: 'illegal'; from: FeedbackStatus; to: FeedbackStatus } | { kind: 'notAssignable' };

export type BulkPlan = { ok: true; change: BulkChange } | { ok: false; refusal: BulkRefusal };

/** The feedback as stored: its workflow state, and any other column a change may name. */
export type StoredFeedback = FeedbackState & Record<string, unknown>;

/** The feedback's values of what changes, and its status: the audit entry's "before", as the single action writes it. */
function before(f: StoredFeedback, changes: FeedbackChanges): Record<string, unknown> {
  return Object.fromEntries(['status', ...Object.keys(changes)].map((k) => [k, f[k] ?? null]));
}

export function planBulk(f: StoredFeedback, req: BulkRequest): BulkPlan {
  const to = TO[req.action];
  if (to) {
    // Only forward steps: a bulk step never reopens (an admin's "accept" of replied feedback would).
    if (!FORWARD[f.status].includes(to)) return { ok: false, refusal: { kind: 'illegal', from: f.status, to } };
    const plan = planTransition(f, { to }, req.role, req.now, req.config);
    // Accept and spam need no input: a forward step to them is never refused for what is missing.
    if (!plan.ok) return { ok: false, refusal: { kind: 'illegal', from: f.status, to } };
    return { ok: true, change: { changes: plan.changes, event: plan.event, audit: { action: 'feedback.transition', before: before(f, plan.changes), after: plan.changes } } };
  }
  if (!(ASSIGNABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status) || !req.department) return { ok: false, refusal: { kind: 'notAssignable' } };
  const changes = assignmentChanges(f, req.department.id);
  return {
    ok: true,
    change: {
      changes,
      event: { type: 'assigned', public: false, fromStatus: null, toStatus: null, text: req.department.name },
      audit: { action: 'feedback.assign', before: before(f, changes), after: changes },
    },
  };
}

/** One feedback's outcome, in the order asked. */
export type BulkResult = { id: number; ok: true } | { id: number; ok: false; error: { code: string; message: string } };

/** What POST /api/staff/feedback/bulk answers. */
export interface BulkAnswer {
  action: BulkAction;
  /** How many were changed. */
  done: number;
  results: BulkResult[];
}
