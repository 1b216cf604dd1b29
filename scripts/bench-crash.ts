/**
 * `npm run bench:crash [-- --submitters N] [--kill-after S]`: is an acknowledged
 * submission durable? Several submitters (default 8) send submissions
 * continuously to a fresh local server (limits relaxed and the proof of work made
 * light through configuration, as in bench:load), each keeping every 201 receipt.
 * After a few seconds (default 5) the server is killed with SIGKILL, wrangler and
 * workerd together (their process group), mid-request. It is then started again
 * on the same copy and the same D1, and every acknowledged reference is looked
 * for twice: in the database itself (`wrangler d1 execute --local --json`) and
 * through the API with its query code (GET /api/feedback/:ref).
 *
 * Prints acknowledged, found and missing; exits 1 if any acknowledged reference
 * is missing (or if nothing was acknowledged, which would prove nothing).
 * Requests in flight at the kill got no answer: they may or may not be stored,
 * and either is correct, since nobody was told they were.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { bin, startLocalServer } from './local-server';
import { benchClient, type Reply } from './bench/http';
import { SLUG, publicFigures } from './bench/notice';
import { RELAXED_LIMITS, machineLine, positiveFlag } from './bench/run';
import { heading } from './bench/stats';
import { content, submitOnce, type Receipt } from './bench/submitter';

const USAGE = 'npm run bench:crash -- [--submitters N] [--kill-after SECONDS]';
const { values } = parseArgs({
  options: {
    submitters: { type: 'string', default: '8' },
    'kill-after': { type: 'string', default: '5' },
  },
});
const SUBMITTERS = positiveFlag(values.submitters, 'submitters', USAGE);
const KILL_AFTER = positiveFlag(values['kill-after'], 'kill-after', USAGE);

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

heading(`Submissions from ${SUBMITTERS} submitters, kill -9 after ${KILL_AFTER} s, restart on the same D1`);
console.log(machineLine());
const first = await startLocalServer({ logs: 'on-failure', vars: RELAXED_LIMITS });
const acknowledged: Receipt[] = [];
const refused = new Map<number, number>();
let unanswered = 0;
let stopping = false;
{
  const client = benchClient(first.baseUrl, SUBMITTERS);
  const itemIds = [null, ...(await publicFigures(first.baseUrl)).items.map((i) => i.id)];
  let sent = 0;
  const submitter = async () => {
    while (!stopping) {
      const n = ++sent;
      try {
        const { reply, receipt } = await submitOnce(client, { noticeSlug: SLUG, itemId: itemIds[n % itemIds.length]!, kind: 'opinion', content: content(n) }, () => {});
        if (receipt) acknowledged.push(receipt);
        else refused.set(reply.status, (refused.get(reply.status) ?? 0) + 1);
      } catch {
        // No answer: the kill came while this was in flight (or the server failed, which the counts will show).
        unanswered++;
      }
    }
  };
  const running = Array.from({ length: SUBMITTERS }, submitter);
  await new Promise((r) => setTimeout(r, KILL_AFTER * 1000));
  stopping = true;
  const killedAt = acknowledged.length;
  await first.crash();
  await Promise.all(running);
  client.close();
  console.log(`killed wrangler and workerd (SIGKILL to the process group) with ${killedAt} acknowledged`);
  if (acknowledged.length !== killedAt) console.log(`(${acknowledged.length - killedAt} more answers arrived while the kill was under way)`);
}

const second = await startLocalServer({ logs: 'on-failure', vars: RELAXED_LIMITS, reuse: first });
let missingInDb: string[];
let notFoundByApi: Array<{ ref: string; status: number | string }>;
let stored: Set<string>;
try {
  console.log(`restarted on the same D1: ${second.baseUrl}`);
  stored = storedRefs(second.appDir, second.persistTo);
  missingInDb = acknowledged.filter((r) => !stored.has(r.ref)).map((r) => r.ref);

  // Through the restarted server, as the submitter would: the reference and its code.
  const client = benchClient(second.baseUrl, 16);
  notFoundByApi = [];
  const queue = [...acknowledged];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let r = queue.pop(); r; r = queue.pop()) {
        const receipt = r;
        const reply: Reply | string = await client
          .request('GET', `/api/feedback/${receipt.ref}`, { 'x-query-code': receipt.queryCode })
          .catch((err: Error) => err.message);
        if (typeof reply === 'string' || reply.status !== 200) notFoundByApi.push({ ref: receipt.ref, status: typeof reply === 'string' ? reply : reply.status });
      }
    }),
  );
  client.close();
} finally {
  await second.stop();
}

heading('Acknowledged against found');
const acknowledgedRefs = new Set(acknowledged.map((r) => r.ref));
console.log(`acknowledged (201 with a receipt)      ${acknowledged.length}`);
console.log(`found in the D1 after the restart      ${acknowledged.length - missingInDb.length}`);
console.log(`found through the API with their code  ${acknowledged.length - notFoundByApi.length}`);
console.log(`missing                                ${missingInDb.length}${missingInDb.length ? `: ${missingInDb.slice(0, 20).join(', ')}` : ''}`);
console.log(`not answered 200 by the API            ${notFoundByApi.length}${notFoundByApi.length ? `: ${notFoundByApi.slice(0, 20).map((x) => `${x.ref} (${x.status})`).join(', ')}` : ''}`);
console.log(`stored but never acknowledged          ${[...stored].filter((ref) => !acknowledgedRefs.has(ref)).length} (in flight at the kill: stored, never answered)`);
console.log(`requests without an answer             ${unanswered}`);
console.log(`refused before the kill                ${[...refused].map(([s, n]) => `${s}×${n}`).join(' ') || 0}`);

if (acknowledged.length === 0) {
  console.log('\nFAIL: nothing was acknowledged before the kill, so nothing was proven');
  process.exitCode = 1;
} else if (missingInDb.length > 0 || notFoundByApi.length > 0) {
  console.log(`\nFAIL: ${missingInDb.length} acknowledged submissions are missing from the D1, ${notFoundByApi.length} not found through the API`);
  process.exitCode = 1;
} else {
  console.log('\nnone missing');
}
