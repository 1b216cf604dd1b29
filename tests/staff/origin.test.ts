/**
 * The CSRF guard: state-changing staff requests need our Origin and a JSON body.
 * Our origin is PUBLIC_ORIGIN when it is configured, else the request's own.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { workerFetch } from '../helpers/worker';
import { call, seedSample } from '../helpers/api';
import { ORIGIN, signedIn, staff, type TestUser } from './helpers';

const badOrigin = { error: { code: 'bad_origin', message: '无法确认请求来自整改监督工作台，请刷新工作台页面后重试' } };
const notJson = { error: { code: 'not_json', message: '请以 JSON 格式提交（Content-Type: application/json）' } };

let admin: TestUser;
beforeAll(async () => {
  await seedSample();
  admin = await signedIn('admin');
});

const STATE_CHANGING: Array<[method: string, path: string]> = [
  ['POST', '/session'],
  ['DELETE', '/session'],
  ['POST', '/session/password'],
  ['POST', '/feedback'],
  ['POST', '/feedback/1/reveal'],
  ['POST', '/feedback/1/transition'],
  ['POST', '/feedback/1/notes'],
  ['POST', '/feedback/1/extend'],
  ['POST', '/feedback/1/assignment'],
  ['POST', '/items/1/comments'],
  ['POST', '/items/1/department'],
  ['POST', '/departments'],
  ['POST', '/users'],
];

describe('Origin', () => {
  it.each(STATE_CHANGING)('%s %s without Origin is refused with 403, signed in or not', async (method, path) => {
    for (const cookie of [admin.cookie, null]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) };
      const res = await call(`/api/staff${path}`, { method, headers, body: '{}' });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual(badOrigin);
    }
  });

  it.each(['https://evil.example', 'http://localhost:8787', 'null', 'http://localhost.evil.example'])('refuses Origin %s', async (origin) => {
    const res = await staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name: '新部门' }, headers: { origin } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(badOrigin);
  });

  it('does not ask GET requests for an Origin', async () => {
    expect((await staff('/departments', { cookie: admin.cookie })).status).toBe(200);
  });
});

describe('Content-Type', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''])('refuses %j with 415', async (type) => {
    const res = await call('/api/staff/session', {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: admin.cookie, ...(type ? { 'content-type': type } : {}) },
      body: 'email=a@example.gov.cn&password=x',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual(notJson);
  });

  it('refuses a sign-out that is not declared JSON', async () => {
    const res = await call('/api/staff/session', { method: 'DELETE', headers: { origin: ORIGIN, cookie: admin.cookie } });
    expect(res.status).toBe(415);
  });

  it('accepts application/json with a charset', async () => {
    const res = await staff('/departments', { method: 'POST', cookie: admin.cookie, body: { name: `字符集-${crypto.randomUUID().slice(0, 4)}` }, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(res.status).toBe(201);
  });
});

describe('with PUBLIC_ORIGIN configured', () => {
  const PUBLIC_ORIGIN = 'https://zhenggai.example.gov.cn';

  /** A new department, asked for at `url` from `origin`, by a worker whose PUBLIC_ORIGIN is `configured`. */
  async function createDepartmentAt(url: string, origin: string, configured: string | undefined) {
    const ctx = createExecutionContext();
    const request = new Request(url, {
      method: 'POST',
      headers: { origin, cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `来源-${crypto.randomUUID().slice(0, 6)}` }),
    });
    const res = await workerFetch(request, { ...env, PUBLIC_ORIGIN: configured }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it.each([PUBLIC_ORIGIN, `${PUBLIC_ORIGIN}/`, ` ${PUBLIC_ORIGIN}/staff/ `])('accepts the configured origin (set as %j) whatever the Host', async (configured) => {
    // Behind a proxy the worker may see another host than the one the browser used.
    const res = await createDepartmentAt('http://rectification-watch.internal/api/staff/departments', PUBLIC_ORIGIN, configured);
    expect(res.status).toBe(201);
  });

  it.each([
    ['the Host the request came with', 'http://localhost/api/staff/departments', 'http://localhost'],
    ['a Host an attacker chose', 'https://evil.example/api/staff/departments', 'https://evil.example'],
    ['the configured host over http', 'http://zhenggai.example.gov.cn/api/staff/departments', 'http://zhenggai.example.gov.cn'],
  ])('refuses an Origin equal to %s', async (_what, url, origin) => {
    const res = await createDepartmentAt(url, origin, PUBLIC_ORIGIN);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(badOrigin);
  });

  it('without it, compares with the request’s own origin', async () => {
    expect((await createDepartmentAt('http://localhost/api/staff/departments', 'http://localhost', undefined)).status).toBe(201);
    expect((await createDepartmentAt('http://localhost/api/staff/departments', PUBLIC_ORIGIN, undefined)).status).toBe(403);
    expect((await createDepartmentAt('http://localhost/api/staff/departments', 'http://localhost', '')).status).toBe(201);
  });

  it('gives out setup links at the configured origin, not at the host the proxy sent the request to', async () => {
    const invite = async (configured: string | undefined) => {
      const ctx = createExecutionContext();
      const request = new Request('http://127.0.0.1:8787/api/staff/users', {
        method: 'POST',
        headers: { origin: configured ? PUBLIC_ORIGIN : 'http://127.0.0.1:8787', cookie: admin.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ email: `invite-${crypto.randomUUID().slice(0, 8)}@example.gov.cn`, role: 'viewer' }),
      });
      const res = await workerFetch(request, { ...env, PUBLIC_ORIGIN: configured }, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(201);
      return ((await res.json()) as { setupLink: string }).setupLink;
    };
    expect(await invite(PUBLIC_ORIGIN)).toMatch(/^https:\/\/zhenggai\.example\.gov\.cn\/staff\/#\/setup\//);
    expect(await invite(undefined)).toMatch(/^http:\/\/127\.0\.0\.1:8787\/staff\/#\/setup\//);
  });
});
