/**
 * Crash: the Node host is killed with SIGKILL while several submitters send feedback through
 * the real HTTP API (each with a solved proof of work; the per-client limits relaxed through
 * the environment, as `wrangler dev --var` relaxes them for the Worker), then started again on
 * the same DATA_DIR. Every submission that was answered 201 is in the SQLite file and is found
 * through GET /api/feedback/:ref with its query code. The run is `npm run bench:crash -- --target
 * node`'s (scripts/bench/crash.ts), shorter.
 */
import { describe, expect, it } from 'vitest';
import { nodeCrashTarget, runCrash } from '../../scripts/bench/crash';
import { RELAXED_LIMITS } from '../../scripts/bench/run';

describe('when the Node server is killed with SIGKILL during a submission load and started again', () => {
  it('then every submission that got a 201 is in the database and found with its query code', async () => {
    const result = await runCrash(nodeCrashTarget(RELAXED_LIMITS), { submitters: 8, killAfterMs: 2_000 });
    console.log(
      `crash: ${result.acknowledged.length} acknowledged, ${result.acknowledged.length - result.missingInDb.length} found in the file, ` +
        `${result.acknowledged.length - result.notFoundByApi.length} through the API, ${result.missingInDb.length} missing; ` +
        `${result.unanswered} without an answer, ${result.storedNotAcknowledged} stored but never acknowledged`,
    );
    // Nothing acknowledged before the kill would prove nothing.
    expect(result.acknowledgedAtKill).toBeGreaterThan(0);
    expect(result.refused).toEqual(new Map());
    expect(result.missingInDb).toEqual([]);
    expect(result.notFoundByApi).toEqual([]);
  }, 60_000);
});
