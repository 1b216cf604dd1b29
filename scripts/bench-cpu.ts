/**
 * `npm run bench:cpu [-- --requests N] [--rows N] [--exports N] [--only TEXT] [--db-latency MS]`: the CPU time each
 * public route spends on one request, beside the 10 ms of CPU a request may use on the Workers
 * free plan (issue 15), mail in among them; then what may need more: staff sign-in (PBKDF2), the
 * console's screens and triage over N feedback, a CSV and an XLSX export of them, and the daily
 * job (cron) over them. It prints figures and exits
 * 1 if a public route's median is over 10 ms; it is not a test.
 *
 * In this process, on the Node host's app (server/app.ts, the same createApp() as the
 * Worker's) over a fresh SQLite file with the sample notice: each request is built
 * beforehand, then `process.cpuUsage()` is read around `app.fetch`, the body read to its end
 * and any background task (waitUntil) finished. One request at a time, so nothing else of
 * the app's runs meanwhile. `process.cpuUsage()` counts every thread of the process, so
 * WebCrypto's PBKDF2 (run on libuv's pool) is counted too.
 *
 * On Cloudflare the database is D1, a separate service: a query's own work is not the
 * Worker's CPU time, only sending it and reading its rows. Here SQLite runs inside the
 * process, so the time spent while a libSQL call was under way is shown apart ("SQLite"),
 * and "app" is the rest: the figure to hold against the plan's 10 ms. That share is
 * approximate (it includes the few microtasks that run while a call is awaited), and V8
 * on Node is not workerd: take the figures as an order of magnitude per route, and
 * compare routes with one another.
 *
 * The notice page and API are shown twice: answered from the notice cache (what nearly
 * every reader gets), and built afresh after a purge (the first reader after a change).
 *
 * `--db-latency MS`: each libSQL call answers MS later than it could, idle (a database across the
 * network, as D1 is to a Worker; the delay is outside the SQLite share), failed or not, and each
 * export's wall time is printed too: what the export's reading ahead (export/query.ts) gains
 * there. Statements inside `client.transaction()` are neither timed nor delayed.
 *
 * An export reads its next page while it writes the last one, so the app's work that runs while a
 * read is under way counts as SQLite's: an export's split overstates SQLite's share (its total is
 * right).
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dongxiaoDepartments, dongxiaoMeta } from '../seed/dongxiao';
import { createNodeApp, type NodeApp } from '../server/app';
import { applyMigrations } from '../server/migrate';
import { memoryNoticeCache } from '../server/notice-cache';
import { ROOT } from '../server/options';
import { folderPhotoStore } from '../server/photo-store';
import { drizzleOptions, type Db } from '../worker/db/client';
import { ensureDepartments } from '../worker/db/departments';
import { seedNotice } from '../worker/db/seed';
import { createStaffUserSql, sqlText } from '../worker/db/staff-users-sql';
import { runDailyJob } from '../worker/daily';
import { signMail } from '../worker/mail/signature';
import { configFrom } from '../worker/settings';
import { hashPassword, PBKDF2_ITERATIONS } from '../worker/staff/password';
import { machineLine, RELAXED_LIMITS } from './bench/run';
import { median, percentile } from './bench/stats';
import { proofHeader, solve, type Challenge, type Receipt } from './bench/submitter';

const USAGE = 'npm run bench:cpu -- [--requests N] [--rows N] [--exports N] [--only TEXT] [--db-latency MS]';
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    rows: { type: 'string', default: '10000' },
    exports: { type: 'string', default: '3' },
    /** Only the rows whose name contains this (submission, export XLSX, daily job, staff: inbox; staff for all the console's): for profiling one (node --cpu-prof --import tsx). */
    only: { type: 'string' },
    /** Each libSQL call answered this many ms late: a database across the network. */
    'db-latency': { type: 'string', default: '0' },
  },
});
const count = (v: string, name: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`--${name} must be a positive whole number\n${USAGE}`);
    process.exit(1);
  }
  return n;
};
const REQUESTS = count(values.requests, 'requests');
const ROWS = count(values.rows, 'rows');
const EXPORTS = count(values.exports, 'exports');
const DB_LATENCY_MS = values['db-latency'] === '0' ? 0 : count(values['db-latency'], 'db-latency');
/** What a request may use on the Workers free plan. */
const FREE_PLAN_MS = 10;
/** Requests sent first and not counted: the JIT warms up, the page shell is read once. */
const WARM_UP = 20;

const ORIGIN = 'http://localhost:8787';
const SLUG = dongxiaoMeta.slug;
const EMAIL = 'bench-cpu@example.gov.cn';
const PASSWORD = 'bench cpu passphrase 2026';
const INBOUND_SECRET = 'bench-cpu inbound mail secret';
/** A mail as Chinese clients send it (GBK, base64), to the sample notice's address. */
const MAIL = readFileSync(join(ROOT, 'tests', 'fixtures', 'mail', 'gbk-base64.eml'), 'latin1');

// --- the database, with the time spent inside libSQL calls counted apart -------------------

/** Microseconds of CPU while at least one libSQL call was under way. */
let sqlMicros = 0;
let inFlight = 0;
let sqlStarted: NodeJS.CpuUsage | null = null;
const micros = (u: NodeJS.CpuUsage) => u.user + u.system;

/** The client with execute and batch timed: the union of the spans they are under way. */
function timedClient(client: Client): Client {
  for (const method of ['execute', 'batch'] as const) {
    const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (inFlight++ === 0) sqlStarted = process.cpuUsage();
      const answered = original(...args).finally(() => {
        if (--inFlight === 0 && sqlStarted) sqlMicros += micros(process.cpuUsage(sqlStarted));
      });
      if (DB_LATENCY_MS === 0) return answered;
      const late = () => new Promise((resolve) => setTimeout(resolve, DB_LATENCY_MS));
      return answered.then(
        (v) => late().then(() => v),
        (err: unknown) => late().then(() => Promise.reject(err)),
      );
    };
  }
  return client;
}

const dir = mkdtempSync(join(tmpdir(), 'rw-bench-cpu-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const client = createClient({ url: `file:${join(dir, 'bench.sqlite')}` });
await client.execute('PRAGMA journal_mode = WAL');
await client.execute('PRAGMA foreign_keys = ON');
await applyMigrations(client, join(ROOT, 'migrations'));
const db: Db = drizzle(timedClient(client), drizzleOptions);

const now = Date.now();
await seedNotice(db, dongxiaoMeta, readFileSync(join(ROOT, 'seed', 'dongxiao-notice.txt'), 'utf8'));
await ensureDepartments(db, dongxiaoDepartments, now);
await client.executeMultiple(
  `${createStaffUserSql({ email: EMAIL, displayName: '基准测试', role: 'admin', departmentName: null }, await hashPassword(PASSWORD), now)}
   UPDATE staff_users SET must_change_password = 0 WHERE email = ${sqlText(EMAIL)};`,
);

const noticeCache = memoryNoticeCache();
const config = configFrom({
  ...RELAXED_LIMITS,
  NO_SCRIPT_SUBMISSIONS_PER_HOUR: '1000000000',
  NO_SCRIPT_SUBMISSIONS_PER_DAY: '1000000000',
  PROOF_OF_WORK_MAX_NUMBER: '10000',
  APP_SECRET: 'bench-cpu secret, not for production use',
  PUBLIC_ORIGIN: ORIGIN,
  INBOUND_MAIL_SECRET: INBOUND_SECRET,
});
const photos = folderPhotoStore(join(dir, 'photos'));
const app: NodeApp = createNodeApp({
  db,
  config,
  photos,
  noticeCache,
  assetsDir: join(ROOT, 'dist', 'web'),
  clientAddressHeader: 'cf-connecting-ip',
  onBackgroundError: (err) => console.error('background task failed:', err),
});

// --- one measured request --------------------------------------------------------------------

let clients = 0;
/** A client address of its own for each request, so that no per-client limit is reached. */
const address = () => {
  const n = ++clients;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

interface Sample {
  status: number;
  /** CPU in ms: all of it, and the part spent in libSQL calls. */
  total: number;
  sql: number;
  /** Wall-clock ms, from the request to the body's end. */
  wall: number;
}

async function measure(request: Request): Promise<Sample> {
  sqlMicros = 0;
  const started = process.cpuUsage();
  const t = performance.now();
  const res = await app.fetch(request);
  await res.arrayBuffer();
  const wall = performance.now() - t;
  await app.idle();
  const total = micros(process.cpuUsage(started)) / 1000;
  return { status: res.status, total, sql: sqlMicros / 1000, wall };
}

const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(ORIGIN + path, {
    method,
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': address(), ...headers },
    body: JSON.stringify(body),
  });
const get = (path: string, headers: Record<string, string> = {}) => new Request(ORIGIN + path, { headers: { 'cf-connecting-ip': address(), ...headers } });

async function challenge(): Promise<{ proof: string }> {
  const res = await app.fetch(get('/api/feedback/challenge'));
  const c = (await res.json()) as Challenge;
  return { proof: proofHeader(c, solve(c)!) };
}

const opinion = (n: number) => ({
  noticeSlug: SLUG,
  itemId: null,
  kind: 'opinion',
  content: `第${n}条：社区宣传栏的内容仍然没有更新，垃圾桶长期无人清理，希望有关部门尽快处理。`,
  anonymous: true,
  consent: false,
});

let submitted = 0;
/** A submission through the API, as the public page sends it (proof solved beforehand). */
async function submissionRequest(): Promise<Request> {
  const { proof } = await challenge();
  return json('POST', '/api/feedback', opinion(++submitted), { 'idempotency-key': randomUUID(), 'x-proof': proof });
}

/** A stored submission the office has replied to, for tracking and rating. */
async function repliedReceipt(): Promise<Receipt> {
  const res = await app.fetch(await submissionRequest());
  if (res.status !== 201) throw new Error(`submission for the bench refused: ${res.status} ${await res.text()}`);
  const r = (await res.json()) as Receipt;
  await client.execute({ sql: "UPDATE feedback SET status = 'replied', reply = '已安排维修，感谢监督。', replied_at = ? WHERE ref = ?", args: [now, r.ref] });
  return r;
}

function formRequest(): Request {
  const body = new URLSearchParams({
    idempotencyKey: randomUUID(),
    itemId: '',
    kind: 'suggestion',
    content: `第${++submitted}条：建议在社区公告栏同时张贴整改进展，方便不上网的老人了解。`,
    name: '',
    phone: '',
    email: '',
    website: '',
  });
  return new Request(`${ORIGIN}/n/${SLUG}/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'cf-connecting-ip': address() },
    body,
  });
}

/** A mail through the HTTP door (the Worker's email() handler takes the same path), its Message-ID made new. */
async function mailRequest(): Promise<Request> {
  const body = Buffer.from(MAIL.replace(/Message-ID: <([^>]*)>/i, `Message-ID: <${randomUUID()}-$1>`), 'latin1');
  const timestamp = String(Math.floor(Date.now() / 1000));
  return new Request(`${ORIGIN}/api/inbound/email`, {
    method: 'POST',
    headers: { 'content-type': 'message/rfc822', 'x-timestamp': timestamp, 'x-signature': await signMail(INBOUND_SECRET, timestamp, body) },
    body,
  });
}

async function sessionCookie(): Promise<string> {
  const res = await app.fetch(json('POST', '/api/staff/session', { email: EMAIL, password: PASSWORD }, { origin: ORIGIN }));
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-rw_session='));
  if (res.status !== 200 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

// --- the routes ------------------------------------------------------------------------------

interface Route {
  name: string;
  /** The request to send; awaited before the clock starts. */
  request: () => Request | Promise<Request>;
  /** Run before each request, outside the measurement. */
  before?: () => Promise<void>;
  status: number;
  times?: number;
  /** Staff work: over the free plan's CPU it is said to need the paid plan, and the exit status ignores it. */
  staff?: boolean;
}

const receipts: Receipt[] = [];
const purge = () => noticeCache.purge(SLUG);

const routes: Route[] = [
  { name: 'notice page (cached)', request: () => get(`/n/${SLUG}`), status: 200 },
  { name: 'notice page (built)', request: () => get(`/n/${SLUG}`), before: purge, status: 200 },
  { name: 'notice API (cached)', request: () => get(`/api/notices/${SLUG}`), status: 200 },
  { name: 'notice API (built)', request: () => get(`/api/notices/${SLUG}`), before: purge, status: 200 },
  { name: 'form page', request: () => get(`/n/${SLUG}/feedback`), status: 200 },
  { name: 'challenge', request: () => get('/api/feedback/challenge'), status: 200 },
  { name: 'submission (API)', request: submissionRequest, status: 201 },
  { name: 'submission (no-script form)', request: formRequest, status: 200 },
  {
    name: 'tracking (API)',
    request: () => {
      const r = receipts[clients % receipts.length]!;
      return get(`/api/feedback/${r.ref}`, { 'x-query-code': r.queryCode });
    },
    status: 200,
  },
  {
    name: 'tracking (no-script page)',
    request: () => {
      const r = receipts[clients % receipts.length]!;
      return new Request(`${ORIGIN}/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'cf-connecting-ip': address() },
        body: new URLSearchParams({ ref: r.ref, code: r.queryCode }),
      });
    },
    status: 200,
  },
  {
    name: 'rating',
    request: async () => {
      const r = await repliedReceipt();
      return json('POST', `/api/feedback/${r.ref}/rating`, { rating: 3, comment: '处理及时。' }, { 'x-query-code': r.queryCode });
    },
    status: 200,
  },
  { name: 'mail in (GBK, base64)', request: mailRequest, status: 201 },
  { name: `staff sign-in (PBKDF2, ${PBKDF2_ITERATIONS.toLocaleString('en')})`, request: () => json('POST', '/api/staff/session', { email: EMAIL, password: PASSWORD }, { origin: ORIGIN }), status: 200, times: 20, staff: true },
];

const ms = (n: number) => n.toFixed(2).padStart(8);
const verdict = (appMs: number, staff = false) => (appMs <= FREE_PLAN_MS ? 'fits' : staff ? 'over: paid plan' : 'OVER');

function header(): void {
  console.log(`${'route'.padEnd(40)} ${'median'.padStart(8)} ${'p90'.padStart(8)} ${'max'.padStart(8)} ${'SQLite'.padStart(8)} ${'app'.padStart(8)}  free plan (${FREE_PLAN_MS} ms)`);
}

/** Staff work and jobs over the free plan's CPU per request. */
const paid: string[] = [];

function row(name: string, samples: Sample[], staff = false): number {
  const totals = samples.map((s) => s.total).sort((a, b) => a - b);
  const apps = samples.map((s) => s.total - s.sql).sort((a, b) => a - b);
  const sqls = samples.map((s) => s.sql).sort((a, b) => a - b);
  const appMedian = percentile(apps, 50);
  console.log(
    `${name.padEnd(40)} ${ms(percentile(totals, 50))} ${ms(percentile(totals, 90))} ${ms(totals.at(-1)!)} ${ms(percentile(sqls, 50))} ${ms(appMedian)}  ${verdict(appMedian, staff)}`,
  );
  if (staff && appMedian > FREE_PLAN_MS) paid.push(name);
  return appMedian;
}

async function run(route: Route): Promise<Sample[]> {
  const times = route.times ?? REQUESTS;
  const warm = Math.min(WARM_UP, times);
  const samples: Sample[] = [];
  for (let i = 0; i < warm + times; i++) {
    const request = await route.request();
    await route.before?.();
    const s = await measure(request);
    if (s.status !== route.status) throw new Error(`${route.name}: answered ${s.status}, expected ${route.status}`);
    if (i >= warm) samples.push(s);
  }
  return samples;
}

console.log(`bench:cpu: CPU time per request, in ms (process.cpuUsage, user + system), ${REQUESTS} requests per route after ${WARM_UP} to warm up`);
console.log(`Node ${process.version} on the Node host's app over SQLite; ${machineLine()}`);
console.log('"SQLite": the median spent while a libSQL call was under way (D1\'s own work on Cloudflare); "app": the median of the rest,');
console.log('the figure held against the free plan\'s 10 ms of CPU per request.\n');

for (let i = 0; i < 16; i++) receipts.push(await repliedReceipt());
header();
const over: string[] = [];
const wanted = (name: string) => values.only === undefined || name.includes(values.only);
for (const route of routes) {
  if (!wanted(route.name)) continue;
  const appMedian = row(route.name, await run(route), route.staff);
  if (appMedian > FREE_PLAN_MS && !route.staff) over.push(route.name);
}

// --- an export of N rows, and the daily job over them -----------------------------------------

const FORMATS = (['csv', 'xlsx'] as const).filter((format) => wanted(`export ${format.toUpperCase()}`));
const DAILY = wanted('daily job (cron)');
/** The console's routes: all of them unless --only names one ("staff" names them all). */
const STAFF = values.only === undefined || values.only.startsWith('staff');
if (FORMATS.length === 0 && !DAILY && !STAFF) {
  client.close();
  process.exit(process.exitCode ?? 0);
}

/** N feedback of ordinary length, a third with contact details, an event each. */
await client.executeMultiple(`
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
  INSERT INTO feedback (ref, query_code_hash, notice_id, item_id, kind, content, anonymous, name, phone, email, consent_at, channel,
    received_at, status, acknowledge_by, reply_by, updated_at)
  SELECT 'BC-' || printf('%07d', i), 'x', (SELECT min(id) FROM notices),
    CASE WHEN i % 13 = 0 THEN NULL ELSE (SELECT min(id) FROM items) + i % 12 END,
    CASE i % 4 WHEN 0 THEN 'opinion' WHEN 1 THEN 'suggestion' WHEN 2 THEN 'report' ELSE 'praise' END,
    '第' || i || '条：社区宣传栏的内容仍然没有更新，垃圾桶长期无人清理，夜间路灯不亮，希望有关部门尽快处理并答复。',
    i % 3 <> 0,
    CASE WHEN i % 3 = 0 THEN '张三' END, CASE WHEN i % 3 = 0 THEN '13812345678' END, CASE WHEN i % 3 = 0 THEN 'zhang@example.com' END,
    CASE WHEN i % 3 = 0 THEN ${now} END, 'web', ${now} - (i % 730) * 86400000,
    CASE i % 3 WHEN 0 THEN 'new' WHEN 1 THEN 'accepted' ELSE 'replied' END,
    date((${now} - (i % 730) * 86400000) / 1000 + 28800, 'unixepoch', '+15 days'),
    date((${now} - (i % 730) * 86400000) / 1000 + 28800, 'unixepoch', '+60 days'),
    ${now}
  FROM n;
  INSERT INTO feedback_events (feedback_id, at, type, public, from_status, to_status)
    SELECT id, received_at, 'submitted', 1, NULL, 'new' FROM feedback WHERE ref LIKE 'BC-%';`);

/** The daily job (cron) as the runtime starts it, over every feedback now stored; nothing to notify. */
async function measureDailyJob(): Promise<Sample> {
  sqlMicros = 0;
  const started = process.cpuUsage();
  const t = performance.now();
  await runDailyJob(db, Date.now(), config, { outbound: async () => new Response(null, { status: 204 }), photos });
  return { status: 200, total: micros(process.cpuUsage(started)) / 1000, sql: sqlMicros / 1000, wall: performance.now() - t };
}

const cookie = await sessionCookie();
const total = (await client.execute('SELECT count(*) AS n FROM feedback')).rows[0]!.n as number;

/**
 * The console once signed in, over the N feedback: the screens a clerk opens all day and the
 * writes of triage. Each transition takes a feedback still new, one per request.
 */
const staffGet = (path: string) => () => get(path, { cookie });
/** The search words sealed as the console seals them (POST /api/staff/search): the API takes none in an address. */
async function sealedSearch(words: string): Promise<string> {
  const res = await app.fetch(json('POST', '/api/staff/search', { q: words }, { origin: ORIGIN, cookie }));
  if (res.status !== 200) throw new Error(`sealing the search words failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
const searchToken = await sealedSearch('垃圾桶');
const newIds = (await client.execute(`SELECT id FROM feedback WHERE status = 'new' ORDER BY id LIMIT ${REQUESTS + WARM_UP}`)).rows.map((r) => Number(r.id));
let detailed = 0;
const staffRoutes: Route[] = [
  { name: 'inbox, first page (status=open)', request: staffGet('/api/staff/feedback?status=open'), status: 200 },
  { name: 'inbox, overdue', request: staffGet('/api/staff/feedback?status=open&overdue=1'), status: 200 },
  { name: 'inbox, full-text search', request: staffGet(`/api/staff/feedback?qs=${encodeURIComponent(searchToken)}`), status: 200 },
  { name: 'today counts', request: staffGet('/api/staff/feedback/today'), status: 200 },
  { name: 'feedback detail', request: () => get(`/api/staff/feedback/${newIds[detailed++ % newIds.length]}`, { cookie }), status: 200 },
  {
    name: 'triage write (new → accepted)',
    request: () => json('POST', `/api/staff/feedback/${newIds.shift()}/transition`, { to: 'accepted' }, { origin: ORIGIN, cookie }),
    status: 200,
    times: Math.max(1, newIds.length - WARM_UP),
  },
  { name: 'items of the notice', request: staffGet(`/api/staff/items?notice=${SLUG}`), status: 200 },
  { name: 'statistics', request: staffGet(`/api/staff/stats?notice=${SLUG}`), status: 200, times: Math.min(REQUESTS, 20) },
];
const staffWanted = STAFF ? staffRoutes.filter((r) => values.only === 'staff' || wanted(`staff: ${r.name}`)) : [];
if (staffWanted.length > 0) {
  console.log(`\nThe console once signed in, over ${total.toLocaleString('en')} feedback:`);
  header();
  for (const route of staffWanted) row(`staff: ${route.name}`, await run({ ...route, staff: true }), true);
  console.log('');
}
for (const format of FORMATS) {
  const samples: Sample[] = [];
  for (let i = 0; i < EXPORTS + 1; i++) {
    const s = await measure(get(`/api/staff/export?format=${format}`, { cookie }));
    if (s.status !== 200) throw new Error(`export answered ${s.status}`);
    if (i > 0) samples.push(s);
  }
  row(`export ${format.toUpperCase()}, ${total.toLocaleString('en')} rows (${EXPORTS} runs)`, samples, true);
  if (DB_LATENCY_MS > 0) {
    console.log(`  its wall time, median ${median(samples.map((x) => x.wall)).toFixed(0)} ms, each database call answered ${DB_LATENCY_MS} ms late`);
  }
}
if (DAILY) {
  const daily: Sample[] = [];
  for (let i = 0; i < EXPORTS + 1; i++) {
    const s = await measureDailyJob();
    if (i > 0) daily.push(s);
  }
  row(`daily job (cron), ${total.toLocaleString('en')} feedback`, daily, true);
}

console.log(`\nOver the free plan's ${FREE_PLAN_MS} ms, for the paid plan (30 s of CPU by default; [limits] cpu_ms up to 5 min): ${paid.join('; ') || 'none'}.`);
if (over.length > 0) {
  console.log(`Public routes over the free plan's ${FREE_PLAN_MS} ms: ${over.join(', ')}.`);
  process.exitCode = 1;
} else console.log(`Every public route fits in the free plan's ${FREE_PLAN_MS} ms.`);
client.close();
