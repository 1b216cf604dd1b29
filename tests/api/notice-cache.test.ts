/**
 * The public notice from the cache (issue 15): a repeat read is answered without the database,
 * one copy per text size, with an ETag and 304; a change purges it. The first part runs the app
 * over a Db that counts every query, with the platform's own cache (the Workers Cache API in
 * workerd, the in-process one under Node); the second goes through the entry as a reader does.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../worker/app';
import worker from '../../worker/index';
import { workerFetch } from '../helpers/worker';
import type { Db } from '../../worker/db/client';
import { createDb } from '../../worker/db/d1';
import { edgeNoticeCache, MEMORY_SECONDS } from '../../worker/edge-notice-cache';
import { items } from '../../worker/db/schema';
import { eq } from 'drizzle-orm';
import type { NoticeCache } from '../../worker/ports';
import { acceptsGzip, cachedNotice, purgeEveryNotice, SHARED_BUILD_WAIT_MS } from '../../worker/http/notice-cache';
import { Hono } from 'hono';
import type { AppEnv } from '../../worker/env';
import { memoryNoticeCache } from '../../server/notice-cache';
import { call, postJson, seedSample, SLUG } from '../helpers/api';
import { signedIn, staff } from '../staff/helpers';
import { forgetKeptNotices } from '../helpers/notice-cache';
import { fixtures, fresh, NOTICE_ADDRESS, postMail } from '../helpers/mail';
import type { Env } from '../../worker/env';

/** The Db with every query it starts counted (a query starts with a call on the Db: select, insert, batch, run…). */
function counted(db: Db): { db: Db; queries: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        n++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: proxy, queries: () => n };
}

/** The platform's own cache: the Workers Cache API where the runtime has one, else the Node host's. */
function platformCache(): NoticeCache {
  return typeof (globalThis as { caches?: unknown }).caches === 'object' ? edgeNoticeCache(`https://cache-test-${crypto.randomUUID()}.example`) : memoryNoticeCache();
}

function countedApp() {
  const { db, queries } = counted(createDb(env.DB));
  const noticeCache = platformCache();
  const app = createApp({
    database: () => db,
    readDatabase: () => db,
    assets: () => undefined,
    clientAddress: () => undefined,
    photos: () => ({ put: async () => {}, get: async () => null, delete: async () => {} }),
    noticeCache: () => noticeCache,
  });
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers }, env);
  return { get, queries, noticeCache };
}

beforeAll(async () => {
  await seedSample();
});

describe('a notice kept in the cache', () => {
  it('answers the API a second time without a single database query, with the same body and ETag', async () => {
    const { get, queries } = countedApp();
    const first = await get(`/api/notices/${SLUG}`);
    expect(first.status).toBe(200);
    const firstBody = await first.text();
    const read = queries();
    expect(read).toBeGreaterThan(0);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    const second = await get(`/api/notices/${SLUG}`);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('content-type')).toContain('application/json');
    expect(queries()).toBe(read);
  });

  it('answers the page per text size, each copy without the database once kept', async () => {
    const { get, queries } = countedApp();
    const ordinary = await get(`/n/${SLUG}`);
    const large = await get(`/n/${SLUG}`, { cookie: 'rw_large=1' });
    const ordinaryHtml = await ordinary.text();
    const largeHtml = await large.text();
    expect(ordinaryHtml).toContain('<html lang="zh-CN">');
    expect(largeHtml).toContain('<html lang="zh-CN" class="large">');
    expect(large.headers.get('etag')).not.toBe(ordinary.headers.get('etag'));
    const read = queries();

    const again = await get(`/n/${SLUG}`, { cookie: 'other=1; rw_large=1' });
    expect(await again.text()).toBe(largeHtml);
    expect(again.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await get(`/n/${SLUG}`)).text()).toBe(ordinaryHtml);
    expect(queries()).toBe(read);
  });

  it('answers 304 with no body to a browser that sends the ETag back, and 200 to a stale one', async () => {
    const { get } = countedApp();
    const first = await get(`/n/${SLUG}`);
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('no-cache');

    const same = await get(`/n/${SLUG}`, { 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    expect((await get(`/n/${SLUG}`, { 'if-none-match': `"stale", W/${etag}` })).status).toBe(304);

    const other = await get(`/n/${SLUG}`, { 'if-none-match': '"0000"' });
    expect(other.status).toBe(200);
    // The large page is another copy: the ordinary one's ETag does not match it.
    expect((await get(`/n/${SLUG}`, { 'if-none-match': etag, cookie: 'rw_large=1' })).status).toBe(200);
  });

  it('reads the database again after a purge, and shows the change', async () => {
    const { get, queries, noticeCache } = countedApp();
    const before = await (await get(`/api/notices/${SLUG}`)).text();
    const read = queries();
    const db = createDb(env.DB);
    const [row] = await db.select({ id: items.id, title: items.title }).from(items).limit(1);
    await db.update(items).set({ title: `${row!.title}（已更新）` }).where(eq(items.id, row!.id));
    try {
      // Kept: the change is not seen until a purge.
      expect(await (await get(`/api/notices/${SLUG}`)).text()).toBe(before);
      await noticeCache.purge(SLUG);
      const after = await (await get(`/api/notices/${SLUG}`)).text();
      expect(queries()).toBeGreaterThan(read);
      expect(after).toContain(`${row!.title}（已更新）`);
    } finally {
      await db.update(items).set({ title: row!.title }).where(eq(items.id, row!.id));
      await noticeCache.purge(SLUG);
    }
  });

  it('keeps no 404: an unknown notice is asked for each time', async () => {
    const { get, queries } = countedApp();
    expect((await get('/api/notices/no-such-notice')).status).toBe(404);
    const once = queries();
    expect((await get('/api/notices/no-such-notice')).status).toBe(404);
    expect(queries()).toBeGreaterThan(once);
  });
});

describe('a reader who takes gzip', () => {
  it('is told apart from one who does not by Accept-Encoding (RFC 9110 §12.5.3)', () => {
    for (const taken of ['gzip', 'gzip, deflate, br, zstd', 'br;q=1.0, gzip;q=0.8', 'x-gzip', '*', 'identity, *;q=0.5', ' GZIP ']) expect(acceptsGzip(taken), taken).toBe(true);
    for (const refused of [undefined, '', 'identity', 'br, zstd', 'gzip;q=0', 'gzip; q=0.000, *', '*;q=0', 'deflate']) expect(acceptsGzip(refused), String(refused)).toBe(false);
  });

  const gunzip = (bytes: ArrayBuffer) => new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();

  it(
    onWorker
      ? 'gets the copy uncompressed from the Worker, whose answers Cloudflare’s edge compresses'
      : 'gets the kept gzip copy on the Node host: the same text unzipped, an ETag of its own, Vary: Accept-Encoding, and 304 to its ETag',
    async () => {
      const { get, queries, noticeCache } = countedApp();
      const plain = await get(`/n/${SLUG}`);
      const html = await plain.text();
      const etag = plain.headers.get('etag')!;
      const read = queries();
      const asked = { 'accept-encoding': 'gzip, deflate, br, zstd' };
      const zipped = await get(`/n/${SLUG}`, asked);
      expect(zipped.status).toBe(200);
      expect(queries()).toBe(read);
      if (onWorker) {
        expect(zipped.headers.get('content-encoding')).toBeNull();
        expect(await zipped.text()).toBe(html);
        return;
      }
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toBe('accept-encoding');
      expect(zipped.headers.get('cache-control')).toBe('no-cache');
      expect(zipped.headers.get('content-security-policy')).toContain("script-src 'self'");
      const bytes = await zipped.arrayBuffer();
      expect(bytes.byteLength).toBeLessThan(new TextEncoder().encode(html).byteLength / 3);
      expect(await gunzip(bytes)).toBe(html);
      const zippedTag = zipped.headers.get('etag')!;
      expect(zippedTag).toBe(etag.replace(/"$/, '-gzip"'));

      const same = await get(`/n/${SLUG}`, { ...asked, 'if-none-match': zippedTag });
      expect(same.status).toBe(304);
      expect(same.headers.get('vary')).toBe('accept-encoding');
      // Each tag names its own copy: the gzip one's is not the plain one's.
      expect((await get(`/n/${SLUG}`, { 'if-none-match': zippedTag })).status).toBe(200);
      expect((await get(`/n/${SLUG}`, { ...asked, 'if-none-match': etag })).status).toBe(200);

      // The reader whose read builds the copy again (after a purge, or once the copy expired) is
      // answered as it is then kept: a browser holding the gzip copy's ETag gets 304, not the page.
      await noticeCache.purge(SLUG);
      const rebuiltFrom = queries();
      const rebuilt = await get(`/n/${SLUG}`, { ...asked, 'if-none-match': zippedTag });
      expect(queries()).toBeGreaterThan(rebuiltFrom);
      expect(rebuilt.status).toBe(304);
      expect(rebuilt.headers.get('vary')).toBe('accept-encoding');
      await noticeCache.purge(SLUG);
      const rebuiltPlain = await get(`/n/${SLUG}`);
      expect(rebuiltPlain.headers.get('vary')).toBe('accept-encoding');
      expect(rebuiltPlain.headers.get('etag')).toBe(etag);
      expect(await rebuiltPlain.text()).toBe(html);

      const refused = await get(`/n/${SLUG}`, { 'accept-encoding': 'gzip;q=0, br' });
      expect(refused.headers.get('content-encoding')).toBeNull();
      expect(refused.headers.get('vary')).toBe('accept-encoding');
      expect(refused.headers.get('etag')).toBe(etag);
      expect(await refused.text()).toBe(html);

      const api = await get(`/api/notices/${SLUG}`);
      const json = await api.text();
      const apiZipped = await get(`/api/notices/${SLUG}`, asked);
      expect(apiZipped.headers.get('content-encoding')).toBe('gzip');
      expect(apiZipped.headers.get('content-type')).toContain('application/json');
      expect(await gunzip(await apiZipped.arrayBuffer())).toBe(json);
    },
  );

  it.skipIf(onWorker)('gets the gzip copy of the notice as it is after a purge, never the one before', async () => {
    const { get, noticeCache } = countedApp();
    const asked = { 'accept-encoding': 'gzip' };
    await get(`/api/notices/${SLUG}`);
    const before = await gunzip(await (await get(`/api/notices/${SLUG}`, asked)).arrayBuffer());
    const db = createDb(env.DB);
    const [row] = await db.select({ id: items.id, title: items.title }).from(items).limit(1);
    await db.update(items).set({ title: `${row!.title}（压缩后）` }).where(eq(items.id, row!.id));
    try {
      await noticeCache.purge(SLUG);
      const rebuilt = await get(`/api/notices/${SLUG}`, asked);
      // The reader whose read builds the copy gets it as kept, gzipped; so does the next one.
      expect(rebuilt.headers.get('content-encoding')).toBe('gzip');
      expect(await gunzip(await rebuilt.arrayBuffer())).toContain('（压缩后）');
      const after = await gunzip(await (await get(`/api/notices/${SLUG}`, asked)).arrayBuffer());
      expect(after).not.toBe(before);
      expect(after).toContain(`${row!.title}（压缩后）`);
    } finally {
      await db.update(items).set({ title: row!.title }).where(eq(items.id, row!.id));
      await noticeCache.purge(SLUG);
    }
  });
});

describe('the form page is never kept', () => {
  it('gives each copy of the form its own Idempotency-Key', async () => {
    const { get } = countedApp();
    const key = async () => /"form":\{"key":"([0-9a-f-]{36})"\}/.exec(await (await get(`/n/${SLUG}/feedback`)).text())?.[1];
    const [a, b] = [await key(), await key()];
    expect(a).toBeTruthy();
    expect(b).toBeTruthy();
    expect(a).not.toBe(b);
  });
});

describe('purges through the entry', () => {
  it('shows a staff change of an item’s status on the next read of the page and the API', async () => {
    const api = async () => (await call(`/api/notices/${SLUG}`)).json() as Promise<{ parts: Array<{ categories: Array<{ items: Array<{ id: number; status: string }> }> }> }>;
    const item = (await api()).parts[1]!.categories[0]!.items[1]!;
    const page = await call(`/n/${SLUG}`);
    const etag = page.headers.get('etag')!;
    expect((await call(`/n/${SLUG}`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const admin = await signedIn('admin');
    const to = item.status === 'completed' ? 'in_progress' : 'completed';
    const res = await staff(`/notices/${SLUG}/items/${item.id}/status`, { method: 'POST', cookie: admin.cookie, body: { status: to, note: '状态已核实。' } });
    expect(res.status).toBe(200);

    const after = (await api()).parts[1]!.categories[0]!.items[1]!;
    expect(after.status).toBe(to);
    const fresh = await call(`/n/${SLUG}`, { headers: { 'if-none-match': etag } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).not.toBe(etag);
  });

  it('leaves the kept copy alone after a staff write that shows nowhere on the notice', async () => {
    const page = await call(`/n/${SLUG}`);
    const etag = page.headers.get('etag')!;
    const admin = await signedIn('admin');
    const res = await staff('/reply-templates', { method: 'POST', cookie: admin.cookie, body: { title: `模板-${crypto.randomUUID().slice(0, 6)}`, body: '您好，您反映的问题已转交相关部门办理。' } });
    expect(res.status).toBeLessThan(300);
    expect((await call(`/n/${SLUG}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('shows a mail taken in at the HTTP door in the counts on the next read', async () => {
    const count = async () => ((await (await call(`/api/notices/${SLUG}`)).json()) as { feedbackCount: number }).feedbackCount;
    const before = await count();
    const etag = (await call(`/api/notices/${SLUG}`)).headers.get('etag')!;
    const res = await postMail(fresh(fixtures.gbkBase64()));
    expect(res.status).toBe(201);
    expect(await count()).toBe(before + 1);
    expect((await call(`/api/notices/${SLUG}`, { headers: { 'if-none-match': etag } })).status).toBe(200);
  });

  it('is unchanged for a submission refused before it is stored', async () => {
    const etag = (await call(`/api/notices/${SLUG}`)).headers.get('etag')!;
    const res = await postJson('/api/feedback', { noticeSlug: SLUG, itemId: null, kind: 'opinion', content: '', anonymous: true, consent: false });
    expect(res.status).toBe(422);
    expect((await call(`/api/notices/${SLUG}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });
});

describe('a copy read back from the cache', () => {
  it('answers as the copy was built, with no Age of the cache’s own (the Node host, whose cache adds none, answers alike)', async () => {
    const cache = platformCache();
    const headers = { 'cache-control': 'public, max-age=30', etag: '"e"', 'content-type': 'application/json' };
    await (await cache.lookup('age-test', 'api')).keep(new Response('{"kept":true}', { headers }));
    // Past the isolate's memory copy (2 s), so that the Workers Cache API answers.
    await new Promise((resolve) => setTimeout(resolve, MEMORY_SECONDS * 1000 + 200));
    const found = (await cache.lookup('age-test', 'api')).response!;
    expect(await found.text()).toBe('{"kept":true}');
    expect(found.headers.get('age')).toBeNull();
    expect(Object.fromEntries(found.headers)).toMatchObject(headers);
    await cache.purge('age-test');
  });
});

describe('a copy built while a purge went by', () => {
  it('is not kept: the next reader reads the database', async () => {
    const cache = platformCache();
    const miss = await cache.lookup(SLUG, 'api');
    expect(miss.response).toBeUndefined();
    // The change is committed and purged while the copy (read before it) is being built.
    await cache.purge(SLUG);
    await miss.keep(new Response('{"before":"the change"}', { headers: { 'cache-control': 'public, max-age=30' } }));
    expect((await cache.lookup(SLUG, 'api')).response).toBeUndefined();

    const next = await cache.lookup(SLUG, 'api');
    await next.keep(new Response('{"after":"the change"}', { headers: { 'cache-control': 'public, max-age=30' } }));
    expect(await (await cache.lookup(SLUG, 'api')).response?.text()).toBe('{"after":"the change"}');
    await cache.purge(SLUG);
  });
});

describe('a copy being kept when a purge goes by', () => {
  it('is not kept: the purge wins whatever the keeping still had to do', async () => {
    const cache = platformCache();
    const miss = await cache.lookup(SLUG, 'page', true);
    expect(miss.response).toBeUndefined();
    const keeping = miss.keep(new Response('<p>before the change</p>', { headers: { 'cache-control': 'public, max-age=30', 'content-type': 'text/html' } }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await cache.purge(SLUG);
    await keeping;
    expect((await cache.lookup(SLUG, 'page', true)).response).toBeUndefined();
    expect((await cache.lookup(SLUG, 'page', false)).response).toBeUndefined();
  });
});

describe('readers who miss at the same moment', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** A promise with its resolve, for holding a build until the test lets it go. */
  function deferred() {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  /**
   * The route the notice's copies go through, over the platform's own cache, with a build that the
   * test holds at its start: each build's start is told (`started`), and it answers the notice's
   * `version` as it was when the build began, once `release` is called.
   */
  function heldRoute({ fail = () => false, held = () => true }: { fail?: (build: number) => boolean; held?: (build: number) => boolean } = {}) {
    const cache = platformCache();
    let version = 1;
    /** Lets every build go; `gates` lets one build go alone. */
    const all = deferred();
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const gateOf = (build: number) => {
      if (!gates.has(build)) gates.set(build, deferred());
      return gates.get(build)!;
    };
    const started: Array<ReturnType<typeof deferred>> = [deferred()];
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('noticeCache', cache);
      await next();
    });
    app.get('/copy', (c) =>
      cachedNotice(c, SLUG, 'api', async () => {
        const build = started.length;
        const seen = version;
        started[build - 1]!.resolve();
        started.push(deferred());
        if (held(build)) await Promise.race([all.promise, gateOf(build).promise]);
        if (fail(build)) throw new Error('the database went away');
        return c.json({ version: seen });
      }),
    );
    return {
      cache,
      read: () => app.request('/copy', {}, env),
      builds: () => started.length - 1,
      /** Resolves when the nth build (from 1) has begun. */
      begun: (n: number) => started[n - 1]!.promise,
      change: async () => {
        version++;
        await cache.purge(SLUG);
      },
      /** Lets every build go, held or to come. */
      release: () => all.resolve(),
      /** Lets the nth build go. */
      releaseBuild: (n: number) => gateOf(n).resolve(),
    };
  }

  it('share one build: the database is read once, and each gets the same answer and ETag', async () => {
    const route = heldRoute();
    await route.cache.purge(SLUG);
    const readers = Array.from({ length: 8 }, () => route.read());
    await route.begun(1);
    // Every reader has looked in the cache and found nothing by the time the build is let go.
    await sleep(50);
    route.release();
    const answers = await Promise.all(readers);
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(await Promise.all(answers.map((a) => a.text())))).toEqual(new Set(['{"version":1}']));
    const etags = new Set(answers.map((a) => a.headers.get('etag')));
    expect(etags.size).toBe(1);
    expect([...etags][0]).toMatch(/^"[0-9a-f]{32}"$/);
    expect(route.builds()).toBe(1);
    // And the copy is kept: the next reader builds nothing.
    expect(await (await route.read()).text()).toBe('{"version":1}');
    expect(route.builds()).toBe(1);
    await route.cache.purge(SLUG);
  });

  it('never join a build begun before a purge: a reader after it sees the change', async () => {
    const route = heldRoute();
    await route.cache.purge(SLUG);
    const before = route.read();
    await route.begun(1);
    await route.change();
    const after = route.read();
    // Its own build begins at once, not after waiting out the one begun before the purge.
    const soon = new Promise((r) => setTimeout(() => r('still waiting'), SHARED_BUILD_WAIT_MS / 4));
    expect(await Promise.race([route.begun(2).then(() => 'begun'), soon])).toBe('begun');
    route.release();
    expect(await (await before).text()).toBe('{"version":1}');
    expect(await (await after).text()).toBe('{"version":2}');
    expect(route.builds()).toBe(2);
    // What is kept is the build after the purge, never the one before it.
    expect(await (await route.read()).text()).toBe('{"version":2}');
    await route.cache.purge(SLUG);
  });

  it('build again when the shared build fails, once between them, and the one who built it gets the error', async () => {
    const route = heldRoute({ fail: (build) => build === 1 });
    await route.cache.purge(SLUG);
    const first = route.read();
    await route.begun(1);
    const waiting = Array.from({ length: 3 }, () => route.read());
    await sleep(50);
    route.release();
    expect((await first).status).toBe(500);
    const answers = await Promise.all(waiting);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(await Promise.all(answers.map((a) => a.text())))).toEqual(new Set(['{"version":1}']));
    // The failed build and one more, not one for each waiter at the moment the database is failing.
    expect(route.builds()).toBe(2);
    await route.cache.purge(SLUG);
  });

  it('wait for another reader’s build a short while only: a build that never ends holds no one for long', async () => {
    const route = heldRoute({ held: (build) => build === 1 });
    await route.cache.purge(SLUG);
    const stuck = route.read();
    await route.begun(1);
    const t = Date.now();
    const next = await route.read();
    const waited = Date.now() - t;
    expect(next.status).toBe(200);
    expect(await next.text()).toBe('{"version":1}');
    expect(waited).toBeGreaterThanOrEqual(SHARED_BUILD_WAIT_MS - 100);
    expect(waited).toBeLessThan(SHARED_BUILD_WAIT_MS + 1000);
    expect(route.builds()).toBe(2);
    route.release();
    expect((await stuck).status).toBe(200);
    await route.cache.purge(SLUG);
  });

  it('share again once a build that never ends has had its time: it holds no later build', async () => {
    const route = heldRoute({ held: (build) => build <= 2 });
    await route.cache.purge(SLUG);
    const stuck = route.read();
    await route.begun(1);
    await sleep(SHARED_BUILD_WAIT_MS + 50);
    const later = route.read();
    await route.begun(2);
    const alongside = route.read();
    await sleep(50);
    route.releaseBuild(2);
    expect((await later).status).toBe(200);
    expect((await alongside).status).toBe(200);
    expect(route.builds()).toBe(2);
    route.release();
    expect((await stuck).status).toBe(200);
    await route.cache.purge(SLUG);
  });
});

/** Whether this runs in workerd (the Worker's entry, D1, the Cache API), not on the Node host. */
const onWorker = typeof (globalThis as { caches?: unknown }).caches === 'object';

describe.skipIf(!onWorker)('D1 sessions on the Worker', () => {
  /** The D1 binding, with every session asked of it written down. */
  function sessionsOf(d1: D1Database) {
    const asked: unknown[] = [];
    const DB = new Proxy(d1, {
      get(target, prop) {
        if (prop === 'withSession') return (constraint: unknown) => (asked.push(constraint), target.withSession(constraint as D1SessionConstraint));
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { DB, asked };
  }
  const fetchWith = (DB: D1Database, path: string) => workerFetch(new Request(`http://localhost${path}`), { ...env, DB });

  it('reads the list and the form page through a session that a replica may start', async () => {
    const { DB, asked } = sessionsOf(env.DB);
    const list = await fetchWith(DB, '/api/notices');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { notices: Array<{ slug: string }> }).notices.map((n) => n.slug)).toContain(SLUG);
    expect((await fetchWith(DB, `/n/${SLUG}/feedback`)).status).toBe(200);
    expect(asked).toEqual(['first-unconstrained', 'first-unconstrained']);
  });

  it('builds the notice it keeps from the primary, without a session', async () => {
    await forgetKeptNotices();
    const { DB, asked } = sessionsOf(env.DB);
    expect((await fetchWith(DB, `/api/notices/${SLUG}`)).status).toBe(200);
    expect((await fetchWith(DB, `/n/${SLUG}`)).status).toBe(200);
    expect(asked).toEqual([]);
  });
});

describe.skipIf(!onWorker)('mail through Email Routing on the Worker', () => {
  it('purges the notice kept under PUBLIC_ORIGIN: the next read shows the mail in the counts', async () => {
    const e = { ...env, PUBLIC_ORIGIN: 'https://zhenggai.example.gov.cn', SEND_EMAIL: { send: vi.fn(async () => ({ messageId: 'x' })) } } as unknown as Env;
    const count = async () => {
      const res = await workerFetch(new Request(`http://localhost/api/notices/${SLUG}`), e);
      return ((await res.json()) as { feedbackCount: number }).feedbackCount;
    };
    const before = await count();
    const raw = fresh(fixtures.gbkBase64());
    const message = { from: 'li.si@qq.com', to: NOTICE_ADDRESS, headers: new Headers(), raw: new Response(raw as Uint8Array<ArrayBuffer>).body!, rawSize: raw.length, setReject: vi.fn(), forward: vi.fn(), reply: vi.fn() };
    await worker.email!(message as unknown as ForwardableEmailMessage, e, createExecutionContext());
    expect(message.setReject).not.toHaveBeenCalled();
    expect(await count()).toBe(before + 1);
  });
});

describe('a purge of every notice', () => {
  it('never fails the change it follows: when the notices cannot be read, it logs a line without details and the copies wait for their TTL', async () => {
    const cache = memoryNoticeCache();
    const purge = vi.spyOn(cache, 'purge');
    const failing = new Proxy(createDb(env.DB), {
      get(target, prop, receiver) {
        if (prop === 'select') return () => { throw new Error('D1 is unavailable'); };
        return Reflect.get(target, prop, receiver);
      },
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(purgeEveryNotice(failing, cache)).resolves.toBeUndefined();
      expect(purge).not.toHaveBeenCalled();
      expect(logged).toHaveBeenCalledWith('notice cache: could not read the notices to purge', 'Error');
    } finally {
      logged.mockRestore();
    }
    await purgeEveryNotice(createDb(env.DB), cache);
    expect(purge).toHaveBeenCalledWith(SLUG);
  });
});
