/**
 * Staff sessions: a random 256-bit token in a `__Host-` cookie, kept in the
 * database only as its SHA-256, so a copy of the database opens no session.
 * A session ends after 30 minutes without a request, and 12 hours after sign-in
 * whatever happens.
 */
import { randomToken, sha256Hex } from '../lib/crypto';

/** Sent as `__Host-rw_session`: Secure, Path=/ and no Domain, so no subdomain can set or read it. */
export const SESSION_COOKIE = 'rw_session';
export const SESSION_COOKIE_NAME = `__Host-${SESSION_COOKIE}`;
export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3_600_000;
/** Recording every request's time would write on every read; a minute's precision is enough for a 30-minute limit. */
export const TOUCH_AFTER_MS = 60_000;

export function newSessionToken(): string {
  return randomToken(32);
}

export function hashSessionToken(token: string): Promise<string> {
  return sha256Hex(`staff-session:${token}`);
}

export interface SessionTimes {
  lastSeenAt: number;
  expiresAt: number;
}

export function sessionExpired(s: SessionTimes, now: number): boolean {
  return now >= s.expiresAt || now - s.lastSeenAt >= IDLE_TIMEOUT_MS;
}
