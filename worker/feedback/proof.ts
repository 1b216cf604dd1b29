/**
 * The proof of work asked of every public submission, in the ALTCHA v1 format
 * (altcha-lib/v1, MIT): the server hides a number below `maxNumber` in a salted
 * SHA-256 and signs the result; the browser finds the number by trying, which
 * costs a phone a fraction of a second and a flood of submissions a great deal.
 * No third-party service is involved, so it works in mainland China, where
 * Turnstile and reCAPTCHA do not.
 *
 * A challenge expires after PROOF_LIFETIME_MS, and a solution is accepted once:
 * its salt is recorded in the database until the challenge would have expired.
 */
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import * as z from 'zod/mini';
import type { Db } from '../db/client';
import { useProof } from '../db/used-proofs';
import { hmacHex, sha256Hex } from '../lib/crypto';

export const PROOF_LIFETIME_MS = 30 * 60_000;
export const DEFAULT_MAX_NUMBER = 10_000;
const ALGORITHM = 'SHA-256';

const payloadSchema = z.object({
  algorithm: z.literal(ALGORITHM),
  challenge: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  number: z.int().check(z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
  salt: z.string().check(z.minLength(1), z.maxLength(200)),
  signature: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
});

/** The difficulty from configuration: a positive integer, or the default. */
export function maxNumberOf(configured: string | undefined): number {
  const n = Number(configured);
  return Number.isSafeInteger(n) && n >= 1 ? n : DEFAULT_MAX_NUMBER;
}

/** A new challenge, signed with `key`, that expires PROOF_LIFETIME_MS after `now`. */
export function newChallenge(key: string, maxNumber: number, now: number): Promise<Challenge> {
  return createChallenge({ algorithm: ALGORITHM, hmacKey: key, maxnumber: maxNumber, expires: new Date(now + PROOF_LIFETIME_MS) });
}

/** Decodes the X-Proof header: base64 of the JSON solution. Null when it is not one. */
function decode(header: string) {
  if (header.length === 0 || header.length > 2048) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(atob(header)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A solution that holds, as the database records its use: the salt's hash, kept until the challenge expires. */
export interface UsableProof {
  saltHash: string;
  expiresAt: number;
}

/**
 * A solution that holds (right, signed by us, not expired), ready to be used up; null for anything
 * else (missing, malformed, forged, expired). Whether it was used before is the database's to say:
 * a submission uses it up in its own batch (db/submission.ts), acceptProof on its own.
 */
export async function usableProof(key: string, header: string, now: number): Promise<UsableProof | null> {
  const proof = await solvedProof(key, header, now);
  return proof && { saltHash: await sha256Hex(`proof:${proof.salt}`), expiresAt: proof.expires };
}

/**
 * Checks a solution and, if it is right, fresh and unused, records it as used.
 * Anything else (missing, malformed, forged, expired, used) is simply false.
 */
export async function acceptProof(db: Db, key: string, header: string, now: number): Promise<boolean> {
  const proof = await usableProof(key, header, now);
  return proof !== null && useProof(db, proof.saltHash, proof.expiresAt);
}

/**
 * Whether the header holds a proof solved for one of our challenges and not expired, without
 * using it up (acceptProof does that, once): a check of CPU alone, made before a submission's
 * photos are read, so that nobody makes the server read and check 24 MB without having worked
 * for it first.
 */
export async function proofHolds(key: string, header: string, now: number): Promise<boolean> {
  return (await solvedProof(key, header, now)) !== null;
}

async function solvedProof(key: string, header: string, now: number): Promise<{ salt: string; expires: number } | null> {
  const payload = decode(header.trim());
  if (!payload) return null;
  const expires = Number(extractParams(payload).expires) * 1000;
  if (!Number.isFinite(expires) || expires <= now || expires > now + PROOF_LIFETIME_MS) return null;
  // The clock is ours, not the library's: expiry was checked against `now` above.
  if (!(await verifySolution(payload, key, false))) return null;
  return { salt: payload.salt, expires };
}

const proofKeys = new Map<string, Promise<string>>();

/** The key challenges are signed with, derived from the deployment's secret (once per secret and isolate). */
export function proofKey(secret: string): Promise<string> {
  let key = proofKeys.get(secret);
  if (!key) proofKeys.set(secret, (key = hmacHex(secret, 'proof-of-work')));
  return key;
}
