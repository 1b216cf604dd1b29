/**
 * The same security headers (tests/api/security-headers.test.ts) on what the
 * Worker answers from its bindings: a static asset, the console's page and the
 * 404 page from ASSETS, and a 500 in the error shape when D1 fails. Assets reach
 * the worker only because wrangler.toml sends every request to it first; the
 * last test holds that setting in place.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';
import { workerFetch } from '../helpers/worker';
import { seedSample } from '../helpers/api';
import { expectSecurityHeaders } from '../helpers/security-headers';

/** The assets binding as the runtime gives it: the built files, and 404 for anything else. */
const ASSETS = {
  async fetch(input: RequestInfo | URL) {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    if (path === '/assets/app-3f2a1b.js') return new Response('export {};\n', { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    if (path === '/staff/') return new Response('<!doctype html><title>工作台</title>', { headers: { 'content-type': 'text/html; charset=utf-8' } });
    return new Response('<!doctype html><title>404</title>', { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' } });
  },
} as unknown as Fetcher;

async function withEnv(path: string, bindings: Partial<Cloudflare.Env>, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await workerFetch(new Request(`http://localhost${path}`, init), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

beforeAll(async () => {
  await seedSample();
});

describe('security headers', () => {
  it.each([
    ['a static script', '/assets/app-3f2a1b.js', 200, 'text/javascript'],
    ["the console's page, a static file", '/staff/', 200, 'text/html'],
    ['a missing asset asked for as a page (the 404 page)', '/assets/missing.js', 404, 'text/html'],
  ])('are on %s', async (_what, path, status, type) => {
    const res = await withEnv(path, { ASSETS }, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain(type);
    expectSecurityHeaders(res);
  });

  it('are on a 500 in the error shape', async () => {
    const DB = { prepare: () => { throw new Error('D1 is down'); } } as unknown as D1Database;
    // The list, which is never cached: a kept notice would be answered without D1 (http/notice-cache.ts).
    const res = await withEnv('/api/notices', { DB });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expectSecurityHeaders(res);
  });

  it('reach static assets because every request goes to the worker first (wrangler.toml)', () => {
    expect(wranglerToml).toMatch(/^run_worker_first = true$/m);
  });
});
