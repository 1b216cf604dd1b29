/**
 * The notice cache on the Node host (worker/ports.ts NoticeCache): the answers in this process's
 * memory, for the same short while as on the Worker. One process serves every request, so a purge
 * is seen by all readers at once; a miss that began before a purge does not keep what it built.
 * Bounded: past MAX_ENTRIES the oldest copies go first.
 */
import { NOTICE_CACHE_SECONDS } from '../worker/http/notice-cache';
import type { NoticeCache, NoticeCopy } from '../worker/ports';

const MAX_ENTRIES = 300;

interface Kept {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
  expires: number;
}

export function memoryNoticeCache(options: { seconds?: number; now?: () => number } = {}): NoticeCache {
  const ttl = (options.seconds ?? NOTICE_CACHE_SECONDS) * 1000;
  const now = options.now ?? (() => performance.now());
  const kept = new Map<string, Kept>();
  const generations = new Map<string, number>();
  const keyOf = (slug: string, copy: NoticeCopy) => `${copy}\u0000${slug}`;
  /** This cache's own, so that two caches in one process never share a build. */
  const store = crypto.randomUUID();

  return {
    async lookup(slug, copy) {
      const key = keyOf(slug, copy);
      const generation = generations.get(slug) ?? 0;
      const entry = kept.get(key);
      let response: Response | undefined;
      if (entry && entry.expires > now()) response = new Response(entry.body, { status: entry.status, headers: entry.headers });
      else if (entry) kept.delete(key);
      return {
        response,
        shareKey: `${store}\u0000${key}\u0000${generation}`,
        async keep(built) {
          const body = await built.clone().arrayBuffer();
          if ((generations.get(slug) ?? 0) !== generation) return;
          kept.delete(key);
          kept.set(key, { status: built.status, headers: [...built.headers], body, expires: now() + ttl });
          while (kept.size > MAX_ENTRIES) kept.delete(kept.keys().next().value!);
        },
      };
    },
    async purge(slug) {
      generations.set(slug, (generations.get(slug) ?? 0) + 1);
      for (const copy of ['api', 'page', 'page-large'] as const) kept.delete(keyOf(slug, copy));
    },
  };
}
