/**
 * No input to the staff API produces a 5xx, and every refusal is JSON in the one
 * error shape (`{ error: { code, message, fields? } }`, http/errors.ts); an
 * answer of 2xx reads to its end, so an export cannot fail halfway unnoticed.
 *
 * Every route that `staffRoute` declares (a new one is covered without being
 * listed here), asked by each role, with hostile values: control characters and
 * NUL, lone surrogates, bidi marks, SQL, HTML, long strings, wrong JSON types,
 * huge and negative numbers, malformed JSON, and path segments such as `%00`.
 * To stay a few hundred requests, each route and role takes the next value of
 * each list in turn (a hostile path, query, raw body and body of hostile
 * fields), so that every value meets several routes and every route several
 * values; the lists are fixed (fast-check's values come from a fixed seed), so a
 * failure is reproduced by running the file again. The fallbacks (a method no
 * route takes) are asked once each.
 *
 * Then the search text: a NUL or another control character in `q` (F2) gives
 * the inbox and every export format a full answer, and searches for the rest.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ftsPhrase } from '../../worker/db/staff-inbox';
import { workerFetch } from '../helpers/worker';
import { staffRoute } from '../../worker/routes/staff';
import { readToEnd } from '../export/helpers';
import { itemIdAt, seedSample, SLUG } from '../helpers/api';
import { createDepartment, createUser, json, ORIGIN, setFeedback, signedIn, submitPublic, type TestUser } from './helpers';

/** Values for a field of a JSON body: the fixed list, then fast-check's (arbitrary strings and JSON, from a fixed seed). */
const BODY_VALUES: unknown[] = [
  '\u0000',
  'a\u0000b\u0000c',
  '\u0001\u0007\u001b[31m\u007f\u0085\u009f',
  // Longer than any field allows, and, in every field at once, than any body may be.
  'x'.repeat(4100),
  '\uD800',
  '\uDFFFab\uD800',
  '\u202Eevil\u202C\u2066\u200F\u200E',
  "'; drop table feedback; --",
  '" OR 1=1 --',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '%00',
  '😀👨‍👩‍👧‍👦𠀀',
  '',
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  [1, 2],
  {},
  { $gt: '' },
  ...fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.jsonValue({ maxDepth: 2 })), { seed: 10, numRuns: 14 }),
];

/** Bodies that are not a JSON object, or not JSON at all (sent as application/json). */
const RAW_BODIES: Array<string | Uint8Array<ArrayBuffer>> = [
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '42',
  '{"__proto__":{"role":"admin"}}',
  '\uFEFF{}',
  '{}garbage',
  '{"id":1e999,"updatedAt":-1e999,"days":1e999,"departmentId":-0}',
  `{"a":${'['.repeat(3000)}${']'.repeat(3000)}}`,
  `{"text":"${'x'.repeat(20_001)}","reason":"${'理'.repeat(2001)}","name":"${'名'.repeat(1001)}"}`,
  new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
  new Uint8Array([0x7b, 0x22, 0x74, 0x6f, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
];

/** Query values, already percent-encoded (a lone surrogate has no encodeURIComponent). */
const QUERY_VALUES = [
  '%00',
  'ab%00c',
  '%01%07%1B%7F%C2%85',
  '%ED%A0%80',
  '%',
  '%%',
  '-1',
  '0',
  '1e999',
  '99999999999999999999',
  "'%20or%201=1--",
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  'x'.repeat(5000),
  '%E2%80%AEevil%E2%80%AC',
  '%22%22%22',
  'NEAR(a%20b)%20OR%20*',
];

/** Path segments in place of a parameter or of a wildcard. */
const PATH_VALUES = ['%00', '0', '-1', '99999999999999999999', '9'.repeat(400), '1%00', '%ED%A0%80', '..%2F..%2Fetc', "x'%20or%201=1", 'a'.repeat(300), '%E2%80%AE', '%20'];

/** Every query key the staff API reads; unknown ones are ignored. */
const QUERY_KEYS = [
  'q', 'status', 'notice', 'item', 'department', 'channel', 'kind', 'overdue', 'from', 'to', 'cursor', 'limit', 'format', 'part', 'timeline',
  'source', 'around', 'before', 'actor', 'targetType', 'targetId', 'dueSoon', 'returned', 'updatedAt',
];

/** Field names of the staff API's JSON bodies, to be given a hostile value all at once. */
const BODY_FIELDS = [
  'to', 'reason', 'duplicateOf', 'departmentId', 'reply', 'updatedAt', 'text', 'days', 'channel', 'receivedAt', 'noticeSlug', 'itemId', 'kind',
  'content', 'anonymous', 'name', 'phone', 'email', 'consent', 'password', 'currentPassword', 'newPassword', 'token', 'displayName', 'role',
  'into', 'body', 'public', 'status', 'changedOn', 'note', 'closedOn', 'title', 'slug', 'issuer', 'publishedOn', 'refPrefix', 'file', 'around',
  'readAt', 'label', 'measures', 'statusText', 'level', 'sourceNote', 'action', 'ids',
];

/** The value of `list` for the `k`-th route and role, wrapping round. */
function pick<T>(list: readonly T[], k: number): T {
  return list[k % list.length]!;
}

interface Route {
  method: string;
  path: string;
}

/** Each route once (a route may be declared by several handlers in a chain). */
function staffRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const r of staffRoute.routes) seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  return [...seen.values()];
}

/** The path with each `:param` (and a trailing `*`) filled in: by `value`, or by a real one. */
function fill(path: string, value: string | null, real: (param: string, path: string) => string): string {
  return path
    .replace(/:([a-zA-Z]+)(\{[^}]*\})?/g, (_m, name: string) => value ?? real(name, path))
    .replace(/\*$/, value ?? 'anything');
}

interface Problem {
  request: string;
  status: number;
  what: string;
}

/** What is wrong with an answer: a 5xx, an error not in the error shape, or a 2xx body that fails. */
async function problemOf(res: Response): Promise<string | null> {
  const { text, error } = await readToEnd(res.body);
  if (res.status >= 500) return `status ${res.status}: ${text.slice(0, 200)}`;
  if (res.status < 400) return error === null ? null : `body failed: ${String(error).slice(0, 200)}`;
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) return `error not JSON: ${res.headers.get('content-type')}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `error not JSON: ${text.slice(0, 200)}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `error not an object: ${text.slice(0, 200)}`;
  const body = parsed as { error?: Record<string, unknown> };
  const e = body.error;
  const shaped =
    Object.keys(body).length === 1 &&
    typeof e === 'object' && e !== null &&
    Object.keys(e).every((k) => ['code', 'message', 'fields'].includes(k)) &&
    typeof e.code === 'string' && e.code !== '' &&
    typeof e.message === 'string' && e.message !== '' &&
    (e.fields === undefined || (typeof e.fields === 'object' && e.fields !== null && Object.values(e.fields).every((m) => typeof m === 'string' && m !== '')));
  return shaped ? null : `error not in the error shape: ${text.slice(0, 200)}`;
}

/** Runs the requests a few at a time, and lists every answer that has a problem. */
async function problemsOf(requests: Array<{ label: string; send: () => Promise<Response> }>): Promise<Problem[]> {
  const problems: Problem[] = [];
  let next = 0;
  async function worker() {
    while (next < requests.length) {
      const r = requests[next++]!;
      const res = await r.send();
      const what = await problemOf(res);
      if (what) problems.push({ request: r.label, status: res.status, what });
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
  return problems;
}

type Role = 'admin' | 'handler' | 'viewer';
const ROLES: Role[] = ['admin', 'handler', 'viewer'];
const users = {} as Record<Role, TestUser>;
let department: number;
let feedbackId: number;
let itemId: number;
let otherUserId: number;
let templateId: number;
let source: string;

/** A real value for a parameter, so that the request reaches the handler's own checks. */
function realParam(name: string, path: string): string {
  if (name === 'slug') return SLUG;
  if (name === 'source') return source;
  if (path.startsWith('/items') || path.includes('/items/')) return String(itemId);
  if (path.startsWith('/departments')) return String(department);
  if (path.startsWith('/users')) return String(otherUserId);
  if (path.startsWith('/reply-templates')) return String(templateId);
  return String(feedbackId);
}

/**
 * A staff request as the console makes it, straight to the worker's fetch: the
 * pool's SELF and `exports` loopback wraps its entrypoint's prototype in one more
 * Proxy on every call (cloudflare/workers-sdk#15092, fixed after 0.15.1), so
 * hundreds of calls through it slow each other down and, near 1,750, overflow the stack.
 */
async function send(role: Role, method: string, path: string, body?: string | Uint8Array<ArrayBuffer>): Promise<Response> {
  const headers: Record<string, string> = { cookie: users[role].cookie };
  if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, { origin: ORIGIN, 'content-type': 'application/json' });
  const ctx = createExecutionContext();
  const res = await workerFetch(new Request(`http://localhost/api/staff${path}`, { method, headers, body }), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

beforeAll(async () => {
  await seedSample();
  department = await createDepartment();
  // The handler and the viewer belong to the department the feedback and the item are in: every check is passed up to the input's.
  users.admin = await signedIn('admin');
  users.handler = await signedIn('handler', { departmentId: department });
  users.viewer = await signedIn('viewer', { departmentId: department });
  const submitted = await submitPublic({ content: '社区宣传栏的内容仍然没有更新，路灯也不亮。' });
  feedbackId = submitted.id;
  await setFeedback(feedbackId, { department_id: department });
  itemId = await itemIdAt(1, 2, 1);
  expect((await send('admin', 'POST', `/items/${itemId}/department`, JSON.stringify({ departmentId: department }))).status).toBe(200);
  otherUserId = (await createUser('viewer')).id;
  templateId = (await json<{ id: number }>(await send('admin', 'POST', '/reply-templates', JSON.stringify({ title: '已转交承办部门', body: '您反映的问题已转交承办部门办理。' })))).id;
  const inbox = await json<{ feedback: Array<{ id: number; source: string | null }> }>(await send('admin', 'GET', '/feedback'));
  source = inbox.feedback.find((f) => f.id === feedbackId)?.source ?? 'deadbeef';
});

/** `answer` (a staff path, with or without a query) searching for `q` as the console does: the words sealed first, then sent as `qs`. */
async function search(role: Role, answer: string, q: string): Promise<Response> {
  const sealing = await send(role, 'POST', '/search', JSON.stringify({ q }));
  if (sealing.status !== 200) return sealing;
  const { token } = await json<{ token: string }>(sealing);
  return send(role, 'GET', `${answer}${answer.includes('?') ? '&' : '?'}qs=${encodeURIComponent(token)}`);
}

describe('control characters in the search text (F2)', () => {
  const NUL_QUERIES = ['宣传\u0000栏', '\u0000\u0000\u0000', 'ab\u0000c', '路\u0000', '\u0001\u001b\u007f宣传栏\u0085'];
  const ANSWERS = ['/feedback', '/export?format=csv', '/export?format=ndjson', '/export?format=ndjson&timeline=1', '/export?format=xlsx', '/export?format=csv&part=timeline'];

  it('gives the inbox and every export format a full answer, for every role', { timeout: 30_000 }, async () => {
    // Each role with the text the red team sent; an admin with the others too.
    const asked = [...ROLES.map((role) => [role, 'ab\u0000c'] as const), ...NUL_QUERIES.filter((q) => q !== 'ab\u0000c').map((q) => ['admin', q] as const)];
    const requests = asked.flatMap(([role, q]) =>
        ANSWERS.map((answer) => ({
          label: `${answer} q=${JSON.stringify(q)} as ${role}`,
          send: async () => {
            const res = await search(role, answer, q);
            // Not an error at all: a search is never refused for what it holds.
            expect(res.status, `${answer} q=${JSON.stringify(q)} as ${role}`).toBe(200);
            return res;
          },
        })),
    );
    expect(await problemsOf(requests)).toEqual([]);
  });

  async function found(q: string): Promise<number[]> {
    const res = await search('admin', '/feedback', q);
    expect(res.status).toBe(200);
    return (await json<{ feedback: Array<{ id: number }> }>(res)).feedback.map((f) => f.id);
  }

  it('searches for the text without its control characters', async () => {
    // Full-text (three characters or more) and substring (fewer) alike.
    expect(await found('宣传\u0000栏')).toEqual(await found('宣传栏'));
    expect(await found('宣\u0000传\u001b栏\u0085')).toContain(feedbackId);
    expect(await found('路\u0000')).toEqual(await found('路'));
    expect(await found('路')).toContain(feedbackId);
  });

  it('makes a valid full-text query of any text, which finds the text without its control characters', async () => {
    const match = (q: string) => env.DB.prepare('select rowid as id from feedback_fts where feedback_fts match ?').bind(ftsPhrase(q)).all<{ id: number }>();
    for (const q of ['\u0000', 'ab\u0000c', '"\u0000"', '\u0000\u0000\u0000', 'NEAR(a b) OR *', '\uD800ab', '']) await expect(match(q), JSON.stringify(q)).resolves.toBeTruthy();
    expect((await match('宣传\u0000栏\u0001')).results.map((r) => r.id)).toContain(feedbackId);
  });

  it('treats text of control characters only as no search at all', async () => {
    expect(await found('\u0000\u0000\u0000')).toEqual(await found(''));
    expect(await found('\u0000\u0000\u0000')).toContain(feedbackId);
  });

  it('exports what the inbox finds', async () => {
    const res = await search('admin', '/export?format=ndjson', '宣传\u0000栏');
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as { id?: number; ref: string });
    expect(lines.map((l) => l.ref)).toEqual(
      (await json<{ feedback: Array<{ ref: string }> }>(await search('admin', '/feedback', '宣传栏'))).feedback.map((f) => f.ref),
    );
  });
});

// Last: some of these requests sign the roles out.
describe('hostile input to every staff route, as each role', () => {
  it('never answers 5xx, and answers every refusal in the error shape', { timeout: 60_000 }, async () => {
    const routes = staffRoutes();
    // Signing out ends the session the other requests use: those go last, after everything else.
    const signOut = (r: Route) => r.method === 'DELETE' && r.path === '/session';
    const requests: Array<{ label: string; send: () => Promise<Response> }> = [];
    const last: typeof requests = [];
    let k = 0;
    for (const route of routes) {
      for (const role of ROLES) {
        k++;
        const add = (method: string, path: string, body?: string | Uint8Array<ArrayBuffer>, what = '') =>
          (signOut(route) ? last : requests).push({ label: `${method} ${path.slice(0, 120)} ${what} as ${role}`, send: () => send(role, method, path, body) });
        const hasParams = /[:*]/.test(route.path);

        if (route.method === 'ALL') {
          // The fallbacks, once each whoever asks: a method no route takes at this path, at a real path or a hostile one.
          if (role !== ROLES[k % ROLES.length]) continue;
          const taken = new Set(routes.filter((r) => r.path === route.path).map((r) => r.method));
          const method = pick(['PUT', 'PATCH', 'DELETE', 'POST', 'GET'].filter((m) => !taken.has(m)), k);
          add(method, fill(route.path, hasParams ? pick(PATH_VALUES, k) : null, realParam), method === 'GET' ? undefined : '{}', '(fallback)');
          continue;
        }
        if (hasParams) add(route.method, fill(route.path, pick(PATH_VALUES, k), realParam), route.method === 'GET' ? undefined : '{}');
        const path = fill(route.path, null, realParam);
        if (route.method === 'GET') {
          const value = pick(QUERY_VALUES, k);
          add(route.method, `${path}?${QUERY_KEYS.map((key) => `${key}=${value}`).join('&')}`);
          continue;
        }
        const raw = pick(RAW_BODIES, k);
        add(route.method, path, raw, `raw ${typeof raw === 'string' ? JSON.stringify(raw.slice(0, 30)) : 'bytes'}`);
        const value = pick(BODY_VALUES, k);
        add(route.method, path, JSON.stringify(Object.fromEntries(BODY_FIELDS.map((field) => [field, value]))), `every field ${JSON.stringify(value)?.slice(0, 30)}`);
      }
    }
    expect(requests.length + last.length).toBeGreaterThan(250);
    const problems = [...(await problemsOf(requests)), ...(await problemsOf(last))];
    expect(problems).toEqual([]);
  });
});
