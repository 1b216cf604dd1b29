/**
 * `npm run bench:flood [-- --seconds N] [--concurrency N] [--ip ADDRESS|none] [--item ID]`:
 * one client floods the public form, with the limits wrangler.toml sets and
 * nothing relaxed. For the given time (default 30 s) it keeps several
 * submissions in flight (default 8), each done properly: a fresh challenge
 * solved here, a fresh Idempotency-Key, kind 'report' (反映问题), spread over the
 * sample notice's items, so as to push every item's public count up and make the
 * completed ones 有争议 (or, with `--item ID`, all on one item, to push its count). The client is one address: CF-Connecting-IP is fixed
 * (default 203.0.113.7; `--ip none` sends none and wrangler uses the socket's).
 *
 * Prints the attempts, the accepted (201) and the refused by status, and each
 * item's public count (GET /api/notices/:slug) and staff-side disputed flag
 * (GET /api/staff/items, as a bench admin) before and after. Exits 1 if more were
 * accepted than the hourly limit allows, if an item's public count moved by more
 * than one client may move it in a day, or if an item became disputed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PUBLIC_COUNT_PER_SUBMITTER_DAY } from '../worker/db/submitters';
import type { ItemsView } from '../worker/staff/items';
import { startLocalServer } from './local-server';
import { benchClient, requestOnce, type Reply } from './bench/http';
import { SLUG, publicFigures, type PublicFigures } from './bench/notice';
import { forDuration, machineLine, positiveFlag } from './bench/run';
import { benchAdminCookie } from './bench/staff';
import { Tally, heading } from './bench/stats';
import { content, submitOnce, type Step } from './bench/submitter';

const USAGE = 'npm run bench:flood -- [--seconds N] [--concurrency N] [--ip ADDRESS|none] [--item ID]';
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '8' },
    ip: { type: 'string', default: '203.0.113.7' },
    item: { type: 'string' },
  },
});
const SECONDS = positiveFlag(values.seconds, 'seconds', USAGE);
const CONCURRENCY = positiveFlag(values.concurrency, 'concurrency', USAGE);
const ONE_ITEM = values.item === undefined ? null : positiveFlag(values.item, 'item', USAGE);
const CLIENT_HEADERS: Record<string, string> = values.ip === 'none' ? {} : { 'cf-connecting-ip': values.ip! };

/** The limit the server runs with: wrangler.toml's, since nothing is overridden here. */
function configured(name: string): number {
  const m = readFileSync('wrangler.toml', 'utf8').match(new RegExp(`^${name}\\s*=\\s*"(\\d+)"`, 'm'));
  if (!m) throw new Error(`${name} is not set in wrangler.toml`);
  return Number(m[1]);
}
const PER_HOUR = configured('SUBMISSIONS_PER_HOUR');

async function staffItems(baseUrl: string, cookie: string): Promise<ItemsView> {
  const res = await requestOnce(baseUrl, 'GET', `/api/staff/items?notice=${SLUG}`, { cookie });
  if (res.status !== 200) throw new Error(`GET /api/staff/items answered ${res.status}: ${res.body.slice(0, 500)}`);
  return JSON.parse(res.body) as ItemsView;
}

heading(
  `One client floods POST /api/feedback for ${SECONDS} s (${CONCURRENCY} in flight, ${values.ip === 'none' ? 'its socket address' : `CF-Connecting-IP ${values.ip}`}, ` +
    `${ONE_ITEM === null ? 'every item in turn' : `item ${ONE_ITEM} only`})`,
);
console.log(`limits as wrangler.toml sets them: SUBMISSIONS_PER_HOUR=${PER_HOUR}, SUBMISSIONS_PER_DAY=${configured('SUBMISSIONS_PER_DAY')}, PROOF_OF_WORK_MAX_NUMBER=${configured('PROOF_OF_WORK_MAX_NUMBER')}`);
console.log(machineLine());
const server = await startLocalServer({ logs: 'on-failure' });
const tallies: Record<Step, Tally> = { challenge: new Tally(), submission: new Tally() };
let before: PublicFigures, after: PublicFigures, staffBefore: ItemsView, staffAfter: ItemsView;
let attempts = 0;
let solveMs = 0;
/** The first refusal of each status, as the client saw it. */
const firstRefusal = new Map<number, Reply>();
let seconds: number;
try {
  const cookie = await benchAdminCookie(server);
  before = await publicFigures(server.baseUrl);
  if (ONE_ITEM !== null && !before.items.some((i) => i.id === ONE_ITEM)) throw new Error(`the sample notice has no item ${ONE_ITEM}`);
  const targets = ONE_ITEM === null ? before.items.map((i) => i.id) : [ONE_ITEM];
  staffBefore = await staffItems(server.baseUrl, cookie);
  const client = benchClient(server.baseUrl, CONCURRENCY);
  const record = (step: Step, reply: Reply | null, ms: number) => {
    if (reply) tallies[step].answered(reply.status, ms, () => reply.body);
    else tallies[step].failed();
  };
  seconds = await forDuration(SECONDS, CONCURRENCY, async () => {
    const n = attempts++;
    const itemId = targets[n % targets.length]!;
    try {
      const result = await submitOnce(client, { noticeSlug: SLUG, itemId, kind: 'report', content: content(n) }, record, CLIENT_HEADERS);
      solveMs += result.solveMs;
      if (result.reply.status !== 201 && !firstRefusal.has(result.reply.status)) firstRefusal.set(result.reply.status, result.reply);
    } catch {
      // Counted by `record` as an error of its step.
    }
  });
  client.close();
  after = await publicFigures(server.baseUrl);
  staffAfter = await staffItems(server.baseUrl, cookie);
} finally {
  await server.stop();
}

const posted = tallies.submission;
const accepted = posted.count((s) => s === 201);
heading('What the flood got');
console.log(`attempts                ${attempts} in ${seconds.toFixed(1)} s (${(attempts / seconds).toFixed(1)}/s), solving ${(solveMs / Math.max(1, posted.requests)).toFixed(1)} ms each on average`);
console.log(`challenges              ${[...tallies.challenge.statuses].map(([s, n]) => `${s}×${n}`).join(' ')}${tallies.challenge.errors ? `, ${tallies.challenge.errors} unanswered` : ''}`);
console.log(`submissions sent        ${posted.requests}`);
console.log(`accepted (201)          ${accepted}`);
console.log(`refused 429             ${posted.count((s) => s === 429)}`);
console.log(`refused 403             ${posted.count((s) => s === 403)}`);
console.log(`other statuses          ${[...posted.statuses].filter(([s]) => ![201, 403, 429].includes(s)).map(([s, n]) => `${s}×${n}`).join(' ') || 'none'}`);
console.log(`unanswered              ${posted.errors}`);
for (const [status, reply] of firstRefusal) {
  const retryAfter = reply.headers['retry-after'];
  console.log(`first ${status}: ${reply.body.slice(0, 300)}${retryAfter === undefined ? '' : `  Retry-After: ${retryAfter}`}`);
}

heading('Each item: public count (GET /api/notices) and staff view (GET /api/staff/items), before → after');
console.log(`${'item'.padEnd(6)}${'label'.padEnd(8)}${'status'.padEnd(13)}${'public count'.padStart(14)}${'all feedback'.padStart(14)}${'reporters'.padStart(11)}  disputed`);
const problems: string[] = [];
for (const item of before.items) {
  const a = after.items.find((i) => i.id === item.id)!;
  const sb = staffBefore.items.find((i) => i.id === item.id)!;
  const sa = staffAfter.items.find((i) => i.id === item.id)!;
  const moved = a.feedbackCount - item.feedbackCount;
  console.log(
    `${String(item.id).padEnd(6)}${item.label.slice(0, 7).padEnd(8)}${item.status.padEnd(13)}${`${item.feedbackCount} → ${a.feedbackCount}`.padStart(14)}` +
      `${`${sb.counts.total} → ${sa.counts.total}`.padStart(14)}${`${sb.counts.standingReporters} → ${sa.counts.standingReporters}`.padStart(11)}  ${sb.disputed} → ${sa.disputed}`,
  );
  if (moved > PUBLIC_COUNT_PER_SUBMITTER_DAY) problems.push(`item ${item.id}'s public count moved by ${moved}, more than the ${PUBLIC_COUNT_PER_SUBMITTER_DAY} one client may move it in a day`);
  if (sa.disputed && !sb.disputed) problems.push(`item ${item.id} became disputed`);
}
console.log(`notice's public count: ${before.feedbackCount} → ${after.feedbackCount}`);
if (accepted > PER_HOUR) problems.push(`${accepted} submissions accepted from one client, more than SUBMISSIONS_PER_HOUR=${PER_HOUR}`);
if (posted.count((s) => s >= 500) > 0) {
  const samples = [...posted.serverErrorSamples].map(([status, body]) => `${status}: ${body || '(empty body)'}`).join('; ');
  problems.push(`${posted.count((s) => s >= 500)} submissions answered with a 5xx (first of each: ${samples})`);
}

if (problems.length > 0) {
  console.log(`\nFAIL:\n- ${problems.join('\n- ')}`);
  process.exitCode = 1;
} else {
  console.log(`\na handful accepted (${accepted}), no count moved by more than ${PUBLIC_COUNT_PER_SUBMITTER_DAY}, no item made disputed`);
}
