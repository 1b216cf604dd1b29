/**
 * Every response carries the same security headers: a rendered page, an API
 * answer, an API error and a 404, page or JSON. Static assets and a 500 from a
 * failing database: tests/api/security-headers-bindings.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, seedSample, SLUG } from '../helpers/api';
import { expectSecurityHeaders } from '../helpers/security-headers';

beforeAll(async () => {
  await seedSample();
});

describe('security headers', () => {
  it.each([
    ['a rendered page', `/n/${SLUG}`, 200, 'text/html'],
    ['an API answer', `/api/notices/${SLUG}`, 200, 'application/json'],
    ['an API refusal', '/api/staff/feedback', 401, 'application/json'],
    ['an unknown API path', '/api/no-such-thing', 404, 'application/json'],
    ['an unknown page', '/n/no-such-notice', 404, 'text/html'],
  ])('are on %s', async (_what, path, status, type) => {
    const res = await call(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain(type);
    expectSecurityHeaders(res);
    await res.arrayBuffer();
  });
});
