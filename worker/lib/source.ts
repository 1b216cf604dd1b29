/**
 * A source (来源标识): how staff see where a web submission came from, without
 * the address. The feedback keeps its client's fingerprint, an HMAC of the
 * address under the deployment's secret (http/client.ts); staff see its first
 * SOURCE_CHARS hex characters, enough to tell one client from another in an hour,
 * and may name a source by that short form or by the whole fingerprint. A flood
 * is cleared by the hour around one of its feedback (staff/sources.ts).
 * Pure values, for the worker and the console alike.
 */

/** The fingerprint's hex characters staff see. */
export const SOURCE_CHARS = 8;

/** A source as staff may give it: the short form, up to the whole fingerprint (64 hex characters). */
export const SOURCE_PATTERN = new RegExp(`^[0-9a-fA-F]{${SOURCE_CHARS},64}$`);

/** The source staff see for a fingerprint; null for feedback staff entered, which has none. */
export function sourceOf(clientHash: string | null): string | null {
  return clientHash === null ? null : clientHash.slice(0, SOURCE_CHARS);
}

/** A source as the queries match it: lower-case hex. */
export function normaliseSource(source: string): string {
  return source.toLowerCase();
}

/** "This hour" of a source: half an hour either side of the feedback staff start from. */
export const SOURCE_HALF_WINDOW_MS = 30 * 60_000;

export interface SourceWindow {
  from: number;
  to: number;
}

/** The hour around an instant, both ends included. */
export function sourceWindow(around: number): SourceWindow {
  return { from: around - SOURCE_HALF_WINDOW_MS, to: around + SOURCE_HALF_WINDOW_MS };
}
