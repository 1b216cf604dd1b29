/**
 * Backoff and lockout for staff sign-in, and for opening setup links. Failures
 * of sign-in are counted per account and client, per client, and per account
 * from anywhere. Up to a threshold they cost nothing; from then on each failure
 * locks the key for twice as long as the one before (one minute, two, four … at
 * most an hour). A stranger's guesses lock the stranger: the owner, signing in
 * from elsewhere, meets only the account-wide brake, which needs many more
 * failures (and so many addresses) to engage. A success clears the account's
 * counts; a day without failures clears them all.
 */
import { sha256Hex } from '../lib/crypto';

/** Failures of one account from one client. */
export const ACCOUNT_FREE_FAILURES = 5;
/** Higher than per account: one office may sit behind one address. */
export const CLIENT_FREE_FAILURES = 20;
/** The slower brake: failures of one account from everywhere, for guessing spread over many addresses. */
export const ACCOUNT_WIDE_FREE_FAILURES = 30;
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

/** `client` is the client's fingerprint (http/client.ts): the table never holds an address. */
export function clientKey(client: string): string {
  return `client:${client}`;
}

/** Under the account's key, so that clearing the account clears it from every client too. */
export function accountClientKey(account: string, client: string): string {
  return `${account}:${clientKey(client)}`;
}

/** Failed setup links are counted apart from sign-ins, so that neither locks the other out. */
export function setupClientKey(client: string): string {
  return `setup:${client}`;
}
