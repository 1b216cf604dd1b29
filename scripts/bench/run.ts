/**
 * What the load benches share: how they keep a fixed number of requests in
 * flight (`loops` async loops, each sending its next request as soon as the last
 * is answered, until the time is up; a request under way then is let finish and
 * counted), their flags, the relaxed limits, and the machine's load.
 */
import { cpus, loadavg } from 'node:os';

/** Runs `body` in `loops` parallel loops for `seconds`; resolves with the seconds from start to the last loop's end. */
export async function forDuration(seconds: number, loops: number, body: (loop: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: loops }, async (_, loop) => {
      while (performance.now() < until) await body(loop);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** A positive whole number from a command-line flag, or exit with the usage line. */
export function positiveFlag(value: string | undefined, name: string, usage: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`--${name} must be a positive whole number, not ${JSON.stringify(value)}\nusage: ${usage}`);
    process.exit(2);
  }
  return n;
}

/** Limits relaxed through configuration (`wrangler dev --var`), for runs that measure speed, not defence. */
export const RELAXED_LIMITS: Record<string, string> = {
  SUBMISSIONS_PER_HOUR: '1000000000',
  SUBMISSIONS_PER_DAY: '1000000000',
  TRACK_ATTEMPTS_PER_HOUR: '1000000000',
  LOOKUP_FAILURES_PER_HOUR: '1000000000',
  // About 500 hashes a solution: the bench process, which shares the two cores, is not the bottleneck.
  PROOF_OF_WORK_MAX_NUMBER: '1000',
};

/** The load average, so that a figure taken on a busy machine can be told apart. */
export function machineLine(): string {
  const [one = 0, five = 0] = loadavg();
  return `load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min); ${cpus().length} cores`;
}
