/**
 * Clearing a flood in one step: everything one client (a source, 来源标识) sent
 * within the hour around a feedback, marked as spam at once. Staff name the
 * source by its fingerprint's first characters, as the console shows it, or by
 * the whole fingerprint (lib/source.ts); the address behind it is never stored,
 * so never shown.
 *
 * Only feedback the workflow lets go to spam is marked (today: new feedback,
 * reopened feedback included), with the same timeline event as one marked by
 * hand; feedback already triaged or handled is left as it is, and counted.
 * Plain values and functions: the route finds the rows, db/source-spam.ts
 * writes them.
 */
import { FEEDBACK_STATUSES } from '../db/schema';
import type { DeadlineConfig } from '../feedback/deadlines';
import type { SourceWindow } from '../lib/source';
import type { StaffRole } from './roles';
import { planTransition, type FeedbackChanges, type FeedbackStatus, type TimelineEvent } from './workflow';

/** Feedback marked in one step at most; more (only with the submission limits relaxed) takes another step. */
export const SOURCE_SPAM_MAX = 1000;

/** One source's feedback in the hour around an instant, as GET /api/staff/sources/:source answers. */
export interface SourceFigures extends SourceWindow {
  source: string;
  total: number;
  /** How many of them this user may mark as spam now. */
  markable: number;
  /** When this was read: POST …/spam leaves alone what changed after it. */
  readAt: number;
}

/** What POST /api/staff/sources/:source/spam marked, and how many of the selection it left as they were. */
export interface SourceSpamResult extends SourceWindow {
  source: string;
  marked: number;
  ids: number[];
  left: number;
}

export interface SpamStep {
  from: FeedbackStatus;
  changes: FeedbackChanges;
  event: TimelineEvent;
}

/**
 * How feedback in each status this role may mark as spam gets there: the
 * workflow's own plan of the transition, so that a bulk mark writes what a mark
 * by hand writes. Nothing for a role that may not.
 */
export function spamSteps(role: StaffRole, now: number, config: DeadlineConfig): SpamStep[] {
  const steps: SpamStep[] = [];
  for (const from of FEEDBACK_STATUSES) {
    const state = { id: 0, status: from, receivedAt: now, acceptedAt: null, acknowledgeBy: '', replyBy: '', extensionDays: 0, departmentId: null };
    const plan = role === 'viewer' ? null : planTransition(state, { to: 'spam' }, role, now, config);
    if (plan?.ok) steps.push({ from, changes: plan.changes, event: plan.event });
  }
  return steps;
}
