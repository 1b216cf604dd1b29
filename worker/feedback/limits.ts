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
}

export const DEFAULT_LIMITS: PublicLimits = {
  submissionsPerHour: 5,
  submissionsPerDay: 20,
  trackAttemptsPerHour: 10,
  lookupFailuresPerHour: 30,
};

type LimitVars = Partial<Record<'SUBMISSIONS_PER_HOUR' | 'SUBMISSIONS_PER_DAY' | 'TRACK_ATTEMPTS_PER_HOUR' | 'LOOKUP_FAILURES_PER_HOUR', string>>;

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
  };
}

export function submissionRules(client: string, limits: PublicLimits): LimitRule[] {
  return [
    { key: `submit-hour:${client}`, limit: limits.submissionsPerHour, windowMs: HOUR_MS },
    { key: `submit-day:${client}`, limit: limits.submissionsPerDay, windowMs: DAY_MS },
  ];
}

/** Look-ups with a wrong code: per reference and client (the owner elsewhere is never locked out), and per client. */
export function lookupRules(ref: string, client: string, perReference: number, perClient: number): LimitRule[] {
  return [
    { key: `track:${ref}:${client}`, limit: perReference, windowMs: HOUR_MS },
    { key: `lookup:${client}`, limit: perClient, windowMs: HOUR_MS },
  ];
}
