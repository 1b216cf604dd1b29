/**
 * The tests' side of tests/setup/d1-service.ts, apart from it so that a test file does not load
 * wrangler. The tests wait for each answer (the browser helpers' `d1()` is synchronous): a
 * short-lived Node asks the service, a fraction of a second where `wrangler d1 execute` or
 * `npm run staff` took seconds of CPU.
 */
import { execFileSync } from 'node:child_process';

/** What `wrangler d1 execute --json` prints: one entry per statement. */
export type D1Answer = Array<{ results: Array<Record<string, unknown>> }>;

/** An account as `npm run staff -- add --email … --role … [--name …] [--department …]` makes it. */
export interface StaffAccountRequest {
  email: string;
  role: 'admin' | 'handler' | 'viewer';
  name?: string;
  department?: string;
}

/** Posts `body` to `url` from a Node of its own; its answer, or its error (SQLite's message) thrown. */
const CLIENT = `
  let body = '';
  process.stdin.setEncoding('utf8').on('data', (c) => (body += c)).on('end', async () => {
    const res = await fetch(process.argv[1], { method: 'POST', body });
    const text = await res.text();
    if (!res.ok) {
      process.stderr.write(text);
      process.exit(1);
    }
    process.stdout.write(text);
  });`;

function post(url: string, body: string): string {
  return execFileSync(process.execPath, ['-e', CLIENT, url], { input: body, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs SQL (one statement or several, in one batch) on the service's D1. */
export function d1Sync(url: string, sql: string): D1Answer {
  return JSON.parse(post(url, sql)) as D1Answer;
}

/** Makes a staff account in the service's D1 and returns its one-time password. */
export function staffAccountSync(url: string, account: StaffAccountRequest): string {
  return post(new URL('staff-account', url).href, JSON.stringify(account));
}
