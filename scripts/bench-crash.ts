/**
 * `npm run bench:crash [-- --target worker|node] [--submitters N] [--kill-after S]`: is an
 * acknowledged submission durable? Several submitters (default 8) send submissions
 * continuously to a fresh local server (limits relaxed and the proof of work made light through
 * configuration, as in bench:load), each keeping every 201 receipt. After a few seconds
 * (default 5) the server is killed with SIGKILL mid-request: on the `worker` target (the
 * default) wrangler and workerd together (their process group), on `node` the Node host
 * (scripts/node-server.ts, its SQLite file in a temporary DATA_DIR). It is then started again
 * on the same database, and every acknowledged reference is looked for twice: in the database
 * itself (`wrangler d1 execute --local --json`, or the SQLite file opened with libSQL) and
 * through the API with its query code (GET /api/feedback/:ref). The run is scripts/bench/crash.ts,
 * which tests/node-host/crash.test.ts also runs.
 *
 * Prints acknowledged, found and missing; exits 1 if any acknowledged reference
 * is missing (or if nothing was acknowledged, which would prove nothing).
 * Requests in flight at the kill got no answer: they may or may not be stored,
 * and either is correct, since nobody was told they were.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { bin, startLocalServer, type LocalServer } from './local-server';
import { crashReport, nodeCrashTarget, runCrash, type CrashTarget } from './bench/crash';
import { RELAXED_LIMITS, machineLine, positiveFlag } from './bench/run';
import { heading } from './bench/stats';

const USAGE = 'npm run bench:crash -- [--target worker|node] [--submitters N] [--kill-after SECONDS]';
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'worker' },
    submitters: { type: 'string', default: '8' },
    'kill-after': { type: 'string', default: '5' },
  },
});
const SUBMITTERS = positiveFlag(values.submitters, 'submitters', USAGE);
const KILL_AFTER = positiveFlag(values['kill-after'], 'kill-after', USAGE);
if (values.target !== 'worker' && values.target !== 'node') {
  console.error(`--target must be worker or node, not ${JSON.stringify(values.target)}\nusage: ${USAGE}`);
  process.exit(2);
}

/** The references stored in the D1 the server wrote, read by wrangler from its files. */
function storedRefs(appDir: string, persistTo: string): Set<string> {
  const out = execFileSync(
    bin('wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--json', '--command', 'SELECT ref FROM feedback'],
    { cwd: appDir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  const [result] = JSON.parse(out) as Array<{ results: Array<{ ref: string }>; success: boolean }>;
  if (!result?.success) throw new Error(`wrangler d1 execute did not succeed:\n${out.slice(0, 2000)}`);
  return new Set(result.results.map((r) => r.ref));
}

/** wrangler dev and its local D1. */
function workerTarget(): CrashTarget {
  let first: LocalServer;
  let second: LocalServer;
  return {
    start: async () => (first = await startLocalServer({ logs: 'on-failure', vars: RELAXED_LIMITS })),
    restart: async () => (second = await startLocalServer({ logs: 'on-failure', vars: RELAXED_LIMITS, reuse: first })),
    storedRefs: async () => storedRefs(second.appDir, second.persistTo),
  };
}

const node = values.target === 'node';
const killed = node ? 'the Node server (SIGKILL)' : 'wrangler and workerd (SIGKILL to the process group)';
heading(`${node ? 'Node host (libSQL file)' : 'Worker (wrangler dev, local D1)'}: submissions from ${SUBMITTERS} submitters, kill -9 after ${KILL_AFTER} s, restart on the same database`);
console.log(machineLine());
const result = await runCrash(node ? nodeCrashTarget(RELAXED_LIMITS) : workerTarget(), { submitters: SUBMITTERS, killAfterMs: KILL_AFTER * 1000 });
console.log(`killed ${killed} with ${result.acknowledgedAtKill} acknowledged`);
if (result.acknowledged.length !== result.acknowledgedAtKill) console.log(`(${result.acknowledged.length - result.acknowledgedAtKill} more answers arrived while the kill was under way)`);
console.log(`restarted on the same database: ${result.restartedAt}`);

heading('Acknowledged against found');
for (const line of crashReport(result, node ? 'SQLite file' : 'D1')) console.log(line);

if (result.acknowledged.length === 0) {
  console.log('\nFAIL: nothing was acknowledged before the kill, so nothing was proven');
  process.exitCode = 1;
} else if (result.missingInDb.length > 0 || result.notFoundByApi.length > 0) {
  console.log(`\nFAIL: ${result.missingInDb.length} acknowledged submissions are missing from the database, ${result.notFoundByApi.length} not found through the API`);
  process.exitCode = 1;
} else {
  console.log('\nnone missing');
}
