/**
 * Bindings and per-request variables shared by every route.
 */
import type { Db } from './db/client';

export interface Env {
  DB: D1Database;
  ASSETS?: Fetcher;
  ACKNOWLEDGE_DAYS?: string;
  REPLY_DAYS?: string;
  MAX_EXTENSION_DAYS?: string;
  TRACK_ATTEMPTS_PER_HOUR?: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    db: Db;
  };
}
