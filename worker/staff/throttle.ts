/**
 * Backoff and lockout for staff sign-in, and for opening setup links. Failures
 * are counted per account and per client. Up to a threshold they cost nothing; from then on each failure locks the
 * key for twice as long as the one before (one minute, two, four … at most an
 * hour). A success clears the account's count; a day without failures clears both.
 */
import { sha256Hex } from '../lib/crypto';

export const ACCOUNT_FREE_FAILURES = 5;
/** Higher than per account: one office may sit behind one address. */
export const CLIENT_FREE_FAILURES = 20;
/** Unknown setup links from one client: a mistyped link now and then, never a search. */
export const SETUP_FREE_FAILURES = 10;
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 3_600_000;
export const FAILURE_MEMORY_MS = 24 * 3_600_000;

/** How long the `failures`-th consecutive failure locks its key. */
export function lockoutMs(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(failures - freeFailures, 10));
}

/** Keys are hashes: the table of failures holds neither e-mails nor addresses. */
export async function accountKey(email: string): Promise<string> {
  return `account:${await sha256Hex(`login-account:${email.trim().toLowerCase()}`)}`;
}

export async function clientKey(address: string | undefined): Promise<string> {
  // Without CF-Connecting-IP (local development, tests) every client is one client.
  return `client:${await sha256Hex(`login-client:${address?.trim() || 'unknown'}`)}`;
}

/** Failed setup links are counted apart from sign-ins, so that neither locks the other out. */
export async function setupClientKey(address: string | undefined): Promise<string> {
  return `setup:${await sha256Hex(`setup-client:${address?.trim() || 'unknown'}`)}`;
}
