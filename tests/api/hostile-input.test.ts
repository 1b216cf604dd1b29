/**
 * No input produces a 500: hostile values thrown at every public route.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, postJson, seedSample, SLUG, validFeedback } from '../helpers/api';

const nasty = [
  'x'.repeat(100_000),
  '\u0000\u0001\u0007\u001b[31m\u007f',
  '\u202Eevil\u202C\u2066\u200F\u200E',
  '😀👨‍👩‍👧‍👦🇨🇳',
  '\uD800',
  '\uDFFF\uD800',
  "'; drop table feedback; --",
  '" OR 1=1 --',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '%00%ff%ED%A0%80',
  '\r\n\r\nHTTP/1.1 200 OK',
  '𠀀𪚥𰻞',
  '',
  ' ',
];

/** Whether this runtime's Headers accept `value` (the Fetch standard wants a byte string; workerd is more lenient). */
function takenAsHeader(value: string): boolean {
  try {
    new Headers({ 'x-probe': value });
    return true;
  } catch {
    return false;
  }
}

const wrongTypes: unknown[] = [null, true, 0, -1, 1e308, [], [1, 2], {}, { $gt: '' }, 'string', Number.MAX_SAFE_INTEGER + 2];

async function expectHandled(res: Response) {
  expect(res.status).toBeLessThan(500);
  if ((res.headers.get('content-type') ?? '').includes('application/json') && !res.ok) {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe('string');
    expect(typeof body.error?.message).toBe('string');
  } else {
    await res.arrayBuffer();
  }
}

beforeAll(async () => {
  await seedSample();
});

describe('hostile input to the public routes', () => {
  it('never answers 500 to hostile path segments on any GET route', async () => {
    const raw = ['%ED%A0%80', '%', '%%', '%E4%B8', '..%2F..%2F', 'a'.repeat(5000), '%3Cscript%3E', "'%20or%201=1"];
    for (const seg of [...raw, ...nasty.slice(1, 8).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '')))]) {
      for (const path of [`/api/notices/${seg}`, `/api/feedback/${seg}`, `/n/${seg}`, `/n/${seg}/feedback`, `/n/${SLUG}/feedback?item=${seg}`]) {
        await expectHandled(await call(path, { headers: { 'x-query-code': 'abc' } }));
      }
    }
  });

  it('never answers 500 to hostile values in any field of a feedback submission', { timeout: 60_000 }, async () => {
    const fields = ['noticeSlug', 'itemId', 'kind', 'content', 'anonymous', 'name', 'phone', 'email', 'consent'];
    for (const field of fields) {
      for (const value of [...nasty, ...wrongTypes]) {
        const res = await postJson('/api/feedback', validFeedback({ anonymous: false, consent: true, [field]: value }));
        await expectHandled(res);
      }
    }
  });

  it('never answers 500 to bodies that are not objects, or to hostile headers', async () => {
    for (const body of ['null', '[]', '"text"', '42', 'true', '{"__proto__":{"admin":true}}', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}', '\uFEFF{}', '{}garbage']) {
      await expectHandled(await postJson('/api/feedback', body));
      await expectHandled(await postJson('/api/feedback/DX-2611-2222/rating', body, { 'x-query-code': 'AAAA' }));
    }
    // Right-to-left overrides as an idempotency key: as they cross the wire (their UTF-8 bytes, a
    // character each), and, where the runtime's Headers take it (workerd; Node's refuse it), the marks themselves.
    const bidi = '\u202E'.repeat(10);
    for (const key of [String.fromCharCode(...new TextEncoder().encode(bidi)), ...(takenAsHeader(bidi) ? [bidi] : [])]) {
      await expectHandled(await postJson('/api/feedback', validFeedback(), { 'idempotency-key': key }));
    }
    await expectHandled(await postJson('/api/feedback', validFeedback(), { 'content-type': 'application/json; charset=gbk' }));
    await expectHandled(await call('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '99999999' }, body: '{}' }));
    await expectHandled(await call('/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]) }));
  });

  it('stores and returns text exactly as sent when it holds HTML, SQL, bidi marks and emoji', async () => {
    const content = `<script>alert(1)</script> '; drop table feedback; -- ‮反转‬ 😀 ${crypto.randomUUID()}`;
    const res = await postJson('/api/feedback', validFeedback({ content }));
    expect(res.status).toBe(201);
    const { ref, queryCode } = (await res.json()) as { ref: string; queryCode: string };
    const view = (await (await call(`/api/feedback/${ref}`, { headers: { 'x-query-code': queryCode } })).json()) as { content: string };
    expect(view.content).toBe(content);
  });

  it('never answers 500 to arbitrary generated JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.dictionary(fc.constantFrom('noticeSlug', 'itemId', 'kind', 'content', 'anonymous', 'name', 'phone', 'email', 'consent'), fc.jsonValue()), async (whole, partial) => {
        await expectHandled(await postJson('/api/feedback', JSON.stringify(whole)));
        await expectHandled(await postJson('/api/feedback', { ...validFeedback(), ...partial }));
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('never answers 500 to arbitrary strings in any field, lone surrogates included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('content', 'name', 'phone', 'email', 'kind', 'noticeSlug'), fc.string({ unit: 'binary', maxLength: 300 }), async (field, value) => {
        await expectHandled(await postJson('/api/feedback', validFeedback({ anonymous: false, consent: true, [field]: value })));
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
