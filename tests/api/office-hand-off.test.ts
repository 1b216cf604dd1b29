/**
 * The public Worker's hand-off of /api/staff to the staff API's Worker (worker/http/office.ts):
 * every other staff test goes through it (tests/helpers/worker.ts); here, what it does itself.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import type { Env } from '../../worker/env';
import { errorMessages } from '../../worker/messages';
import { workerFetch } from '../helpers/worker';
import { expectSecurityHeaders } from '../helpers/security-headers';

describe('the staff API’s hand-off', () => {
  it('answers 503 in the error shape, with a message, where no office is bound', async () => {
    const { OFFICE: _none, ...bindings } = env as Env;
    const res = await worker.fetch(new Request('http://localhost/api/staff/session'), bindings as Env, createExecutionContext());
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 'office_unavailable', message: errorMessages.officeUnavailable } });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectSecurityHeaders(res);
  });

  it('passes the request on as it came and gives back the office’s answer with the security headers', async () => {
    // A sign-in without a password: the office's own validation answers, naming the field.
    const res = await workerFetch(
      new Request('http://localhost/api/staff/session', { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/json' }, body: JSON.stringify({ email: 'clerk@example.gov.cn' }) }),
    );
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields)).toEqual(['password']);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectSecurityHeaders(res);
  });

  it('leaves paths outside /api/staff to the public Worker', async () => {
    const res = await workerFetch(new Request('http://localhost/api/staffing'));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
