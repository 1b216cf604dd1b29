/**
 * The tests' side of tests/setup/d1-service.ts, apart from it so that a test file does not load
 * wrangler. The tests wait for each answer (the browser helpers' `d1()` is synchronous): a few
 * milliseconds, where `wrangler d1 execute` or `npm run staff` took seconds of CPU.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** What `wrangler d1 execute --json` prints: one entry per statement. */
export type D1Answer = Array<{ results: Array<Record<string, unknown>> }>;

/** An account as `npm run staff -- add --email … --role … [--name …] [--department …]` makes it. */
export interface StaffAccountRequest {
  email: string;
  role: 'admin' | 'handler' | 'viewer';
  name?: string;
  department?: string;
}

/**
 * A worker thread posts for the test, which waits on an Atomics flag meanwhile and then takes the
 * answer from their channel: the test's thread blocks, the worker's does the fetch.
 */
const WORKER = `
  const { workerData } = require('node:worker_threads');
  const port = workerData.port;
  port.on('message', async ({ url, body, flag }) => {
    let reply;
    try {
      const res = await fetch(url, { method: 'POST', body });
      reply = { ok: res.ok, text: await res.text() };
    } catch (err) {
      reply = { ok: false, text: String(err && err.stack || err) };
    }
    port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });`;

let channel: MessagePort | undefined;

/** Posts `body` to `url` and waits for the answer; an error status (the service's message) is thrown. */
function post(url: string, body: string): string {
  if (!channel) {
    const { port1, port2 } = new MessageChannel();
    new Worker(WORKER, { eval: true, workerData: { port: port2 }, transferList: [port2] }).unref();
    channel = port1;
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  channel.postMessage({ url, body, flag });
  if (Atomics.wait(flag, 0, 0, 60_000) === 'timed-out') {
    // A late answer must not be taken for the next question's.
    channel.close();
    channel = undefined;
    throw new Error(`no answer from the D1 service at ${url} within 60 s`);
  }
  const reply = receiveMessageOnPort(channel)?.message as { ok: boolean; text: string } | undefined;
  if (!reply) throw new Error(`no answer from the D1 service at ${url}`);
  if (!reply.ok) throw new Error(reply.text);
  return reply.text;
}

/** Runs SQL (one statement or several, in one batch) on the service's D1. */
export function d1Sync(url: string, sql: string): D1Answer {
  return JSON.parse(post(url, sql)) as D1Answer;
}

/** Makes a staff account in the service's D1 and returns its one-time password. */
export function staffAccountSync(url: string, account: StaffAccountRequest): string {
  return post(new URL('staff-account', url).href, JSON.stringify(account));
}
