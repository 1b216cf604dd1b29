/**
 * A deployment without APP_SECRET (worker/http/configured.ts): at any address but a loopback one
 * it answers 503 with a message to every request, public or staff, before reading the database or
 * fingerprinting a client; on localhost it serves, as `npm start` and the tests do.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorMessages } from '../../worker/messages';
import { seedSample, SLUG } from '../helpers/api';
import { expectSecurityHeaders } from '../helpers/security-headers';
import { workerFetch } from '../helpers/worker';

const withoutSecret = { ...env, APP_SECRET: '' };

beforeAll(async () => {
  await seedSample();
});

describe('a deployment without APP_SECRET', () => {
  it.each([
    ['the notice API', '/api/notices/' + SLUG, 'GET'],
    ['the notice page', '/n/' + SLUG, 'GET'],
    ['a submission', '/api/feedback', 'POST'],
    ['staff sign-in', '/api/staff/session', 'POST'],
  ])('refuses %s at its public address with 503 and a message', async (_what, path, method) => {
    const res = await workerFetch(new Request(`https://zhenggai.example.gov.cn${path}`, { method, headers: { origin: 'https://zhenggai.example.gov.cn', 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined }), withoutSecret);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'service_not_configured', message: errorMessages.notConfigured } });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectSecurityHeaders(res);
  });

  it('serves on localhost, as npm start does', async () => {
    const res = await workerFetch(new Request(`http://localhost/api/notices/${SLUG}`), withoutSecret);
    expect(res.status).toBe(200);
  });

  it('serves at its public address once the secret is set', async () => {
    const res = await workerFetch(new Request(`https://zhenggai.example.gov.cn/api/notices/${SLUG}`), { ...env, APP_SECRET: 'a secret of the deployment' });
    expect(res.status).toBe(200);
  });
});
