/**
 * Starts the real thing for the browser journeys (see scripts/local-server.ts)
 * and hands its address and D1 folder to the tests through `inject`, with the
 * address of a service that reads and writes that D1 for them (tests/setup/d1-service.ts).
 * The Node host (scripts/node-server.ts) starts alongside, with the same settings, for the
 * journey and the comparison that run against it (tests/browser/node-*.test.ts): its address
 * and its SQLite file.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalServer } from '../../scripts/local-server';
import { startNodeServer } from '../../scripts/node-server';
import { startD1Service } from '../setup/d1-service';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    persistTo: string;
    d1Url: string;
    nodeBaseUrl: string;
    nodeDatabaseFile: string;
  }
}

/**
 * Every journey submits from 127.0.0.1, many times over: the per-client limits are raised
 * so that the suite is not refused as a flood (tests/browser/proof-of-work.test.ts answers a
 * 429 itself to prove the page keeps what it could not send). The proof of work stays on,
 * at a difficulty of its own (see below), so every submission in the suite carries a real one.
 */
const SUITE_VARS = {
  SUBMISSIONS_PER_HOUR: '1000000',
  SUBMISSIONS_PER_DAY: '1000000',
  // The difficulty recommended for production from `npm run bench:web` (median ≤ 0.5 s on a 4×
  // slower CPU), set here explicitly so that the suite's many solves stay quick whatever
  // wrangler.toml says, while each is still a real one.
  PROOF_OF_WORK_MAX_NUMBER: '10000',
};

export default async function setup(project: TestProject) {
  // Side by side: the Node host seeds its file while wrangler's copy builds, then serves that
  // copy's build (so that both serve the very same files: tests/browser/node-parity.test.ts).
  // wrangler's output, each request with its status and time, kept for a journey that failed waiting.
  const local = startLocalServer({ vars: SUITE_VARS, logFile: join('test-results', 'wrangler-dev.log') });
  const [started, nodeStarted] = await Promise.allSettled([local, startNodeServer({ vars: SUITE_VARS, webDir: local.then((s) => join(s.appDir, 'dist', 'web')) })]);
  if (started.status === 'rejected' || nodeStarted.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.stop();
    if (nodeStarted.status === 'fulfilled') await nodeStarted.value.stop();
    throw started.status === 'rejected' ? started.reason : (nodeStarted as PromiseRejectedResult).reason;
  }
  const server = started.value;
  const node = nodeStarted.value;
  const d1 = await startD1Service(server.persistTo).catch(async (err: unknown) => {
    await Promise.all([server.stop(), node.stop()]);
    throw err;
  });
  project.provide('baseUrl', server.baseUrl);
  project.provide('persistTo', server.persistTo);
  project.provide('d1Url', d1.url);
  project.provide('nodeBaseUrl', node.baseUrl);
  project.provide('nodeDatabaseFile', node.databaseFile);
  return async () => {
    await d1.stop();
    await Promise.all([server.stop(), node.stop()]);
  };
}
