/**
 * Staff passwords: PBKDF2-SHA256 through WebCrypto, a random salt per user.
 *
 * 100,000 iterations is the most the Workers runtime allows for PBKDF2. Length is
 * the only rule (NIST SP 800-63B §3.1.1.2: at least 8, no composition rules; we ask
 * for 12), counted in characters as a person counts them, not in bytes. Any character a person
 * can type is allowed; what cannot be (controls, lone surrogates, U+FFFD: feedback/rules.ts
 * hasUnprintable) is refused, since a lone surrogate is hashed as the U+FFFD it becomes in UTF-8,
 * so that twelve different ones would make the same password.
 */
import { charCount, hasUnprintable } from '../feedback/rules';
import { constantTimeEqual, fromBase64, randomBytes, toBase64 } from '../lib/crypto';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
export const PBKDF2_ITERATIONS = 100_000;

export interface PasswordHash {
  passwordHash: string;
  passwordSalt: string;
  passwordIterations: number;
}

export type PasswordRule = 'tooShort' | 'tooLong' | 'invalidChars';

/** The rule a new password breaks, if any. */
export function passwordProblem(password: string): PasswordRule | null {
  if (hasUnprintable(password)) return 'invalidChars';
  const n = charCount(password);
  if (n < PASSWORD_MIN) return 'tooShort';
  if (n > PASSWORD_MAX) return 'tooLong';
  return null;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return toBase64(new Uint8Array(bits));
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  return {
    passwordHash: await derive(password, salt, PBKDF2_ITERATIONS),
    passwordSalt: toBase64(salt),
    passwordIterations: PBKDF2_ITERATIONS,
  };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, fromBase64(stored.passwordSalt), stored.passwordIterations);
  return constantTimeEqual(candidate, stored.passwordHash);
}

/**
 * Spends the same time as checking a real password, so that a sign-in with an
 * unknown e-mail cannot be told apart by how long it takes.
 */
export async function verifyNothing(password: string): Promise<false> {
  await derive(password, new Uint8Array(16), PBKDF2_ITERATIONS);
  return false;
}

const ONE_TIME_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** A one-time password: 20 symbols of 31 (≈ 99 bits) in groups of four, easy to read out and type. */
export function newOneTimePassword(): string {
  const limit = 256 - (256 % ONE_TIME_ALPHABET.length);
  let out = '';
  while (out.length < 20) {
    for (const b of randomBytes(32)) if (b < limit && out.length < 20) out += ONE_TIME_ALPHABET[b % ONE_TIME_ALPHABET.length];
  }
  return out.match(/.{4}/g)!.join('-');
}
