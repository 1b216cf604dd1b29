/**
 * One-time setup links: how a new member of staff, or one whose account was
 * reset, chooses a password without anyone else ever knowing it.
 *
 * The link carries 256 random bits; the database keeps only their SHA-256, so a
 * copy of the database opens nothing. The token sits in the URL's fragment
 * (`/staff/#/setup/…`), which browsers never send, so it reaches no server log
 * or proxy; the console reads it and posts it in a JSON body. A link works once
 * and for 24 hours, and a newer link for the same account replaces it.
 */
import { randomToken, sha256Hex } from '../lib/crypto';

export const SETUP_LINK_TTL_MS = 24 * 3_600_000;

/** 32 bytes in unpadded base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSetupToken(): string {
  return randomToken(32);
}

export function hashSetupToken(token: string): Promise<string> {
  return sha256Hex(`staff-setup:${token}`);
}

/** Whether `token` could be one we made (anything else is not looked up). */
export function isSetupTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** The address the new member opens: the console's setup screen, the token in the fragment. */
export function setupLink(origin: string, token: string): string {
  return `${origin}/staff/#/setup/${token}`;
}

export type SetupLinkState = 'valid' | 'used' | 'expired';

export function setupLinkState(link: { usedAt: number | null; expiresAt: number }, now: number): SetupLinkState {
  if (link.usedAt !== null) return 'used';
  return now < link.expiresAt ? 'valid' : 'expired';
}
