/**
 * The notice cache on Cloudflare (worker/ports.ts NoticeCache): the Workers Cache API, in a cache
 * of its own (caches.open), so that nothing else the zone caches can answer for it.
 *
 * What it cannot do, and why the TTL is short (http/notice-cache.ts NOTICE_CACHE_SECONDS): the
 * Cache API keeps a copy in each data centre and `delete` reaches only the one it runs in. A
 * change purges the data centre that made it (the submitter and the clerk see it at once); readers
 * elsewhere see it when their copy expires. Under `wrangler dev` and in the tests' workers pool it is
 * miniflare's cache; on *.workers.dev addresses Cloudflare keeps nothing, and every read asks D1.
 *
 * Keys sit on the deployment's own origin (Cloudflare advises against other hostnames), under a
 * path no request can reach, and hold the slug and the copy only.
 */
import type { NoticeCache, NoticeCopy } from './ports';

const CACHE_NAME = 'notices';
const COPIES: NoticeCopy[] = ['api', 'page', 'page-large'];

/**
 * Purges seen by this isolate, per slug: a miss that started before one does not keep what it
 * built (it may have read the notice before the change). Other isolates rely on the TTL.
 */
const purges = new Map<string, number>();

/** The cache, opened once per isolate. */
let opened: Promise<Cache> | undefined;

function keyOf(origin: string, slug: string, copy: NoticeCopy): string {
  return `${origin}/_notice-cache/${copy}/${encodeURIComponent(slug)}`;
}

/**
 * The Workers Cache API behind the port, keyed on `origin` (PUBLIC_ORIGIN, or the request's own).
 * A purge also deletes the keys under `alsoPurge` (the request's own origin where PUBLIC_ORIGIN
 * keys the copies): copies kept before PUBLIC_ORIGIN was set, or by a request that came in by
 * another address, do not outlive a change made here.
 */
export function edgeNoticeCache(origin: string, alsoPurge: string[] = []): NoticeCache {
  const base = origin.replace(/\/+$/, '');
  const purged = [...new Set([base, ...alsoPurge.map((o) => o.replace(/\/+$/, ''))])];
  const open = () =>
    (opened ??= caches.open(CACHE_NAME).catch((err: unknown) => {
      opened = undefined;
      throw err;
    }));
  return {
    async lookup(slug, copy) {
      const seen = purges.get(slug) ?? 0;
      let response: Response | undefined;
      try {
        response = await (await open()).match(keyOf(base, slug, copy));
      } catch {
        response = undefined;
      }
      return {
        response,
        async keep(built) {
          if ((purges.get(slug) ?? 0) !== seen) return;
          try {
            await (await open()).put(keyOf(base, slug, copy), built.clone());
          } catch {
            // Not kept: the next reader asks the database.
          }
        },
      };
    },
    async purge(slug) {
      purges.set(slug, (purges.get(slug) ?? 0) + 1);
      try {
        const cache = await open();
        await Promise.all(purged.flatMap((o) => COPIES.map((copy) => cache.delete(keyOf(o, slug, copy)))));
      } catch {
        // The copies expire on their own (the TTL).
      }
    },
  };
}
