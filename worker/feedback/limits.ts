/**
 * How much one client may do on the public side, from configuration (wrangler
 * vars), so that a load run can relax the limits without a code change.
 */
import { DAY_MS, HOUR_MS, type LimitRule } from '../lib/limiter';

export interface PublicLimits {
  /** Submissions accepted from one client per hour, and per day. */
  submissionsPerHour: number;
  submissionsPerDay: number;
  /** Failed look-ups of one reference from one client per hour. */
  trackAttemptsPerHour: number;
  /** Failed look-ups from one client per hour, whatever the reference. */
  lookupFailuresPerHour: number;
  /**
   * Submissions from one client per hour, and per day, through the form without scripts
   * (no proof of work): fewer, since nothing makes each one cost the sender anything.
   */
  noScriptSubmissionsPerHour: number;
  noScriptSubmissionsPerDay: number;
}

export const DEFAULT_LIMITS: PublicLimits = {
  submissionsPerHour: 5,
  submissionsPerDay: 20,
  trackAttemptsPerHour: 10,
  lookupFailuresPerHour: 30,
  noScriptSubmissionsPerHour: 2,
  noScriptSubmissionsPerDay: 5,
};

type LimitVars = Partial<
  Record<
    | 'SUBMISSIONS_PER_HOUR' | 'SUBMISSIONS_PER_DAY' | 'TRACK_ATTEMPTS_PER_HOUR' | 'LOOKUP_FAILURES_PER_HOUR'
    | 'NO_SCRIPT_SUBMISSIONS_PER_HOUR' | 'NO_SCRIPT_SUBMISSIONS_PER_DAY',
    string
  >
>;

/** A positive whole number from configuration, or the default when it is missing or not one. */
function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? n : fallback;
}

export function publicLimits(env: LimitVars): PublicLimits {
  return {
    submissionsPerHour: positive(env.SUBMISSIONS_PER_HOUR, DEFAULT_LIMITS.submissionsPerHour),
    submissionsPerDay: positive(env.SUBMISSIONS_PER_DAY, DEFAULT_LIMITS.submissionsPerDay),
    trackAttemptsPerHour: positive(env.TRACK_ATTEMPTS_PER_HOUR, DEFAULT_LIMITS.trackAttemptsPerHour),
    lookupFailuresPerHour: positive(env.LOOKUP_FAILURES_PER_HOUR, DEFAULT_LIMITS.lookupFailuresPerHour),
    noScriptSubmissionsPerHour: positive(env.NO_SCRIPT_SUBMISSIONS_PER_HOUR, DEFAULT_LIMITS.noScriptSubmissionsPerHour),
    noScriptSubmissionsPerDay: positive(env.NO_SCRIPT_SUBMISSIONS_PER_DAY, DEFAULT_LIMITS.noScriptSubmissionsPerDay),
  };
}

export function submissionRules(client: string, limits: PublicLimits): LimitRule[] {
  return [
    { key: `submit-hour:${client}`, limit: limits.submissionsPerHour, windowMs: HOUR_MS },
    { key: `submit-day:${client}`, limit: limits.submissionsPerDay, windowMs: DAY_MS },
  ];
}

/**
 * A submission through the form without scripts: the client's usual limits, and the
 * stricter ones of its submissions without a proof of work on top.
 */
export function noScriptSubmissionRules(client: string, limits: PublicLimits): LimitRule[] {
  return [
    ...submissionRules(client, limits),
    { key: `submit-no-script-hour:${client}`, limit: limits.noScriptSubmissionsPerHour, windowMs: HOUR_MS },
    { key: `submit-no-script-day:${client}`, limit: limits.noScriptSubmissionsPerDay, windowMs: DAY_MS },
  ];
}

/** Look-ups with a wrong code: per reference and client (the owner elsewhere is never locked out), and per client. */
export function lookupRules(ref: string, client: string, perReference: number, perClient: number): LimitRule[] {
  return [
    { key: `track:${ref}:${client}`, limit: perReference, windowMs: HOUR_MS },
    { key: `lookup:${client}`, limit: perClient, windowMs: HOUR_MS },
  ];
}
