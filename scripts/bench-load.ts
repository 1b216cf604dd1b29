/**
 * `npm run bench:load [-- --seconds N] [--connections N] [--skip-ceiling] [--server-logs]`: the app
 * under a steady mixed load, then the stack's own ceiling, one after the other
 * (two cores: never both at once). It prints figures; it is not a test.
 *
 * The app: a fresh local server (scripts/local-server.ts) with the per-client
 * limits relaxed and the proof of work made light through configuration
 * (`wrangler dev --var`, scripts/bench/run.ts RELAXED_LIMITS), never through
 * code. N connections (default 64) each keep one operation in flight for the
 * given time (default 30 s); each operation is drawn at random:
 * - 80 % a notice read: half the page GET /n/:slug, half GET /api/notices/:slug;
 * - 15 % a submission: GET /api/feedback/challenge, solved here, then
 *   POST /api/feedback with a fresh Idempotency-Key and X-Proof (two requests);
 * - 5 % tracking: GET /api/feedback/:ref with the query code of a receipt
 *   obtained earlier in the run (a few are made before the clock starts).
 * Per kind and overall: requests, req/s, p50 and p99 latency, errors (no answer)
 * and 5xx, and every status seen.
 *
 * The ceiling: a bare Hono worker whose one POST inserts one row into D1
 * (scripts/bench/ceiling-worker.ts), served by `wrangler dev` the same way, hit
 * by the same connections for the same time. The ratios say how much of what
 * the stack can do the app reaches: accepted submissions per second, and all
 * requests per second, each against the ceiling's inserts per second. Since
 * throughput on a shared machine moves with whatever else runs, each run also
 * prints the CPU time its server processes spent per request (scripts/bench/cpu.ts),
 * and the ratio of those.
 */
import { parseArgs } from 'node:util';
import { startLocalServer } from './local-server';
import { benchClient, type BenchClient, type Reply } from './bench/http';
import { SLUG, publicFigures } from './bench/notice';
import { RELAXED_LIMITS, forDuration, machineLine, positiveFlag } from './bench/run';
import { Tally, TABLE_HEADER, heading, summarise, tableRow } from './bench/stats';
import { startCeilingServer } from './bench/ceiling';
import { groupCpuSeconds } from './bench/cpu';
import { content, submitOnce, type Receipt, type Step } from './bench/submitter';

const USAGE = 'npm run bench:load -- [--seconds N] [--connections N] [--skip-ceiling] [--server-logs]';
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '64' },
    'skip-ceiling': { type: 'boolean', default: false },
    /** Show wrangler's messages (the worker's console.warn and console.error among them) as they come. */
    'server-logs': { type: 'boolean', default: false },
  },
});
const SECONDS = positiveFlag(values.seconds, 'seconds', USAGE);
const CONNECTIONS = positiveFlag(values.connections, 'connections', USAGE);
/** Receipts made before the clock starts, so that tracking has something to look up from the first second. */
const PRIMING_RECEIPTS = 8;

type Kind = 'notice page' | 'notice API' | Step | 'tracking';
const KINDS: Kind[] = ['notice page', 'notice API', 'challenge', 'submission', 'tracking'];

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(3)} (${((a / b) * 100).toFixed(1)} %)` : '–');

/** Times one request into `tally`; a network failure is an error, never thrown. */
async function timed(tally: Tally, send: () => Promise<Reply>): Promise<Reply | null> {
  const started = performance.now();
  try {
    const reply = await send();
    tally.answered(reply.status, performance.now() - started, reply.body);
    return reply;
  } catch {
    tally.failed();
    return null;
  }
}

interface Cpu {
  /** CPU seconds of the server's processes during the run. */
  server: number;
  /** CPU seconds of this process (the client) during the run. */
  client: number;
}

/** Runs `run` and measures the CPU the server group and this process spent meanwhile. */
async function withCpu<T>(pid: number, run: () => Promise<T>): Promise<[T, Cpu]> {
  const server = groupCpuSeconds(pid);
  const client = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(client);
  return [result, { server: groupCpuSeconds(pid) - server, client: (used.user + used.system) / 1e6 }];
}

function cpuLine(cpu: Cpu, seconds: number, requests: number): string {
  return (
    `CPU: server processes ${cpu.server.toFixed(1)} s (${(cpu.server / seconds).toFixed(2)} cores), ${((cpu.server / requests) * 1000).toFixed(2)} ms per request; ` +
    `this client ${cpu.client.toFixed(1)} s (${(cpu.client / seconds).toFixed(2)} cores)`
  );
}

async function appRun(): Promise<{ seconds: number; tallies: Map<Kind, Tally>; cpu: Cpu }> {
  const server = await startLocalServer({ logs: values['server-logs'] ? 'inherit' : 'on-failure', vars: RELAXED_LIMITS });
  const client = benchClient(server.baseUrl, CONNECTIONS);
  try {
    const { items } = await publicFigures(server.baseUrl);
    const itemIds = [null, ...items.map((i) => i.id)];
    const receipts: Receipt[] = [];
    const tallies = new Map(KINDS.map((k) => [k, new Tally()]));
    const record = (step: Step, reply: Reply | null, ms: number) => {
      if (reply) tallies.get(step)!.answered(reply.status, ms, reply.body);
      else tallies.get(step)!.failed();
    };
    let sent = 0;
    const submit = async (c: BenchClient, report: typeof record) => {
      const n = ++sent;
      try {
        const { receipt } = await submitOnce(c, { noticeSlug: SLUG, itemId: itemIds[n % itemIds.length]!, kind: 'opinion', content: content(n) }, report);
        if (receipt) receipts.push(receipt);
      } catch {
        // Counted by `record` as an error of its step.
      }
    };

    for (let i = 0; i < PRIMING_RECEIPTS; i++) await submit(client, () => {});
    if (receipts.length === 0) throw new Error('no submission was accepted before the run: is the proof-of-work contract in place?');

    console.log(`app: ${server.baseUrl}, ${CONNECTIONS} connections, ${SECONDS} s, vars ${Object.entries(RELAXED_LIMITS).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    console.log(machineLine());
    const [seconds, cpu] = await withCpu(server.pid, () => forDuration(SECONDS, CONNECTIONS, async () => {
      const draw = Math.random();
      if (draw < 0.4) await timed(tallies.get('notice page')!, () => client.request('GET', `/n/${SLUG}`));
      else if (draw < 0.8) await timed(tallies.get('notice API')!, () => client.request('GET', `/api/notices/${SLUG}`));
      else if (draw < 0.95) await submit(client, record);
      else {
        const r = receipts[Math.floor(Math.random() * receipts.length)]!;
        await timed(tallies.get('tracking')!, () => client.request('GET', `/api/feedback/${r.ref}`, { 'x-query-code': r.queryCode }));
      }
    }));
    return { seconds, tallies, cpu };
  } finally {
    client.close();
    await server.stop();
  }
}

async function ceilingRun(): Promise<{ seconds: number; tally: Tally; cpu: Cpu }> {
  const server = await startCeilingServer();
  const client = benchClient(server.baseUrl, CONNECTIONS);
  try {
    const tally = new Tally();
    let n = 0;
    const body = () => JSON.stringify({ content: content(++n) });
    const headers = { 'content-type': 'application/json' };
    console.log(`ceiling: ${server.baseUrl}, ${CONNECTIONS} connections, ${SECONDS} s`);
    console.log(machineLine());
    const [seconds, cpu] = await withCpu(server.pid, () =>
      forDuration(SECONDS, CONNECTIONS, async () => {
        await timed(tally, () => client.request('POST', '/rows', headers, body()));
      }),
    );
    return { seconds, tally, cpu };
  } finally {
    client.close();
    await server.stop();
  }
}

heading(`The app: 80 % notice reads, 15 % submissions, 5 % tracking`);
const app = await appRun();
console.log(TABLE_HEADER);
for (const kind of KINDS) console.log(tableRow(kind, summarise(app.tallies.get(kind)!, app.seconds)));
const overall = summarise(Tally.merge(app.tallies.values()), app.seconds);
console.log(tableRow('overall', overall));
const accepted = app.tallies.get('submission')!.count((s) => s === 201) / app.seconds;
console.log(`accepted submissions: ${accepted.toFixed(1)}/s; elapsed ${app.seconds.toFixed(1)} s`);
console.log(cpuLine(app.cpu, app.seconds, overall.requests));
const failures = overall.errors + overall.serverErrors;

if (!values['skip-ceiling']) {
  heading('The ceiling: a bare Hono route inserting one row into D1');
  const ceiling = await ceilingRun();
  const c = summarise(ceiling.tally, ceiling.seconds);
  console.log(TABLE_HEADER);
  console.log(tableRow('POST /rows (one INSERT)', c));
  console.log(cpuLine(ceiling.cpu, ceiling.seconds, c.requests));
  const inserted = ceiling.tally.count((s) => s === 201) / ceiling.seconds;
  heading('Ratios to the ceiling (its 201s per second)');
  console.log(`app accepted submissions/s ÷ ceiling: ${ratio(accepted, inserted)}`);
  console.log(`app overall req/s ÷ ceiling:          ${ratio(overall.perSecond, inserted)}`);
  // Less at the mercy of whatever else the machine runs: server CPU per request, the ceiling's over the app's.
  console.log(`ceiling's server CPU per request ÷ the app's: ${ratio(ceiling.cpu.server / c.requests, app.cpu.server / overall.requests)}`);
}

if (failures > 0) {
  console.log(`\nFAIL: the app answered ${overall.serverErrors} requests with a 5xx and left ${overall.errors} unanswered`);
  for (const kind of KINDS) {
    for (const [status, body] of app.tallies.get(kind)!.serverErrorSamples) console.log(`first ${status} to ${kind}: ${body || '(empty body)'}`);
  }
  process.exitCode = 1;
}
