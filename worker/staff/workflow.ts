/**
 * The feedback workflow, enforced on the server. Plain functions: given the
 * feedback as stored and what a member of staff asks for, they return the changes
 * to make and the timeline event to record, or why it cannot be done. Nothing here
 * knows about HTTP or the database.
 *
 *   new ─→ accepted ─→ in_progress ─→ replied ─→ closed
 *    ├──→ declined   (reason)
 *    ├──→ duplicate  (of another reference)
 *    └──→ spam
 *
 * Reopening is for admins: declined, duplicate and spam go back to new (the triage
 * decision is undone and made again); replied and closed go back to accepted (the
 * acceptance and its deadline stand, the reply is withdrawn; it stays in the timeline).
 *
 * Beside the statuses, a department's handler may hand open feedback back to the
 * clerks as not theirs (退回, planReturn): the department is cleared, work in
 * progress goes back to accepted, and the feedback stays marked as returned until
 * it is given to a department again (assignmentChanges), which also makes it
 * newly assigned work, not yet opened by its department (签收, departmentSeenAt).
 */
import type { FEEDBACK_STATUSES } from '../db/schema';
import { legalColumn } from '../calendar/calendar';
import { SHIPPED_CALENDAR } from '../calendar/shipped';
import { computeDeadlines, daysLeft, effectiveDay, type DeadlineConfig, type OverdueRule } from '../feedback/deadlines';
import { charCount, hasUnprintable, isBlank } from '../feedback/rules';
import type { StaffRole } from './roles';

export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export const FORWARD: Record<FeedbackStatus, readonly FeedbackStatus[]> = {
  new: ['accepted', 'declined', 'duplicate', 'spam'],
  accepted: ['in_progress'],
  in_progress: ['replied'],
  replied: ['closed'],
  closed: [],
  declined: [],
  duplicate: [],
  spam: [],
};

export const REOPEN_TO: Partial<Record<FeedbackStatus, FeedbackStatus>> = {
  declined: 'new',
  duplicate: 'new',
  spam: 'new',
  replied: 'accepted',
  closed: 'accepted',
};

/** Feedback still waiting for a decision or a reply: the only feedback that can be overdue. */
export const OPEN_STATUSES = ['new', 'accepted', 'in_progress'] as const satisfies readonly FeedbackStatus[];
/** Whether feedback of this status is open (OPEN_STATUSES); the rest is finished. */
export function isOpenStatus(status: FeedbackStatus): boolean {
  return (OPEN_STATUSES as readonly FeedbackStatus[]).includes(status);
}
/** 第三十四条: the handling period, and so its extension, runs from acceptance until the reply. */
export const EXTENDABLE_STATUSES = ['accepted', 'in_progress'] as const satisfies readonly FeedbackStatus[];
export const ASSIGNABLE_STATUSES = ['new', 'accepted', 'in_progress'] as const satisfies readonly FeedbackStatus[];
/** Feedback a department may hand back (退回): what may still be given to another department. */
export const RETURNABLE_STATUSES = ASSIGNABLE_STATUSES;

export const REASON_MAX = 500;
export const REPLY_MAX = 5000;
export const NOTE_MAX = 2000;

export interface FeedbackState {
  id: number;
  status: FeedbackStatus;
  receivedAt: number;
  acceptedAt: number | null;
  acknowledgeBy: string;
  replyBy: string;
  extensionDays: number;
  departmentId: number | null;
  /** When its department last handed it back (退回); absent where it does not matter. */
  returnedAt?: number | null;
  /** When its department first opened it (签收); absent where it does not matter. */
  departmentSeenAt?: number | null;
}

export interface TransitionRequest {
  to: FeedbackStatus;
  reason?: string | null;
  /** The feedback this one repeats, already looked up by its reference. */
  duplicateOf?: { id: number; ref: string } | null;
  /** A department known to exist, with its name for the public timeline. */
  department?: { id: number; name: string } | null;
  reply?: string | null;
}

export type WorkflowRule =
  | 'reason.required' | 'reason.tooLong' | 'reason.invalidChars'
  | 'duplicateOf.required' | 'duplicateOf.self'
  | 'departmentId.required'
  | 'reply.required' | 'reply.tooLong' | 'reply.invalidChars'
  | 'days.outOfRange'
  | 'text.required' | 'text.tooLong' | 'text.invalidChars';

export interface FeedbackChanges {
  status?: FeedbackStatus;
  acceptedAt?: number | null;
  replyBy?: string;
  /** Set with replyBy: its legal last day, null when the same (or when the calendar cannot say). */
  replyByLegal?: string | null;
  departmentId?: number | null;
  duplicateOfId?: number | null;
  reply?: string | null;
  repliedAt?: number | null;
  closedAt?: number | null;
  extensionDays?: number;
  extensionReason?: string | null;
  returnedAt?: number | null;
  returnReason?: string | null;
  departmentSeenAt?: number | null;
  /** Cleared when staff answer a follow-up or review request (staff/attention.ts). */
  attention?: null;
  attentionAt?: null;
  attentionBy?: null;
}

export interface TimelineEvent {
  type: string;
  public: boolean;
  fromStatus: FeedbackStatus | null;
  toStatus: FeedbackStatus | null;
  text: string | null;
}

export type Refusal =
  | { kind: 'illegal'; from: FeedbackStatus; to: FeedbackStatus }
  | { kind: 'adminOnly' }
  | { kind: 'notExtendable' }
  | { kind: 'alreadyExtended' }
  | { kind: 'notReturnable' }
  | { kind: 'invalid'; fields: Record<string, WorkflowRule> };

export type Plan = { ok: true; changes: FeedbackChanges; event: TimelineEvent } | { ok: false; refusal: Refusal };

/** A reason, reply or note: given (more than whitespace and invisible characters), keepable as written (rules.ts), within its length. */
function textRule(value: string | null | undefined, field: string, max: number, fields: Record<string, WorkflowRule>) {
  if (isBlank(value)) fields[field] = `${field}.required` as WorkflowRule;
  else if (hasUnprintable(value!)) fields[field] = `${field}.invalidChars` as WorkflowRule;
  else if (charCount(value!.trim()) > max) fields[field] = `${field}.tooLong` as WorkflowRule;
}

/** Whether `to` is a reopening of feedback in status `from`. */
export function isReopen(from: FeedbackStatus, to: FeedbackStatus): boolean {
  return REOPEN_TO[from] === to;
}

/** The statuses this role may move the feedback to from where it is. */
export function nextStatuses(from: FeedbackStatus, role: StaffRole): FeedbackStatus[] {
  if (role === 'viewer') return [];
  const reopen = REOPEN_TO[from];
  return role === 'admin' && reopen ? [...FORWARD[from], reopen] : [...FORWARD[from]];
}

export function planTransition(f: FeedbackState, req: TransitionRequest, role: StaffRole, now: number, config: DeadlineConfig): Plan {
  const reopen = isReopen(f.status, req.to);
  if (!reopen && !FORWARD[f.status].includes(req.to)) return { ok: false, refusal: { kind: 'illegal', from: f.status, to: req.to } };
  if (reopen && role !== 'admin') return { ok: false, refusal: { kind: 'adminOnly' } };

  const fields: Record<string, WorkflowRule> = {};
  const changes: FeedbackChanges = { status: req.to };
  let text: string | null = null;
  if (reopen) {
    textRule(req.reason, 'reason', REASON_MAX, fields);
    text = req.reason?.trim() ?? null;
    if (req.to === 'new') changes.duplicateOfId = null;
    else Object.assign(changes, { reply: null, repliedAt: null, closedAt: null });
  } else if (req.to === 'accepted') {
    changes.acceptedAt = now;
    changes.replyBy = computeDeadlines({ receivedAt: f.receivedAt, acceptedAt: now, extensionDays: f.extensionDays }, config).replyBy;
    changes.replyByLegal = legalColumn(changes.replyBy, config.calendar ?? SHIPPED_CALENDAR);
  } else if (req.to === 'declined') {
    textRule(req.reason, 'reason', REASON_MAX, fields);
    text = req.reason?.trim() ?? null;
  } else if (req.to === 'duplicate') {
    if (!req.duplicateOf) fields.duplicateOf = 'duplicateOf.required';
    else if (req.duplicateOf.id === f.id) fields.duplicateOf = 'duplicateOf.self';
    else {
      changes.duplicateOfId = req.duplicateOf.id;
      text = req.duplicateOf.ref;
    }
  } else if (req.to === 'in_progress') {
    if (!req.department) fields.departmentId = 'departmentId.required';
    else {
      Object.assign(changes, assignmentChanges(f, req.department.id));
      text = req.department.name;
    }
  } else if (req.to === 'replied') {
    textRule(req.reply, 'reply', REPLY_MAX, fields);
    changes.reply = req.reply?.trim() ?? null;
    changes.repliedAt = now;
    text = changes.reply;
  } else if (req.to === 'closed') {
    changes.closedAt = now;
  }
  if (Object.keys(fields).length > 0) return { ok: false, refusal: { kind: 'invalid', fields } };
  return { ok: true, changes, event: { type: reopen ? 'reopened' : req.to, public: true, fromStatus: f.status, toStatus: req.to, text } };
}

/**
 * What giving feedback to `departmentId` changes: the department and, once it is
 * given to one, no longer returned; to another department than before, newly
 * assigned work again, not yet opened by that department (签收). Only what
 * actually changes is listed, so that the audit entry says no more than happened.
 */
export function assignmentChanges(f: FeedbackState, departmentId: number | null): FeedbackChanges {
  const changes: FeedbackChanges = { departmentId };
  if (departmentId !== null && (f.returnedAt ?? null) !== null) Object.assign(changes, { returnedAt: null, returnReason: null });
  if (departmentId !== f.departmentId && (f.departmentSeenAt ?? null) !== null) changes.departmentSeenAt = null;
  return changes;
}

/**
 * 退回: the department hands open feedback back to the clerks as not theirs, with
 * the reason, for the clerks only (an internal event). The department is cleared;
 * work in progress goes back to accepted, the acceptance and its deadline standing.
 * Who may is the route's question (only a handler of that department).
 */
export function planReturn(f: FeedbackState, reason: string | null | undefined, now: number): Plan {
  if (f.departmentId === null || !(RETURNABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status)) return { ok: false, refusal: { kind: 'notReturnable' } };
  const fields: Record<string, WorkflowRule> = {};
  textRule(reason, 'reason', REASON_MAX, fields);
  if (Object.keys(fields).length > 0) return { ok: false, refusal: { kind: 'invalid', fields } };
  const text = reason!.trim();
  const back = f.status === 'in_progress';
  const changes: FeedbackChanges = { departmentId: null, returnedAt: now, returnReason: text };
  if (back) changes.status = 'accepted';
  if ((f.departmentSeenAt ?? null) !== null) changes.departmentSeenAt = null;
  return {
    ok: true,
    changes,
    event: { type: 'returned', public: false, fromStatus: back ? f.status : null, toStatus: back ? 'accepted' : null, text },
  };
}

/** 第三十四条: one extension of 1 to `maxExtensionDays` days, with a reason told to the submitter. */
export function planExtension(f: FeedbackState, days: number, reason: string | null | undefined, config: DeadlineConfig): Plan {
  if (!(EXTENDABLE_STATUSES as readonly FeedbackStatus[]).includes(f.status)) return { ok: false, refusal: { kind: 'notExtendable' } };
  if (f.extensionDays > 0) return { ok: false, refusal: { kind: 'alreadyExtended' } };
  const fields: Record<string, WorkflowRule> = {};
  if (!Number.isInteger(days) || days < 1 || days > config.maxExtensionDays) fields.days = 'days.outOfRange';
  textRule(reason, 'reason', REASON_MAX, fields);
  if (Object.keys(fields).length > 0) return { ok: false, refusal: { kind: 'invalid', fields } };
  const replyBy = computeDeadlines({ receivedAt: f.receivedAt, acceptedAt: f.acceptedAt, extensionDays: days }, config).replyBy;
  return {
    ok: true,
    changes: { extensionDays: days, extensionReason: reason!.trim(), replyBy, replyByLegal: legalColumn(replyBy, config.calendar ?? SHIPPED_CALENDAR) },
    event: { type: 'extended', public: true, fromStatus: null, toStatus: null, text: reason!.trim() },
  };
}

/** An internal note: on the timeline for staff, never shown to the submitter. */
export function planNote(text: string | null | undefined): Plan {
  const fields: Record<string, WorkflowRule> = {};
  textRule(text, 'text', NOTE_MAX, fields);
  if (Object.keys(fields).length > 0) return { ok: false, refusal: { kind: 'invalid', fields } };
  return { ok: true, changes: {}, event: { type: 'note', public: false, fromStatus: null, toStatus: null, text: text!.trim() } };
}

export interface Overdue {
  acknowledge: boolean;
  reply: boolean;
}

/**
 * Acknowledgement is overdue while feedback is still new after its acknowledge-by
 * date (第二十三条); the reply is overdue while it is open after its reply-by date. Under the
 * 'legal' OVERDUE_RULE the legal last day counts where there is one.
 */
export function overdue(
  f: Pick<FeedbackState, 'status' | 'acknowledgeBy' | 'replyBy'> & { acknowledgeByLegal?: string | null; replyByLegal?: string | null },
  now: number,
  rule: OverdueRule = 'calendar',
): Overdue {
  const open = isOpenStatus(f.status);
  return {
    acknowledge: f.status === 'new' && daysLeft(effectiveDay(f.acknowledgeBy, f.acknowledgeByLegal, rule), now) < 0,
    reply: open && daysLeft(effectiveDay(f.replyBy, f.replyByLegal, rule), now) < 0,
  };
}
