/**
 * The crash run shared by `npm run bench:crash` (both targets) and the Node host's crash test
 * (tests/node-host/crash.test.ts): several submitters send submissions continuously through the
 * real HTTP API (a challenge, its solution, the POST), each keeping every 201 receipt; after a
 * while the server is killed with SIGKILL mid-request; it is started again on the same database,
 * and every acknowledged reference is looked for twice: in the database itself, and through the
 * API with its query code (GET /api/feedback/:ref).
 *
 * Requests in flight at the kill got no answer: they may or may not be stored, and either is
 * correct, since nobody was told they were.
 */
import { openDatabase } from '../../server/db';
import { startNodeServer, type NodeServer } from '../node-server';
import { benchClient, type Reply } from './http';
import { SLUG, publicFigures } from './notice';
import { content, submitOnce, type Receipt } from './submitter';

export interface CrashTarget {
  /** A fresh server, limits relaxed. */
  start(): Promise<{ baseUrl: string; crash(): Promise<void> }>;
  /** The same database served again after the crash. */
  restart(): Promise<{ baseUrl: string; stop(): Promise<void> }>;
  /** Every reference in the database, read from its files (the restarted server may be running). */
  storedRefs(): Promise<Set<string>>;
}

export interface CrashResult {
  acknowledged: Receipt[];
  /** How many were acknowledged when the kill was sent (answers may still arrive while it lands). */
  acknowledgedAtKill: number;
  /** Acknowledged, not in the database after the restart. */
  missingInDb: string[];
  /** Acknowledged, not answered 200 by the restarted server for its reference and code. */
  notFoundByApi: Array<{ ref: string; status: number | string }>;
  /** In the database, never acknowledged: in flight at the kill. */
  storedNotAcknowledged: number;
  /** Requests that got no answer (the kill came while they were in flight). */
  unanswered: number;
  /** Answers other than 201 before the kill, by status. */
  refused: Map<number, number>;
  restartedAt: string;
}

export async function runCrash(target: CrashTarget, { submitters, killAfterMs }: { submitters: number; killAfterMs: number }): Promise<CrashResult> {
  const first = await target.start();
  const acknowledged: Receipt[] = [];
  const refused = new Map<number, number>();
  let unanswered = 0;
  let stopping = false;
  const client = benchClient(first.baseUrl, submitters);
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
  const running = Array.from({ length: submitters }, submitter);
  await new Promise((r) => setTimeout(r, killAfterMs));
  stopping = true;
  const acknowledgedAtKill = acknowledged.length;
  await first.crash();
  await Promise.all(running);
  client.close();

  const second = await target.restart();
  try {
    const stored = await target.storedRefs();
    const missingInDb = acknowledged.filter((r) => !stored.has(r.ref)).map((r) => r.ref);
    // Through the restarted server, as the submitter would: the reference and its code.
    const api = benchClient(second.baseUrl, 16);
    const notFoundByApi: CrashResult['notFoundByApi'] = [];
    const queue = [...acknowledged];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let r = queue.pop(); r; r = queue.pop()) {
          const receipt = r;
          const reply: Reply | string = await api
            .request('GET', `/api/feedback/${receipt.ref}`, { 'x-query-code': receipt.queryCode })
            .catch((err: Error) => err.message);
          if (typeof reply === 'string' || reply.status !== 200) notFoundByApi.push({ ref: receipt.ref, status: typeof reply === 'string' ? reply : reply.status });
        }
      }),
    );
    api.close();
    const acknowledgedRefs = new Set(acknowledged.map((r) => r.ref));
    const storedNotAcknowledged = [...stored].filter((ref) => !acknowledgedRefs.has(ref)).length;
    return { acknowledged, acknowledgedAtKill, missingInDb, notFoundByApi, storedNotAcknowledged, unanswered, refused, restartedAt: second.baseUrl };
  } finally {
    await second.stop();
  }
}

/** The Node host (scripts/node-server.ts) with these settings, and its SQLite file read with libSQL. */
export function nodeCrashTarget(vars: Record<string, string>): CrashTarget {
  let first: NodeServer;
  return {
    start: async () => (first = await startNodeServer({ vars })),
    restart: () => startNodeServer({ vars, reuse: first }),
    storedRefs: async () => {
      const database = await openDatabase(first.databaseFile);
      try {
        return new Set((await database.client.execute('SELECT ref FROM feedback')).rows.map((r) => String(r.ref)));
      } finally {
        database.close();
      }
    },
  };
}

/** The figures, one a line, as bench:crash prints them. */
export function crashReport(r: CrashResult, database: string): string[] {
  const n = r.acknowledged.length;
  const lines: Array<[string, string | number]> = [
    ['acknowledged (201 with a receipt)', n],
    [`found in the ${database} after the restart`, n - r.missingInDb.length],
    ['found through the API with their code', n - r.notFoundByApi.length],
    ['missing', `${r.missingInDb.length}${r.missingInDb.length ? `: ${r.missingInDb.slice(0, 20).join(', ')}` : ''}`],
    ['not answered 200 by the API', `${r.notFoundByApi.length}${r.notFoundByApi.length ? `: ${r.notFoundByApi.slice(0, 20).map((x) => `${x.ref} (${x.status})`).join(', ')}` : ''}`],
    ['stored but never acknowledged', `${r.storedNotAcknowledged} (in flight at the kill: stored, never answered)`],
    ['requests without an answer', r.unanswered],
    ['refused before the kill', [...r.refused].map(([s, c]) => `${s}×${c}`).join(' ') || 0],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  return lines.map(([label, value]) => `${label.padEnd(width)}${value}`);
}
