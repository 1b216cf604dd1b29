/**
 * `npm run bench:export [-- --rows N] [--xlsx-rows M] [--content-chars C] [--skip-csv] [--skip-xlsx] [--skip-soffice]
 *   [--repeat R] [--cpu-profile FILE]`: how fast and how lean the staff export is. It prints figures; it is not a test.
 *
 * - XLSX under a V8 heap held to a Worker's 128 MB: the export's own streaming
 *   workbook writer (worker/export/xlsx.ts) run in Node with --max-old-space-size
 *   on N rows and their timeline (workerd has no heap limit locally, so this is how
 *   "it fits" is shown);
 * - CSV of all N rows (default 200,000) through a running worker: a fresh local D1
 *   (scripts/local-server.ts) seeded with one recursive-CTE INSERT … SELECT through
 *   `wrangler d1 execute --local`, an admin made the same way, the body streamed and
 *   counted, never kept; then `sqlite3 -csv` on the same database file, twice, as
 *   floors: the ledger's columns with their names joined (the floor first set), and the
 *   worker's own ledger SQL in one statement (db/export.ts `wholeLedgerQuery`: the same
 *   joins and per-row subqueries, for lateness, follow-ups, photos and the decline's
 *   reason); rows per second of each and the ratios, the second beside the goal (≥ 0.5×
 *   on the same joins); with `--repeat R`, each side R times in
 *   turn and the fastest of each (a busy machine slows runs unevenly); with
 *   `--cpu-profile FILE`, the worker's CPU profile of the first run (DevTools);
 * - XLSX of M rows (default all N) on a second fresh worker, with and without the
 *   timeline sheet: rows per second, the worker's heap, and the file unzipped here
 *   (fflate) to count each sheet's rows; then, where LibreOffice is installed
 *   (`soffice`; not in CI), the file converted to CSV headless, every sheet, and
 *   its rows counted again: the file opens in a spreadsheet, not only in fflate.
 *
 * Memory: the exporting Worker's own V8 heap (the staff API's, worker/office.ts), sampled
 * every 10 ms through the runtime's inspector (Runtime.getHeapUsage; it cannot answer while
 * a synchronous step runs, so "peak seen" is a floor), and workerd's resident memory from
 * /proc (VmRSS sampled, VmHWM), which also counts the public Worker and the local D1 that run
 * in the same process.
 * Needs Node 20.10+ (WebSocket; the npm script passes --experimental-websocket).
 *
 * Longer than most files here: one scenario, told top to bottom.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { parseArgs } from 'node:util';
import { drizzle as drizzleProxy } from 'drizzle-orm/sqlite-proxy';
import { drizzleOptions, type Db } from '../worker/db/client';
import { wholeLedgerQuery } from '../worker/db/export';
import { sqlText, createStaffUserSql } from '../worker/db/staff-users-sql';
import { shanghaiDate } from '../worker/feedback/deadlines';
import { OPEN_STATUSES } from '../worker/staff/workflow';
import { ledgerColumns, type LedgerRow } from '../worker/export/ledger';
import { timelineColumns, type TimelineRow } from '../worker/export/timeline';
import { SheetSeries, WorkbookWriter } from '../worker/export/xlsx';
import { hashPassword } from '../worker/staff/password';
import { bin, startLocalServer, type LocalServer } from './local-server';
import { holdingSession, inspectorTargets, quietWranglerInspector, workerdOf } from './bench/inspector';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    /** Rows of the XLSX runs; all N when not given. */
    'xlsx-rows': { type: 'string' },
    /** The longest content seeded; rows cycle through five lengths up to it (default 40 to 200). */
    'content-chars': { type: 'string', default: '200' },
    'skip-csv': { type: 'boolean', default: false },
    'skip-xlsx': { type: 'boolean', default: false },
    'skip-soffice': { type: 'boolean', default: false },
    /** Internal: build an XLSX of this many rows in this process and exit (run under a heap limit). */
    'heap-probe': { type: 'string' },
    'events-per-row': { type: 'string', default: '2' },
    /** CSV runs of each side, taking turns; the fastest of each counts. */
    repeat: { type: 'string', default: '1' },
    /** Write the worker's CPU profile of the CSV export here (Chrome DevTools' .cpuprofile). */
    'cpu-profile': { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const XLSX_ROWS = Math.min(Number(values['xlsx-rows'] ?? ROWS), ROWS);
const CONTENT_CHARS = Number(values['content-chars']);
const REPEAT = Math.max(1, Number(values.repeat) || 1);
/** Issue 15: the CSV export at half of sqlite3's rows per second, or better. */
const CSV_RATIO_GOAL = 0.5;
if (![ROWS, XLSX_ROWS, CONTENT_CHARS].every((n) => Number.isSafeInteger(n) && n >= 5)) {
  console.error('usage: npm run bench:export -- [--rows N] [--xlsx-rows M] [--content-chars C] [--skip-csv] [--skip-xlsx] [--skip-soffice]');
  process.exit(1);
}

const EMAIL = 'bench-admin@example.gov.cn';
const PASSWORD = 'bench export passphrase 2026';
/** The rows the XLSX runs export: a department of their own. */
const XLSX_DEPARTMENT = '基准测试科';

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
const rate = (rows: number, ms: number) => Math.round((rows / ms) * 1000);

function heading(text: string): void {
  console.log(`\n${text}\n${'-'.repeat(text.length)}`);
}

function d1(server: LocalServer, sql: string): void {
  execFileSync(bin('wrangler'), ['d1', 'execute', 'DB', '--local', '--persist-to', server.persistTo, '--command', sql], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
}

/**
 * Texts of ordinary length (by default 40 to 200 characters of Chinese), contact details
 * on every third row, a reply on the replied and closed ones, and three events each.
 */
function seedSql(rows: number, xlsxRows: number, contentChars: number, now: number): string {
  const phrase = sqlText('社区宣传栏的内容仍然没有更新，垃圾桶长期无人清理，夜间路灯不亮，希望有关部门尽快处理并答复。');
  return `
    INSERT INTO departments (name) VALUES ('城管科'), ('民政科'), ('综治办'), (${sqlText(XLSX_DEPARTMENT)});
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
    INSERT INTO feedback (ref, query_code_hash, notice_id, item_id, kind, content, anonymous, name, phone, email, consent_at, channel,
      received_at, status, department_id, acknowledge_by, reply_by, accepted_at, replied_at, closed_at, reply, rating, updated_at)
    SELECT 'BX-' || printf('%07d', i), 'x', (SELECT min(id) FROM notices),
      CASE WHEN i % 13 = 0 THEN NULL ELSE (SELECT min(id) FROM items) + i % 12 END,
      CASE i % 4 WHEN 0 THEN 'opinion' WHEN 1 THEN 'suggestion' WHEN 2 THEN 'report' ELSE 'praise' END,
      '第' || i || '条：' || substr(replace(hex(zeroblob(${Math.ceil(contentChars / 40)})), '00', ${phrase}), 1, ${contentChars} * (1 + i % 5) / 5),
      i % 3 <> 0,
      CASE WHEN i % 3 = 0 THEN '张三' END, CASE WHEN i % 3 = 0 THEN '13812345678' END, CASE WHEN i % 3 = 0 THEN 'zhang@example.com' END,
      CASE WHEN i % 3 = 0 THEN ${now} END,
      CASE WHEN i % 10 = 0 THEN 'phone' ELSE 'web' END,
      ${now} - (i % 730) * 86400000,
      CASE i % 8 WHEN 0 THEN 'new' WHEN 1 THEN 'accepted' WHEN 2 THEN 'in_progress' WHEN 3 THEN 'replied'
        WHEN 4 THEN 'closed' WHEN 5 THEN 'declined' WHEN 6 THEN 'duplicate' ELSE 'spam' END,
      CASE WHEN i <= ${xlsxRows} THEN (SELECT id FROM departments WHERE name = ${sqlText(XLSX_DEPARTMENT)})
        WHEN i % 5 = 0 THEN NULL ELSE (SELECT min(id) FROM departments) + i % 3 END,
      date((${now} - (i % 730) * 86400000) / 1000 + 28800, 'unixepoch', '+15 days'),
      date((${now} - (i % 730) * 86400000) / 1000 + 28800, 'unixepoch', '+60 days'),
      CASE WHEN i % 8 IN (1, 2, 3, 4) THEN ${now} - (i % 730) * 86400000 + 86400000 END,
      CASE WHEN i % 8 IN (3, 4) THEN ${now} - (i % 730) * 86400000 + 10 * 86400000 END,
      CASE WHEN i % 8 = 4 THEN ${now} - (i % 730) * 86400000 + 12 * 86400000 END,
      CASE WHEN i % 8 IN (3, 4) THEN '经核查，已于本周完成整改，感谢您的监督。' END,
      CASE WHEN i % 8 = 4 THEN 1 + i % 3 END,
      ${now}
    FROM n;
    INSERT INTO feedback_events (feedback_id, at, type, public, from_status, to_status)
      SELECT id, received_at, 'submitted', 1, NULL, 'new' FROM feedback WHERE ref LIKE 'BX-%';
    INSERT INTO feedback_events (feedback_id, at, type, public, from_status, to_status)
      SELECT id, received_at + 86400000, 'accepted', 1, 'new', 'accepted' FROM feedback WHERE accepted_at IS NOT NULL;
    INSERT INTO feedback_events (feedback_id, at, type, public, from_status, to_status, text)
      SELECT id, replied_at, 'replied', 1, 'in_progress', 'replied', reply FROM feedback WHERE replied_at IS NOT NULL;`;
}

async function signIn(server: LocalServer): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/staff/session`, {
    method: 'POST',
    headers: { origin: server.baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-rw_session='));
  if (res.status !== 200 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) : 0;
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

/** The Worker that makes the export: the staff API's (wrangler.office.toml), to which the public Worker hands /api/staff. */
const EXPORTING_WORKER = 'rectification-watch-office';

/**
 * The exporting Worker's own V8 heap, through workerd's inspector (the Chrome DevTools
 * Protocol): what the 128 MB limit is about, without the D1 simulator and the
 * rest of the workerd process that RSS also counts. Under `wrangler dev` with two Workers,
 * wrangler's own inspector proxy points at the first (the public one, which only hands the
 * export on), so the runtime's target of the exporting Worker is asked for by name.
 */
async function heapInspector(pids: number[]) {
  const targets = (await inspectorTargets(pids)).filter((t) => t.id === `core:user:${EXPORTING_WORKER}`);
  for (const target of targets) {
    const session = await holdingSession(target.webSocketDebuggerUrl).catch(() => null);
    if (!session) continue;
    const first = await Promise.race([session.call<HeapUsage>('Runtime.getHeapUsage'), new Promise<null>((r) => setTimeout(() => r(null), 15_000))]).catch(() => null);
    if (!first || typeof first.usedSize !== 'number') {
      session.close();
      continue;
    }
    // Should wrangler's proxy have turned the Network domain on for this Worker: every D1 answer would be copied to us.
    await session.call('Network.disable');
    return { usage: () => session.call<HeapUsage>('Runtime.getHeapUsage'), call: session.call, close: session.close };
  }
  throw new Error(`the worker’s inspector did not answer (tried ${targets.map((t) => t.webSocketDebuggerUrl).join(', ') || 'nothing'})`);
}

type Inspector = Awaited<ReturnType<typeof heapInspector>>;

interface Run {
  ms: number;
  bytes: number;
  /** Records: CRLF-ended lines less the header (the seeded texts hold no line breaks). */
  rows: number;
  status: number;
  /** workerd's resident memory, before and at its peak. */
  beforeKb: number;
  peakKb: number;
  /** The worker's V8 heap: used before, the most used seen (sampled every 10 ms), and the heap's size after. */
  heapBefore: number;
  heapPeak: number;
  heapTotalAfter: number;
  /** CPU seconds the workerd processes (the worker, its local D1, wrangler's proxy) spent meanwhile. */
  cpu: number;
  /** Of which the runtime's (the worker and its local D1), without wrangler's proxy. */
  runtimeCpu: number;
}

/** One export through the worker, its body counted as it arrives, memory sampled meanwhile. */
/** CPU seconds (user and system) that these processes have used so far, from /proc (all their threads). */
function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, fields 14 and 15 of stat(5): the 12th and 13th after the name.
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

async function timedExport(server: LocalServer, cookie: string, query: string, pid: number, cpuPids: readonly number[], inspector: Inspector, keep: Uint8Array[] | null = null): Promise<Run> {
  const cpuBefore = cpuSeconds(cpuPids);
  const runtimeCpuBefore = cpuSeconds([pid]);
  const heapBefore = (await inspector.usage()).usedSize;
  let heapPeak = heapBefore;
  let sampling = true;
  const heapSampler = (async () => {
    while (sampling) {
      // A busy machine may keep the inspector waiting past its timeout: a missed sample, not a failed run.
      heapPeak = Math.max(heapPeak, (await inspector.usage().catch(() => ({ usedSize: 0 }))).usedSize);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const beforeKb = statusKb(pid, 'VmRSS');
  let peakKb = beforeKb;
  const rssSampler = setInterval(() => {
    peakKb = Math.max(peakKb, statusKb(pid, 'VmRSS'));
  }, 20);
  const started = performance.now();
  try {
    const res = await fetch(`${server.baseUrl}/api/staff/export${query}`, { headers: { cookie } });
    let bytes = 0;
    let lines = 0;
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (keep) keep.push(value);
      else for (let i = 0; i < value.length; i++) if (value[i] === 0x0a) lines++;
    }
    const ms = performance.now() - started;
    sampling = false;
    await heapSampler;
    const after = await inspector.usage();
    return {
      ms, bytes, rows: Math.max(0, lines - 1), status: res.status, beforeKb, peakKb: Math.max(peakKb, statusKb(pid, 'VmRSS')),
      heapBefore, heapPeak: Math.max(heapPeak, after.usedSize), heapTotalAfter: after.totalSize, cpu: cpuSeconds(cpuPids) - cpuBefore,
      runtimeCpu: cpuSeconds([pid]) - runtimeCpuBefore,
    };
  } finally {
    sampling = false;
    clearInterval(rssSampler);
  }
}

/** The columns of the ledger, joined as the worker joins them, in the export's order (id). */
const SQLITE_LEDGER = `
  SELECT f.ref, strftime('%Y-%m-%d %H:%M', f.received_at / 1000, 'unixepoch', '+8 hours'), f.channel, n.title,
    coalesce(i.label || ' ' || i.title, '整份通报'), f.kind, f.content, f.anonymous, f.name, f.phone, f.email, d.name, f.status,
    strftime('%Y-%m-%d %H:%M', f.accepted_at / 1000, 'unixepoch', '+8 hours'),
    strftime('%Y-%m-%d %H:%M', f.replied_at / 1000, 'unixepoch', '+8 hours'),
    strftime('%Y-%m-%d %H:%M', f.closed_at / 1000, 'unixepoch', '+8 hours'),
    f.acknowledge_by, f.reply_by, f.reply, f.rating
  FROM feedback f JOIN notices n ON n.id = f.notice_id LEFT JOIN items i ON i.id = f.item_id LEFT JOIN departments d ON d.id = f.department_id
  ORDER BY f.id;`;

/**
 * The worker's own ledger SQL in one statement (db/export.ts `wholeLedgerQuery`: the same joins and
 * the same subqueries per row, for whether it was late, its follow-ups, photos and decline reason),
 * its parameters written in, as sqlite3 runs it. Built by drizzle with no database behind it.
 */
function workerLedgerSql(now: number): string {
  // The options go third: sqlite-proxy's dialect reads `casing` from there only.
  const builder = drizzleProxy(async () => ({ rows: [] }), async () => [], drizzleOptions) as unknown as Db;
  const query = wholeLedgerQuery(builder, { today: shanghaiDate(now), open: OPEN_STATUSES }).toSQL();
  let at = 0;
  const literal = (p: unknown) => (typeof p === 'number' ? String(p) : p === null ? 'NULL' : sqlText(String(p)));
  // Each ? outside a quoted string takes the next parameter; drizzle quotes names in double quotes.
  const text = query.sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (m) => (m === '?' ? literal(query.params[at++]) : m));
  if (at !== query.params.length) throw new Error(`the ledger's SQL has ${query.params.length} parameters, ${at} placed`);
  return `${text};`;
}

function sqliteFile(server: LocalServer): string {
  const dir = join(server.persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no database under ${dir}`);
  return join(dir, file);
}

/** sqlite3's run, its CPU seconds measured by GNU time (`/usr/bin/time`). */
async function timedSqlite(file: string, query: string): Promise<{ ms: number; bytes: number; rows: number; cpu: number }> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', 'cpu %U %S', '/usr/bin/sqlite3', '-readonly', '-csv', '-header', file, query], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  let bytes = 0;
  let lines = 0;
  // Records, not lines: a quoted field may hold line breaks ("" inside one toggles twice).
  let quoted = false;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0x22) quoted = !quoted;
      else if (chunk[i] === 0x0a && !quoted) lines++;
    }
  }
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`sqlite3 exited with ${code}: ${stderr.trim()}`);
  const cpu = stderr.match(/cpu ([\d.]+) ([\d.]+)/);
  return { ms: performance.now() - started, bytes, rows: lines - 1, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN };
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

function report(name: string, run: Run, rows: number): void {
  const ok = run.status === 200 && run.rows === rows ? '' : `  ← status ${run.status}, ${run.rows} rows (expected ${rows})`;
  console.log(
    `${name.padEnd(30)} ${String(run.rows).padStart(7)} rows  ${(run.ms / 1000).toFixed(2).padStart(6)} s  ` +
      `${String(rate(run.rows, run.ms)).padStart(7)} rows/s  ${(run.bytes / 1048576).toFixed(1).padStart(6)} MB${ok}\n` +
      `${''.padEnd(30)} worker heap ${mib(run.heapBefore)} → peak seen ${mib(run.heapPeak)}, heap size after ${mib(run.heapTotalAfter)}; ` +
      `workerd RSS ${mb(run.beforeKb)} → peak ${mb(run.peakKb)}`,
  );
}

/**
 * A ledger row like the seeded ones, with `eventsPerRow` timeline events, for the
 * heap probe: the same objects the export builds from D1's rows.
 */
function probeRows(n: number, contentChars: number, eventsPerRow: number): { rows: LedgerRow[]; events: TimelineRow[] } {
  const phrase = '社区宣传栏的内容仍然没有更新，垃圾桶长期无人清理，夜间路灯不亮，希望有关部门尽快处理并答复。';
  const rows: LedgerRow[] = [];
  const events: TimelineRow[] = [];
  for (let i = 1; i <= n; i++) {
    const ref = `BX-${String(i).padStart(7, '0')}`;
    rows.push({
      id: i, ref, receivedAt: Date.now() - (i % 730) * 86_400_000, receivedTimeUnknown: false, channel: 'web', notice: { slug: 'dongxiao-2023', title: '东晓街道党工委关于信访领域专项巡察整改情况的通报' },
      item: { id: 3, fullLabel: '二（三）2', title: '针对办理初信初访、国家满意度案件的重视程度有待提升的问题' }, kind: 'report',
      content: `第${i}条：${phrase.repeat(Math.ceil(contentChars / phrase.length)).slice(0, (contentChars * (1 + (i % 5))) / 5)}`,
      anonymous: i % 3 !== 0, name: i % 3 === 0 ? '张三' : null, phone: i % 3 === 0 ? '13812345678' : null, email: i % 3 === 0 ? 'zhang@example.com' : null,
      department: { id: 1, name: '城管科' }, status: 'replied', duplicateOf: null, declineReason: null, decidedAt: Date.now(), acceptedAt: Date.now(), repliedAt: Date.now(), closedAt: null,
      acknowledgeBy: '2026-12-12', replyBy: '2027-01-26', acknowledgeByLegal: '2026-12-14', replyByLegal: null, extensionDays: 0, extensionReason: null, overdue: { acknowledge: false, reply: false }, late: { acknowledge: null, reply: null },
      reply: i % 4 === 0 ? '经核查，已于本周完成整改，感谢您的监督。' : null, rating: i % 4 === 0 ? 3 : null, ratingComment: null,
      followUps: i % 10 === 0 ? 1 : 0, lastFollowUpAt: i % 10 === 0 ? Date.now() : null, reviewRequestedAt: null, attention: i % 10 === 0 ? 'follow_up' : null, attentionBy: i % 10 === 0 ? '2026-12-20' : null,
      // One feedback in five with two photos (issue 14): names, sizes and addresses, never bytes.
      photos: i % 5 === 0 ? [1, 2].map((n) => ({ name: `照片${n}.jpg`, size: 340_000, url: `http://localhost:8787/api/staff/feedback/${i}/photos/${2 * i + n}` })) : [],
      photosLink: i % 5 === 0 ? `http://localhost:8787/staff/#/feedback/${i}` : null,
    });
    for (let e = 0; e < eventsPerRow; e++) {
      events.push({ ref, at: Date.now(), dateOnly: false, type: e === 0 ? 'submitted' : 'accepted', public: true, fromStatus: e === 0 ? null : 'new', toStatus: e === 0 ? 'new' : 'accepted', text: null, actor: null });
    }
  }
  return { rows, events };
}

if (values['heap-probe']) {
  // As the export does it: a page of 1,000 rows at a time into the ledger's sheet, then the
  // timeline's a page at a time, each piece of the ZIP counted and let go.
  const n = Number(values['heap-probe']);
  const perRow = Number(values['events-per-row']);
  let bytes = 0;
  const book = new WorkbookWriter((chunk) => void (bytes += chunk.byteLength));
  const ledger = new SheetSeries(book, '台账', ledgerColumns);
  for (let start = 0; start < n; start += 1000) ledger.add(probeRows(Math.min(1000, n - start), CONTENT_CHARS, perRow).rows);
  const timeline = new SheetSeries(book, '办理记录', timelineColumns);
  for (let start = 0; start < n; start += 1000) timeline.add(probeRows(Math.min(1000, n - start), CONTENT_CHARS, perRow).events);
  book.finish();
  console.log(`probe ${n} rows: ${bytes} bytes, heap used ${mib(process.memoryUsage().heapUsed)}`);
  process.exit(0);
}

/** V8's heap held to a Worker's 128 MB: old space and young space together (three semi-spaces of 8 MB). */
const HEAP_LIMIT_FLAGS = ['--max-old-space-size=104', '--max-semi-space-size=8'];

/** Whether an XLSX of `n` rows (and the timeline) is written within the limit, in a process of its own. */
function fitsInWorkerHeap(n: number, eventsPerRow: number, contentChars: number): { fits: boolean; ms: number } {
  const args = ['--heap-probe', String(n), '--events-per-row', String(eventsPerRow), '--content-chars', String(contentChars)];
  const started = performance.now();
  const r = spawnSync(process.execPath, [...HEAP_LIMIT_FLAGS, '--import', 'tsx', process.argv[1]!, ...args], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  return { fits: r.status === 0, ms: performance.now() - started };
}

if (!values['skip-xlsx']) {
  heading('XLSX in a V8 heap held to a Worker’s 128 MB (the same writer, in Node)');
  for (const [rows, perRow, chars] of [
    [XLSX_ROWS, 2, CONTENT_CHARS],
    [XLSX_ROWS, 4, 2000],
  ] as const) {
    const probe = fitsInWorkerHeap(rows, perRow, chars);
    console.log(
      `${String(rows).padStart(7)} rows, ${perRow} events each, contents up to ${chars} characters: ` +
        `${probe.fits ? 'fits' : 'does not fit'} (${(probe.ms / 1000).toFixed(1)} s)`,
    );
  }
}

/**
 * `step`, tried again up to twice, said on the output. wrangler dev now and then closes the first
 * connection after the seeding (fetch: "other side closed"), or its inspector refuses the first
 * WebSocket; a second try goes through. Nothing here is timed.
 */
async function retrying<T>(what: string, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt === 3) throw err;
      const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      console.log(`${what} failed (${cause}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** A fresh worker with `rows` seeded rows, signed in, its memory in view. */
async function freshWorker(rows: number, xlsxRows: number) {
  const server = await startLocalServer({ logs: 'on-failure' });
  try {
    const now = Date.now();
    const t = performance.now();
    d1(server, seedSql(rows, xlsxRows, CONTENT_CHARS, now));
    const hash = await hashPassword(PASSWORD);
    d1(server, `${createStaffUserSql({ email: EMAIL, displayName: '基准测试', role: 'admin', departmentName: null }, hash, now)}
      UPDATE staff_users SET must_change_password = 0 WHERE email = ${sqlText(EMAIL)};`);
    console.log(`seeded ${rows.toLocaleString('en')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const cookie = await retrying('sign-in', () => signIn(server));
    const workerd = workerdOf(server.pid);
    // The public Worker hands the export on and streams its body back: wrangler's session there would copy every chunk.
    const quiet = await quietWranglerInspector(server.pid, [EXPORTING_WORKER]);
    const inspector = await retrying('the inspector', () => heapInspector(workerd.all));
    const departments = (await (await fetch(`${server.baseUrl}/api/staff/departments`, { headers: { cookie } })).json()) as {
      departments: Array<{ id: number; name: string }>;
    };
    const xlsxDepartment = departments.departments.find((d) => d.name === XLSX_DEPARTMENT)!.id;
    console.log(`workerd pid ${workerd.runtime}, RSS after start and sign-in ${mb(statusKb(workerd.runtime, 'VmRSS'))}`);
    const run = (query: string, keep: Uint8Array[] | null = null) => timedExport(server, cookie, query, workerd.runtime, workerd.all, inspector, keep);
    const stop = async () => {
      inspector.close();
      const lost = quiet.lost();
      if (lost.length > 0) console.log(`wrangler took back the inspector of ${lost.join(', ')} during the runs: those figures carried its debug log (scripts/bench/inspector.ts)`);
      quiet.close();
      await server.stop();
    };
    return { server, run, xlsxDepartment, pid: workerd.runtime, inspector, stop };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

if (!values['skip-csv']) {
  heading(`CSV of all ${ROWS.toLocaleString('en')} rows: the worker against sqlite3 -csv on the same file`);
  const w = await freshWorker(ROWS, 0);
  try {
    const profile = values['cpu-profile'];
    // On a busy machine one run says little: each side runs `--repeat` times, taking turns, and the fastest of each counts.
    const runs: Run[] = [];
    const lites: Array<Awaited<ReturnType<typeof timedSqlite>>> = [];
    const wholes: Array<Awaited<ReturnType<typeof timedSqlite>>> = [];
    const workerSql = workerLedgerSql(Date.now());
    for (let i = 0; i < REPEAT; i++) {
      if (profile && i === 0) {
        await w.inspector.call('Profiler.enable');
        await w.inspector.call('Profiler.start');
      }
      runs.push(await w.run('?format=csv'));
      if (profile && i === 0) {
        writeFileSync(profile, JSON.stringify((await w.inspector.call<{ profile: unknown }>('Profiler.stop')).profile));
        console.log(`the worker's CPU profile of the CSV export: ${profile}`);
      }
      lites.push(await timedSqlite(sqliteFile(w.server), SQLITE_LEDGER));
      wholes.push(await timedSqlite(sqliteFile(w.server), workerSql));
    }
    const csv = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const fastest = (sides: typeof lites) => sides.reduce((a, b) => (b.ms < a.ms ? b : a));
    const of = REPEAT > 1 ? ` (fastest of ${REPEAT}: ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s)` : '';
    report('worker /api/staff/export csv', csv, ROWS);
    if (of) console.log(`${''.padEnd(30)}${of}`);
    const floor = (name: string, sides: typeof lites) => {
      const lite = fastest(sides);
      console.log(
        `${name.padEnd(30)} ${String(lite.rows).padStart(7)} rows  ${(lite.ms / 1000).toFixed(2).padStart(6)} s  ` +
          `${String(rate(lite.rows, lite.ms)).padStart(7)} rows/s  ${(lite.bytes / 1048576).toFixed(1).padStart(6)} MB` +
          (REPEAT > 1 ? `\n${''.padEnd(30)} (fastest of ${REPEAT}: ${sides.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s)` : ''),
      );
      // CPU time is what a busy machine distorts least: rows per CPU second of each side (the worker's counts
      // workerd whole, its local D1 and wrangler's proxy included).
      const cpu = Math.min(...sides.map((r) => r.cpu));
      const cpuRatio = csv.rows / Math.min(...runs.map((r) => r.cpu)) / (lite.rows / cpu);
      console.log(`${''.padEnd(30)} sqlite3's CPU ${cpu.toFixed(2)} s; the worker's rows per CPU second ${cpuRatio.toFixed(2)}× sqlite3's`);
      return rate(csv.rows, csv.ms) / rate(lite.rows, lite.ms);
    };
    console.log(
      `${''.padEnd(30)} CPU: workerd ${Math.min(...runs.map((r) => r.cpu)).toFixed(2)} s (the runtime, worker and local D1, ` +
        `${Math.min(...runs.map((r) => r.runtimeCpu)).toFixed(2)} s; the rest wrangler's proxy)`,
    );
    const columns = floor('sqlite3 -csv (the columns)', lites);
    const same = floor("sqlite3 -csv (the worker's SQL)", wholes);
    console.log(`ratio: the worker streams at ${columns.toFixed(2)}× the rows/s of sqlite3 reading the ledger's columns and names (the floor first set)`);
    console.log(
      `ratio: the worker streams at ${same.toFixed(2)}× the rows/s of sqlite3 running the worker's own ledger SQL in one statement ` +
        `(goal ≥ ${CSV_RATIO_GOAL}× on the same joins: ${same >= CSV_RATIO_GOAL ? 'met' : 'not met'})`,
    );
    console.log(`${''.padEnd(30)} worker heap peak seen over the runs ${mib(Math.max(...runs.map((r) => r.heapPeak)))} (flat: one page at a time)`);
    console.log(`workerd VmHWM (peak resident memory of the whole process, the local D1 included) ${mb(statusKb(w.pid, 'VmHWM'))}`);
  } finally {
    await w.stop();
  }
}

/** `<row ` in a sheet's XML: its rows, the header included. */
function sheetRows(xml: Uint8Array): number {
  let n = 0;
  for (let i = xml.indexOf(0x3c); i >= 0; i = xml.indexOf(0x3c, i + 1)) {
    if (xml[i + 1] === 0x72 && xml[i + 2] === 0x6f && xml[i + 3] === 0x77 && xml[i + 4] === 0x20) n++;
  }
  return n;
}

/** The workbook's sheets (by part) and their rows, unzipped here. */
function workbookRows(file: Uint8Array): Record<string, number> {
  const parts = unzipSync(file, { filter: (f) => f.name.startsWith('xl/worksheets/') });
  return Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name.replace('xl/worksheets/', ''), sheetRows(xml)]));
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * LibreOffice headless converts every sheet to a CSV of its own (the last field of the
 * filter options, -1: LibreOffice 7.2 and later); the lines of each, the header included.
 */
function libreOfficeRows(file: Uint8Array): { ms: number; sheets: Record<string, number> } | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
  try {
    writeFileSync(join(dir, 'ledger.xlsx'), file);
    const started = performance.now();
    const r = spawnSync(
      'soffice',
      ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, join(dir, 'ledger.xlsx')],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 1_800_000 },
    );
    const ms = performance.now() - started;
    const csvs = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    if (r.status !== 0 || csvs.length === 0) return { error: `soffice exited with ${r.status}: ${String(r.stderr).trim().slice(0, 300)}` };
    const sheets: Record<string, number> = {};
    for (const f of csvs) {
      const text = readFileSync(join(dir, f), 'utf8');
      // Seeded texts hold no line breaks and no quotes around them: one line per row.
      sheets[f] = text.split('\n').filter((line) => line !== '').length;
    }
    return { ms, sheets };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hasSoffice(): boolean {
  return !values['skip-soffice'] && spawnSync('sh', ['-c', 'command -v soffice'], { stdio: 'ignore' }).status === 0;
}

if (!values['skip-xlsx']) {
  heading(`XLSX of all ${XLSX_ROWS.toLocaleString('en')} rows, streamed, on a fresh worker`);
  const w = await freshWorker(XLSX_ROWS, XLSX_ROWS);
  try {
    // The body is a ZIP: kept here (not in the worker) and unzipped to count each sheet's rows.
    const xlsx = async (query: string, sheets: number) => {
      const chunks: Uint8Array[] = [];
      const run = await w.run(query, chunks);
      const file = concat(chunks);
      const rows = run.status === 200 ? workbookRows(file) : {};
      const counted = Object.values(rows);
      // Each sheet's header is a row of its own.
      const ok = counted.length === sheets && counted[0] === XLSX_ROWS + 1;
      return { run: { ...run, rows: ok ? XLSX_ROWS : (counted[0] ?? 1) - 1 }, rows, file };
    };
    // The heavier first, on the fresh process, so that its peak is its own.
    const both = await xlsx(`?format=xlsx&timeline=1&department=${w.xlsxDepartment}`, 2);
    report('xlsx with the timeline sheet', both.run, XLSX_ROWS);
    console.log(`${''.padEnd(30)} rows per sheet (header included): ${JSON.stringify(both.rows)}`);
    const ledgerOnly = await xlsx(`?format=xlsx&department=${w.xlsxDepartment}`, 1);
    report('xlsx', ledgerOnly.run, XLSX_ROWS);
    console.log(`workerd VmHWM ${mb(statusKb(w.pid, 'VmHWM'))}`);
    if (hasSoffice()) {
      const lo = libreOfficeRows(both.file);
      if ('error' in lo) console.log(`LibreOffice: ${lo.error}`);
      else console.log(`LibreOffice headless, the file with the timeline to CSV: ${(lo.ms / 1000).toFixed(1)} s, lines per sheet ${JSON.stringify(lo.sheets)}`);
    } else console.log('LibreOffice (soffice) not installed or skipped: the file was not opened in a spreadsheet');
  } finally {
    await w.stop();
  }
}
