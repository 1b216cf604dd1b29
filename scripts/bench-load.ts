/**
 * `npm run bench:load [-- --target cloudflare|node] [--seconds N] [--connections N] [--skip-mixed] [--only TEXT] [--rounds N]
 * [--round-seconds N] [--accept-encoding phone|none] [--server-logs] [--cpu-profile DIR]`: each public route alone against the stack's own ceiling, as
 * issue 15's table measures them, then the app under a mixed load, then the submission and the bare
 * write again in alternating rounds. Every run has the same connections for the same time, one after
 * the other (two cores: never two at once). It prints figures and the ratios beside their goals; it
 * is not a test.
 *
 * The app: a fresh local server (scripts/local-server.ts) with the per-client limits relaxed and
 * the proof of work made light through configuration (`wrangler dev --var`, scripts/bench/run.ts
 * RELAXED_LIMITS), never through code. N connections (default 32) each keep one request in flight
 * for the given time (default 10 s):
 * - notice API: GET /api/notices/:slug;
 * - notice page: GET /n/:slug;
 * - submission: POST /api/feedback with a fresh Idempotency-Key and a solved proof. The proof's
 *   challenge is made here with the server's key (this run gives the server its APP_SECRET), as
 *   GET /api/feedback/challenge would make it, so that only the POST is measured, as the bare write is;
 *   and it is solved before the run's clock starts (a pool filled for the run's expected count), since
 *   a resident's phone solves it, not the server's cores, which this process shares. A pool that runs
 *   dry is solved from meanwhile, and the run says how many were;
 * - mixed (unless --skip-mixed; `--only mixed` runs it alone): 80 % notice reads (half page, half API), 15 % submissions
 *   (challenge, solved here, then the POST: two requests), 5 % tracking with a receipt's code.
 *
 * The ceiling: a bare Hono worker on the same runtime (scripts/bench/ceiling-worker.ts): a bare
 * write, POST /rows inserting one row into D1, and a bare read, GET /rows/1 reading one. The goals
 * (issue 15): a submission at 0.8× the bare write or more; the notice page, and the notice API, at
 * 1.0× the bare read or more (answered from the notice cache, they skip D1). Since throughput on a
 * shared machine moves with whatever else runs, each run also prints the CPU time its server
 * processes spent per request (scripts/bench/cpu.ts).
 *
 * `--target node`: the same runs on the Node host (scripts/node-server.ts: dist/server over a fresh
 * SQLite file, the limits relaxed through its environment), against its own ceiling, the same bare
 * routes on @hono/node-server over libSQL with the file opened as the host opens its own
 * (scripts/bench/ceiling-node.ts). Each side is one process: its CPU time is that process's.
 *
 * The rounds: one pair of 10-second runs gave ratios up to 2× apart when run twice back to back, as
 * other work on the two cores came and went. So both servers stay up to the end, and the bare write
 * and the submission then take turns in short runs (--rounds, default 6, of --round-seconds, default
 * 4, each; the order swapped every round, so that a drift over the rounds weighs on both alike) over
 * the same connections. Each round's ratio is printed, and their median beside the goal: the figure
 * to quote.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { newChallenge, proofKey } from '../worker/feedback/proof';
import { startLocalServer } from './local-server';
import { startNodeServer } from './node-server';
import { benchClient, type BenchClient, type Reply } from './bench/http';
import { SLUG, publicFigures } from './bench/notice';
import { RELAXED_LIMITS, forDuration, machineLine, positiveFlag } from './bench/run';
import { Tally, TABLE_HEADER, heading, median, summarise, tableRow, type Summary } from './bench/stats';
import { READ_PATH, startCeilingServer, startNodeCeilingServer } from './bench/ceiling';
import { groupCpuSeconds, processCpuSeconds } from './bench/cpu';
import { quietWranglerInspector } from './bench/inspector';
import { content, proofHeader, solve, submitOnce, type Receipt, type Step } from './bench/submitter';

const USAGE = 'npm run bench:load -- [--target cloudflare|node] [--seconds N] [--connections N] [--skip-mixed] [--only TEXT] [--rounds N] [--round-seconds N] [--accept-encoding phone|none] [--server-logs] [--cpu-profile DIR]';
const { values } = parseArgs({
  options: {
    /** cloudflare: `wrangler dev` (workerd, local D1); node: the Node host (dist/server, libSQL over a file). */
    target: { type: 'string', default: 'cloudflare' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    'skip-mixed': { type: 'boolean', default: false },
    /** Only the runs whose name holds one of these, comma-separated ('submission,bare write'); ratios print where both sides ran. */
    only: { type: 'string' },
    /** Alternating rounds of the bare write and the submission after the runs above (0: none). */
    rounds: { type: 'string', default: '6' },
    'round-seconds': { type: 'string', default: '4' },
    /** Show wrangler's messages (the worker's console.warn and console.error among them) as they come. */
    'server-logs': { type: 'boolean', default: false },
    /**
     * What every request of the runs says it takes: `none` sends no Accept-Encoding (as wrk); `phone`
     * sends Chromium's. By default, `phone` on the Node host (whose notice cache keeps a gzip copy,
     * and where nginx would otherwise compress each answer) and `none` under wrangler dev (which
     * compresses each answer as Cloudflare's edge does, outside the Worker, but on the cores shared here).
     */
    'accept-encoding': { type: 'string' },
    /** With --target node: write the app server's CPU profile (DevTools' .cpuprofile) into this folder when it stops. */
    'cpu-profile': { type: 'string' },
  },
});
if (values.target !== 'cloudflare' && values.target !== 'node') {
  console.error(`--target must be cloudflare or node, not ${JSON.stringify(values.target)}\nusage: ${USAGE}`);
  process.exit(2);
}
const ON_NODE = values.target === 'node';
const SECONDS = positiveFlag(values.seconds, 'seconds', USAGE);
const CONNECTIONS = positiveFlag(values.connections, 'connections', USAGE);
const ROUNDS = values.rounds === '0' ? 0 : positiveFlag(values.rounds, 'rounds', USAGE);
const ROUND_SECONDS = positiveFlag(values['round-seconds'], 'round-seconds', USAGE);
/** Chromium's Accept-Encoding, as a phone's browser sends it. */
const PHONE_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const acceptEncodingFlag = values['accept-encoding'] ?? (ON_NODE ? 'phone' : 'none');
if (acceptEncodingFlag !== 'phone' && acceptEncodingFlag !== 'none') {
  console.error(`--accept-encoding must be phone or none, not ${JSON.stringify(acceptEncodingFlag)}\nusage: ${USAGE}`);
  process.exit(2);
}
/** Sent with every request to either side, or none. */
const ACCEPT_ENCODING = acceptEncodingFlag === 'phone' ? PHONE_ACCEPT_ENCODING : undefined;
/** Whether --only leaves the run of this name in. */
const wantedRun = (name: string) => !values.only || values.only.split(',').some((part) => name.includes(part.trim()));
/** Receipts made before the mixed run's clock starts, so that tracking has something to look up from the first second. */
const PRIMING_RECEIPTS = 8;
/** The server's secret for this run: the bench makes challenges with it (local only, never a deployment's). */
const BENCH_SECRET = 'bench-load-secret-local-only';
const APP_VARS = { ...RELAXED_LIMITS, APP_SECRET: BENCH_SECRET };

/** A server under measure: where it answers, the CPU seconds its processes have spent so far, and its end. */
interface Served {
  baseUrl: string;
  cpuSeconds(): number;
  stop(): Promise<void>;
  /** The Workers whose inspector wrangler took back during the runs (none on the Node host). */
  inspectorLost(): string[];
}

/** The Node host's one process. */
function served(server: { baseUrl: string; pid: number; stop(): Promise<void> }): Served {
  return { baseUrl: server.baseUrl, cpuSeconds: () => processCpuSeconds(server.pid), stop: () => server.stop(), inspectorLost: () => [] };
}

/**
 * wrangler's process group (wrangler, esbuild, workerd), each of its Workers' inspector held by a
 * silent session of the bench's, so that wrangler's own (which copies every subrequest into its
 * debug log, at random on the app's side) weighs on no run (scripts/bench/inspector.ts).
 */
async function servedByWrangler(server: { baseUrl: string; pid: number; stop(): Promise<void> }, name: string): Promise<Served> {
  try {
    const quiet = await quietWranglerInspector(server.pid);
    console.log(`${name}: wrangler's inspector session set aside on ${quiet.workers.join(', ')}`);
    return {
      baseUrl: server.baseUrl,
      cpuSeconds: () => groupCpuSeconds(server.pid),
      inspectorLost: () => quiet.lost().map((worker) => `${name}: ${worker}`),
      stop: async () => {
        quiet.close();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

interface Cpu {
  /** CPU seconds of the server's processes during the run. */
  server: number;
  /** CPU seconds of this process (the client) during the run. */
  client: number;
}

interface Run {
  name: string;
  seconds: number;
  tally: Tally;
  cpu: Cpu;
}

/** Times one request into `tally`; a network failure is an error, never thrown. */
async function timed(tally: Tally, send: () => Promise<Reply>): Promise<Reply | null> {
  const started = performance.now();
  try {
    const reply = await send();
    tally.answered(reply.status, performance.now() - started, () => reply.body);
    return reply;
  } catch {
    tally.failed();
    return null;
  }
}

/** Runs `run` and measures the CPU the server group and this process spent meanwhile. */
async function withCpu<T>(served: Served, run: () => Promise<T>): Promise<[T, Cpu]> {
  const server = served.cpuSeconds();
  const client = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(client);
  return [result, { server: served.cpuSeconds() - server, client: (used.user + used.system) / 1e6 }];
}

/** Requests sent before each run's clock starts, not counted: the route's first calls (workerd compiling, D1 opening) are not its speed. */
const WARM_UP_REQUESTS = 100;

/** One route alone: every connection sends `send` again as soon as it is answered. Null when --only leaves it out. */
async function routeRun(name: string, server: Served, client: BenchClient, send: (c: BenchClient) => Promise<Reply>): Promise<Run | null> {
  if (!wantedRun(name)) return null;
  let warm = 0;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (warm++ < WARM_UP_REQUESTS) await send(client).catch(() => null);
  }));
  const tally = new Tally();
  const [seconds, cpu] = await withCpu(server, () => forDuration(SECONDS, CONNECTIONS, async () => void (await timed(tally, () => send(client)))));
  const run = { name, seconds, tally, cpu };
  console.log(runRow(run));
  return run;
}

const RUN_HEADER = `${TABLE_HEADER}  server CPU ms/req`;

function runRow({ name, seconds, tally, cpu }: Run): string {
  const s = summarise(tally, seconds);
  return `${tableRow(name, s)}  ${s.requests ? ((cpu.server / s.requests) * 1000).toFixed(2) : '–'}`;
}

/** Answers per second with `status` (201 for writes, 200 for reads): what a ratio compares. */
const rate = (run: Run, status: number) => run.tally.count((s) => s === status) / run.seconds;

/** A submission's proof, made here as the server would (its key, a light challenge) and solved. */
async function madeProof(key: string): Promise<string> {
  const made = await newChallenge(key, Number(RELAXED_LIMITS.PROOF_OF_WORK_MAX_NUMBER), Date.now());
  const challenge = { ...made, maxnumber: made.maxnumber ?? 0 };
  return proofHeader(challenge, solve(challenge)!);
}

/** The app's server, its client and what sends one submission. */
interface AppSide {
  server: Served;
  client: BenchClient;
  itemIds: Array<number | null>;
  submission: (c: BenchClient) => Promise<Reply>;
  /** Solves proofs until `count` wait in the pool, before a timed run; answers how many the last run had to solve meanwhile. */
  solveAhead: (count: number) => Promise<number>;
}

/** What the runs' requests say they take, for the heading of each side. */
function acceptEncodingLine(): string {
  return ACCEPT_ENCODING
    ? `every request sends Accept-Encoding: ${ACCEPT_ENCODING}, as a phone's browser does (--accept-encoding none: none, as wrk)`
    : `no request sends Accept-Encoding, as wrk (--accept-encoding phone: a phone's browser's${ON_NODE ? '' : '; wrangler dev then gzips each answer, the work of Cloudflare’s edge, on these cores'})`;
}

/** Submissions a second the pool is filled for (the most a run has reached here is about 340). */
const POOL_RATE = 600;

async function startApp(): Promise<AppSide> {
  const logs = values['server-logs'] ? 'inherit' : 'on-failure';
  const profile = values['cpu-profile'];
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  if (profile && !ON_NODE) throw new Error('--cpu-profile is for --target node (bench:export profiles the Worker)');
  const server = ON_NODE ? served(await startNodeServer({ logs, vars: APP_VARS, nodeArgs })) : await servedByWrangler(await startLocalServer({ logs, vars: APP_VARS }), 'app');
  const client = benchClient(server.baseUrl, CONNECTIONS, ACCEPT_ENCODING);
  try {
    const { items } = await publicFigures(server.baseUrl);
    const itemIds = [null, ...items.map((i) => i.id)];
    const key = await proofKey(BENCH_SECRET);
    const pool: string[] = [];
    let solvedDuring = 0;
    const solveAhead = async (count: number) => {
      while (pool.length < count) pool.push(await madeProof(key));
      const during = solvedDuring;
      solvedDuring = 0;
      return during;
    };
    let n = 0;
    const submission = async (c: BenchClient) => {
      const i = ++n;
      const body = JSON.stringify({ noticeSlug: SLUG, itemId: itemIds[i % itemIds.length], kind: 'opinion', content: content(i), anonymous: true, consent: false });
      let proof = pool.pop();
      if (proof === undefined) {
        solvedDuring++;
        proof = await madeProof(key);
      }
      const headers = { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-proof': proof };
      return c.request('POST', '/api/feedback', headers, body);
    };
    // The proof made here must be one the server takes: one submission before the clock starts.
    await solveAhead(1);
    const first = await submission(client);
    if (first.status !== 201) throw new Error(`a submission with a proof made here was answered ${first.status}: ${first.body.slice(0, 300)}`);
    return { server, client, itemIds, submission, solveAhead };
  } catch (err) {
    client.close();
    await server.stop();
    throw err;
  }
}

async function appRuns({ server, client, itemIds, submission, solveAhead }: AppSide): Promise<Run[]> {
  console.log(`app: ${server.baseUrl}, ${CONNECTIONS} connections, ${SECONDS} s a run, vars ${Object.entries(RELAXED_LIMITS).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  console.log(acceptEncodingLine());
  console.log(machineLine());
  console.log(RUN_HEADER);
  const runs = [
    await routeRun('notice API', server, client, (c) => c.request('GET', `/api/notices/${SLUG}`)),
    await routeRun('notice page', server, client, (c) => c.request('GET', `/n/${SLUG}`)),
    wantedRun('submission (POST)') ? await solveAhead(WARM_UP_REQUESTS + CONNECTIONS + SECONDS * POOL_RATE).then(() => routeRun('submission (POST)', server, client, submission)) : null,
  ].filter((r): r is Run => r !== null);
  const dry = await solveAhead(0);
  if (dry > 0) console.log(`${dry} proofs were solved during the runs: the pool ran dry`);
  if (!values['skip-mixed'] && wantedRun('mixed')) runs.push(...(await mixedRun(server, client, itemIds)));
  return runs;
}

type MixedKind = 'notice page' | 'notice API' | Step | 'tracking';
const MIXED_KINDS: MixedKind[] = ['notice page', 'notice API', 'challenge', 'submission', 'tracking'];

/** The app under a mixed load (see the module comment): one row per kind of request, and one for all. */
async function mixedRun(server: Served, client: BenchClient, itemIds: Array<number | null>): Promise<Run[]> {
  const receipts: Receipt[] = [];
  const tallies = new Map(MIXED_KINDS.map((k) => [k, new Tally()]));
  const record = (step: Step, reply: Reply | null, ms: number) => {
    if (reply) tallies.get(step)!.answered(reply.status, ms, () => reply.body);
    else tallies.get(step)!.failed();
  };
  let sent = 0;
  const submit = async (report: typeof record) => {
    const n = ++sent;
    try {
      const { receipt } = await submitOnce(client, { noticeSlug: SLUG, itemId: itemIds[n % itemIds.length]!, kind: 'opinion', content: content(n) }, report);
      if (receipt) receipts.push(receipt);
    } catch {
      // Counted by `record` as an error of its step.
    }
  };
  for (let i = 0; i < PRIMING_RECEIPTS; i++) await submit(() => {});
  if (receipts.length === 0) throw new Error('no submission was accepted before the mixed run: is the proof-of-work contract in place?');

  heading('The app under a mixed load: 80 % notice reads, 15 % submissions (challenge and POST), 5 % tracking');
  const [seconds, cpu] = await withCpu(server, () =>
    forDuration(SECONDS, CONNECTIONS, async () => {
      const draw = Math.random();
      if (draw < 0.4) await timed(tallies.get('notice page')!, () => client.request('GET', `/n/${SLUG}`));
      else if (draw < 0.8) await timed(tallies.get('notice API')!, () => client.request('GET', `/api/notices/${SLUG}`));
      else if (draw < 0.95) await submit(record);
      else {
        const r = receipts[Math.floor(Math.random() * receipts.length)]!;
        await timed(tallies.get('tracking')!, () => client.request('GET', `/api/feedback/${r.ref}`, { 'x-query-code': r.queryCode }));
      }
    }),
  );
  console.log(RUN_HEADER);
  const runs = MIXED_KINDS.map((kind) => ({ name: `mixed: ${kind}`, seconds, tally: tallies.get(kind)!, cpu: { server: 0, client: 0 } }));
  for (const run of runs) console.log(tableRow(run.name, summarise(run.tally, seconds)));
  const all = { name: 'mixed: all', seconds, tally: Tally.merge(tallies.values()), cpu };
  console.log(runRow(all));
  console.log(`accepted submissions: ${(tallies.get('submission')!.count((s) => s === 201) / seconds).toFixed(1)}/s`);
  return [...runs, all];
}

/** The ceiling's server, its client and what sends one bare write. */
interface CeilingSide {
  server: Served;
  client: BenchClient;
  write: (c: BenchClient) => Promise<Reply>;
}

async function startCeiling(): Promise<CeilingSide> {
  const server = ON_NODE ? served(await startNodeCeilingServer()) : await servedByWrangler(await startCeilingServer(), 'ceiling');
  const client = benchClient(server.baseUrl, CONNECTIONS, ACCEPT_ENCODING);
  let n = 0;
  const headers = { 'content-type': 'application/json' };
  return { server, client, write: (c) => c.request('POST', '/rows', headers, JSON.stringify({ content: content(++n) })) };
}

async function ceilingRuns({ server, client, write }: CeilingSide): Promise<Run[]> {
  heading(ON_NODE ? 'The ceiling: a bare Hono route on the Node host, over libSQL, no validation' : 'The ceiling: a bare Hono route on D1, no validation');
  console.log(`ceiling: ${server.baseUrl}, ${CONNECTIONS} connections, ${SECONDS} s a run`);
  console.log(acceptEncodingLine());
  console.log(machineLine());
  console.log(RUN_HEADER);
  return [
    await routeRun('bare write (one INSERT)', server, client, write),
    await routeRun('bare read (one SELECT)', server, client, (c) => c.request('GET', READ_PATH)),
  ].filter((r): r is Run => r !== null);
}

/** One short run of a route, without warm-up (the rounds come after the runs above): its 201s a second and server CPU per request. */
async function roundRun(server: Served, client: BenchClient, send: (c: BenchClient) => Promise<Reply>): Promise<{ rate: number; cpuMs: number; clientMs: number; failed: number }> {
  const tally = new Tally();
  const [seconds, cpu] = await withCpu(server, () => forDuration(ROUND_SECONDS, CONNECTIONS, async () => void (await timed(tally, () => send(client)))));
  const s = summarise(tally, seconds);
  const perRequest = (cpuSeconds: number) => (s.requests ? (cpuSeconds / s.requests) * 1000 : Number.NaN);
  return { rate: tally.count((status) => status === 201) / seconds, cpuMs: perRequest(cpu.server), clientMs: perRequest(cpu.client), failed: s.errors + s.serverErrors };
}

/** The submission and the bare write in alternating short rounds (see the module comment); the rounds' failures. */
async function alternatingRounds(app: AppSide, ceiling: CeilingSide): Promise<number> {
  heading(`The submission against the bare write in ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s (same connections)`);
  // This process's CPU too: it shares the two cores (the proofs are solved before each round).
  console.log(`${'round'.padEnd(7)}${'submission'.padStart(12)}${'bare write'.padStart(12)}${'ratio'.padStart(8)}   server CPU ms/req (submission ÷ bare write)   client CPU ms/req (same)   load average (1 min)`);
  const ratios: number[] = [];
  let failed = 0;
  let dry = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const runSubmission = async () => {
      await app.solveAhead(CONNECTIONS + ROUND_SECONDS * POOL_RATE);
      const run = await roundRun(app.server, app.client, app.submission);
      dry += await app.solveAhead(0);
      return run;
    };
    const runWrite = () => roundRun(ceiling.server, ceiling.client, ceiling.write);
    let sub, bare;
    if (round % 2) {
      bare = await runWrite();
      sub = await runSubmission();
    } else {
      sub = await runSubmission();
      bare = await runWrite();
    }
    failed += sub.failed + bare.failed;
    const ratio = bare.rate > 0 ? sub.rate / bare.rate : Number.NaN;
    ratios.push(ratio);
    console.log(
      `${String(round).padEnd(7)}${`${sub.rate.toFixed(0)}/s`.padStart(12)}${`${bare.rate.toFixed(0)}/s`.padStart(12)}${`${ratio.toFixed(2)}×`.padStart(8)}   ` +
        `${sub.cpuMs.toFixed(2)} ÷ ${bare.cpuMs.toFixed(2)}`.padEnd(45) + `${sub.clientMs.toFixed(2)} ÷ ${bare.clientMs.toFixed(2)}`.padEnd(27) + loadavg()[0]!.toFixed(2),
    );
  }
  if (dry > 0) console.log(`${dry} proofs were solved during the rounds: the pool ran dry`);
  const m = median(ratios);
  console.log(`${'submission ÷ bare write, median of the rounds'.padEnd(48)}= ${m.toFixed(2)}×   goal ≥ 0.8×  ${m >= 0.8 ? 'met' : 'below the goal'}   (rounds from ${Math.min(...ratios).toFixed(2)}× to ${Math.max(...ratios).toFixed(2)}×)`);
  return failed;
}

const wantRounds = ROUNDS > 0 && wantedRun('submission (POST)') && wantedRun('bare write (one INSERT)');

heading(`Each public route alone, on ${ON_NODE ? 'the Node host (dist/server, libSQL over a file)' : 'wrangler dev (workerd, local D1)'}`);
const appSide = await startApp();
let app: Run[];
let ceiling: Run[];
let roundFailures = 0;
/** Workers whose inspector wrangler took back before their server stopped: their runs carried it. */
const inspectorLost: string[] = [];
try {
  app = await appRuns(appSide);
  // The app's server stays up (idle) while the ceiling runs, for the rounds that follow.
  if (!wantRounds) {
    inspectorLost.push(...appSide.server.inspectorLost());
    appSide.client.close();
    await appSide.server.stop();
  }
  const ceilingSide = await startCeiling();
  try {
    ceiling = await ceilingRuns(ceilingSide);
    if (wantRounds) roundFailures = await alternatingRounds(appSide, ceilingSide);
  } finally {
    inspectorLost.push(...ceilingSide.server.inspectorLost());
    ceilingSide.client.close();
    await ceilingSide.server.stop();
  }
} finally {
  if (wantRounds) {
    inspectorLost.push(...appSide.server.inspectorLost());
    appSide.client.close();
    await appSide.server.stop();
  }
}
const named = (name: string) => [...app, ...ceiling].find((r) => r.name === name);
const [api, page, submission, write, read] = ['notice API', 'notice page', 'submission (POST)', 'bare write (one INSERT)', 'bare read (one SELECT)'].map(named);

heading('Ratios to the ceiling (answers per second in the same session), beside the goals of issue 15');
const cpuPerRequest = (r: Run) => (r.cpu.server / Math.max(1, r.tally.requests)) * 1000;
for (const [label, a, b, status, goal] of [
  ['submission ÷ bare write', submission, write, 201, 0.8],
  ['notice API ÷ bare read', api, read, 200, 1.0],
  ['notice page ÷ bare read', page, read, 200, 1.0],
] as const) {
  if (!a || !b) continue;
  const ratio = rate(b, status) > 0 ? rate(a, status) / rate(b, status) : Number.NaN;
  const verdict = Number.isNaN(ratio) ? '' : ratio >= goal ? 'met' : 'below the goal';
  console.log(
    `${label.padEnd(26)}${`${rate(a, status).toFixed(0)}/s ÷ ${rate(b, status).toFixed(0)}/s`.padStart(18)}  = ${Number.isNaN(ratio) ? '–' : `${ratio.toFixed(2)}×`}` +
      `   goal ≥ ${goal.toFixed(1)}×  ${verdict}   (server CPU per request ${cpuPerRequest(a).toFixed(2)} ms ÷ ${cpuPerRequest(b).toFixed(2)} ms)`,
  );
}

const failed = [...app, ...ceiling].map((r) => [r, summarise(r.tally, r.seconds)] as [Run, Summary]).filter(([, s]) => s.errors + s.serverErrors > 0);
if (inspectorLost.length > 0) {
  console.log(`\nFAIL: wrangler took back the inspector of ${inspectorLost.join(', ')} during the runs: those figures carried its debug log (scripts/bench/inspector.ts)`);
  process.exitCode = 1;
}
if (roundFailures > 0) {
  console.log(`\nFAIL: ${roundFailures} requests of the rounds answered with a 5xx or left unanswered`);
  process.exitCode = 1;
}
if (failed.length > 0) {
  console.log('\nFAIL: requests answered with a 5xx or left unanswered');
  for (const [run, s] of failed) {
    console.log(`${run.name}: ${s.serverErrors} 5xx, ${s.errors} unanswered`);
    for (const [status, body] of run.tally.serverErrorSamples) console.log(`  first ${status}: ${body || '(empty body)'}`);
  }
  process.exitCode = 1;
}
