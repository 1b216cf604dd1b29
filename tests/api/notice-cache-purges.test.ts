/**
 * Purges of the notice's copies in the Workers Cache API, gathered (issue 15): an isolate deletes
 * a notice's copies at once only when it has not done so within PURGE_GATHER_MS; sooner purges are
 * gathered into one delete after the response, and meanwhile the isolate that purged never answers
 * from a copy kept before its change. Cloudflare only: the Node host's cache is its process's memory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE_NAME, edgeNoticeCache, keyOf, PURGE_GATHER_MS } from '../../worker/edge-notice-cache';
import { call, postJson, seedSample, SLUG } from '../helpers/api';

const kept = (body: string) => new Response(body, { headers: { 'cache-control': 'public, max-age=30', 'content-type': 'application/json' } });

/** A cache on an origin of its own, whose deferred work the test holds and runs. */
function gatheringCache() {
  const origin = `https://purges-${crypto.randomUUID()}.example`;
  const deferred: Array<Promise<unknown>> = [];
  const cache = edgeNoticeCache(origin, [], 'v', (work) => deferred.push(work));
  /** What the Cache API itself holds for the API's copy (not this isolate's memory). */
  const inCacheApi = async (slug: string) => (await (await caches.open(CACHE_NAME)).match(keyOf(origin, 'v', slug, 'api')))?.text();
  const keep = async (slug: string, body: string) => {
    const entry = await cache.lookup(slug, 'api');
    await entry.keep(kept(body));
  };
  return { cache, deferred, inCacheApi, keep };
}

describe('purges of one notice close together', () => {
  it('delete the copies at once the first time, then gather into one delete after the response', async () => {
    const { cache, deferred, inCacheApi, keep } = gatheringCache();
    const slug = `gather-${crypto.randomUUID()}`;
    await keep(slug, '{"n":1}');
    expect(await inCacheApi(slug)).toBe('{"n":1}');

    await cache.purge(slug);
    expect(await inCacheApi(slug)).toBeUndefined();
    expect(deferred).toHaveLength(0);

    await keep(slug, '{"n":2}');
    expect(await inCacheApi(slug)).toBe('{"n":2}');
    const started = Date.now();
    await cache.purge(slug);
    await cache.purge(slug);
    await cache.purge(slug);
    // One delete waits for all three, after the response; the Cache API still holds the copy.
    expect(deferred).toHaveLength(1);
    expect(await inCacheApi(slug)).toBe('{"n":2}');

    await deferred[0];
    expect(Date.now() - started).toBeGreaterThanOrEqual(PURGE_GATHER_MS - 50);
    expect(await inCacheApi(slug)).toBeUndefined();
  });

  it('never answer this isolate from a copy kept before the change, nor put one there until the delete', async () => {
    const { cache, deferred, inCacheApi, keep } = gatheringCache();
    const slug = `gather-${crypto.randomUUID()}`;
    await cache.purge(slug);
    await keep(slug, '{"before":"the change"}');
    await cache.purge(slug);
    expect(deferred).toHaveLength(1);
    expect(await inCacheApi(slug)).toBe('{"before":"the change"}');

    // This isolate skips the Cache API while its delete is to come: a miss, built again.
    const after = await cache.lookup(slug, 'api');
    expect(after.response).toBeUndefined();
    await after.keep(kept('{"after":"the change"}'));
    // Kept in this isolate's memory, but not put where the delete would take it away.
    expect(await (await cache.lookup(slug, 'api')).response?.text()).toBe('{"after":"the change"}');
    expect(await inCacheApi(slug)).toBe('{"before":"the change"}');

    await deferred[0];
    expect(await inCacheApi(slug)).toBeUndefined();
    // Once deleted, copies go to the Cache API again.
    await cache.purge(slug);
    await deferred[1];
    await keep(slug, '{"later":true}');
    expect(await inCacheApi(slug)).toBe('{"later":true}');
  });

  it('keep a reader who comes by the public origin off the old copy, when the change came by another address', async () => {
    // PUBLIC_ORIGIN keys the copies; a change that came in by the Worker's own address also purges that one.
    const publicOrigin = `https://purges-${crypto.randomUUID()}.example`;
    const ownOrigin = `https://own-${crypto.randomUUID()}.workers.dev`;
    const deferred: Array<Promise<unknown>> = [];
    const changer = edgeNoticeCache(publicOrigin, [ownOrigin], 'v', (work) => deferred.push(work));
    const reader = edgeNoticeCache(publicOrigin, [publicOrigin], 'v', (work) => deferred.push(work));
    const slug = `origins-${crypto.randomUUID()}`;
    await changer.purge(slug);
    await (await reader.lookup(slug, 'api')).keep(kept('{"before":"the change"}'));
    await changer.purge(slug);
    expect(deferred).toHaveLength(1);
    expect((await reader.lookup(slug, 'api')).response).toBeUndefined();
    await deferred[0];
    expect((await caches.open(CACHE_NAME).then((c) => c.match(keyOf(publicOrigin, 'v', slug, 'api'))))?.status).toBeUndefined();
  });

  it('delete at once, and never throw, when the work after the response cannot be handed over', async () => {
    const origin = `https://purges-${crypto.randomUUID()}.example`;
    const cache = edgeNoticeCache(origin, [], 'v', () => {
      throw new Error('This context has no ExecutionContext');
    });
    const slug = `no-defer-${crypto.randomUUID()}`;
    const inCacheApi = async () => (await (await caches.open(CACHE_NAME)).match(keyOf(origin, 'v', slug, 'api')))?.text();
    for (const n of [1, 2, 3]) {
      await (await cache.lookup(slug, 'api')).keep(kept(`{"n":${n}}`));
      expect(await inCacheApi()).toBe(`{"n":${n}}`);
      await expect(cache.purge(slug)).resolves.toBeUndefined();
      expect(await inCacheApi()).toBeUndefined();
    }
  });

  it('delete at once every time where nothing runs after the response (mail in, the daily job)', async () => {
    const origin = `https://purges-${crypto.randomUUID()}.example`;
    const cache = edgeNoticeCache(origin);
    const slug = `at-once-${crypto.randomUUID()}`;
    const inCacheApi = async () => (await (await caches.open(CACHE_NAME)).match(keyOf(origin, 'v', slug, 'api')))?.text();
    for (const n of [1, 2, 3]) {
      await (await cache.lookup(slug, 'api')).keep(kept(`{"n":${n}}`));
      expect(await inCacheApi()).toBe(`{"n":${n}}`);
      await cache.purge(slug);
      expect(await inCacheApi()).toBeUndefined();
    }
  });
});

describe('submissions close together, through the Worker', () => {
  beforeAll(async () => {
    await seedSample();
  });

  it('each show in the counts on the next read of the isolate that stored them', async () => {
    const count = async () => ((await (await call(`/api/notices/${SLUG}`)).json()) as { feedbackCount: number }).feedbackCount;
    const before = await count();
    for (let n = 1; n <= 3; n++) {
      const res = await postJson('/api/feedback', { noticeSlug: SLUG, itemId: null, kind: 'opinion', content: `第${n}条：路灯坏了很久没人修。`, anonymous: true, consent: false });
      expect(res.status).toBe(201);
      expect(await count()).toBe(before + n);
    }
  });
});
