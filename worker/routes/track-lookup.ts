/**
 * One look-up by reference and query code for the API (the code in X-Query-Code)
 * and the page without scripts (the code in the POST body): the same limiter, the
 * same limits, the same answers.
 */
import type { Context } from 'hono';
import { sqlLimiter } from '../db/rate-limits';
import type { AppEnv } from '../env';
import { publicLimits } from '../feedback/limits';
import { lookUpFeedback, type TrackResult } from '../feedback/track';
import { clientFingerprint } from '../http/client';
import { photoLinker } from './photos';

export async function lookUpByCode(c: Context<AppEnv>, ref: string, code: string, now: number): Promise<TrackResult> {
  const limits = publicLimits(c.env);
  return lookUpFeedback(
    c.var.db,
    sqlLimiter(c.var.db),
    { ref, code, client: await clientFingerprint(c) },
    { perReference: limits.trackAttemptsPerHour, perClient: limits.lookupFailuresPerHour },
    now,
    photoLinker(c),
  );
}

/** Whole minutes to wait, as the messages take them. */
export const minutesOf = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
