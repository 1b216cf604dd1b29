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
