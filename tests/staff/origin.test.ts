/**
 * The CSRF guard: state-changing staff requests need our Origin and a JSON body.
 */
import { beforeAll, describe, expect, it } from 'vitest';
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
