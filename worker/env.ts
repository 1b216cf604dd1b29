/**
 * Bindings and per-request variables shared by every route.
 */
import type { Db } from './db/client';
import type { StaffUser } from './staff/roles';

export interface Env {
  DB: D1Database;
  ASSETS?: Fetcher;
  ACKNOWLEDGE_DAYS?: string;
  REPLY_DAYS?: string;
  MAX_EXTENSION_DAYS?: string;
  TRACK_ATTEMPTS_PER_HOUR?: string;
  CONTACT_RETENTION_DAYS?: string;
  /** The deployment's secret: keys client fingerprints and signs proof-of-work challenges. */
  APP_SECRET?: string;
  /** The origin the public reaches the service at (https://…); the same-origin check compares with it. */
  PUBLIC_ORIGIN?: string;
  /** Proof-of-work difficulty: the largest number a challenge may hide. */
  PROOF_OF_WORK_MAX_NUMBER?: string;
  /** Accepted submissions per client and hour, and per client and day. */
  SUBMISSIONS_PER_HOUR?: string;
  SUBMISSIONS_PER_DAY?: string;
  /** The same, for the form sent without scripts (no proof of work): stricter. */
  NO_SCRIPT_SUBMISSIONS_PER_HOUR?: string;
  NO_SCRIPT_SUBMISSIONS_PER_DAY?: string;
  /** Failed look-ups (tracking or rating) per client and hour, whatever the reference. */
  LOOKUP_FAILURES_PER_HOUR?: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
    /** The signed-in member of staff, on /api/staff routes behind the session middleware. */
    staff?: StaffUser;
    staffSessionId?: number;
  };
}
