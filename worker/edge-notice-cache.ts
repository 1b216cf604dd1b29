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
 * path no request can reach, and hold the slug, the copy and the Worker's version only: a page
 * kept by the version before a deploy names script chunks that the deploy removed, so each
 * version keeps its own (the version comes from the CF_VERSION_METADATA binding, where bound).
 *
 * In front of the Cache API, each isolate holds the copies it last read for MEMORY_SECONDS: a
 * read of the Cache API is a call out of the isolate (under wrangler dev, to another service)
 * and costs about what a D1 read does, so the hottest reads do without it. A purge empties this
 * isolate's memory at once; other isolates of the data centre hold theirs at most MEMORY_SECONDS
 * longer, after which they find the Cache API purged.
 *
 * Deleting a notice's copies from the Cache API is a call out per copy, and under a burst of
 * submissions it was a sixth of each one's work (issue 15's bench:load). So an isolate deletes at
 * once only when it has not deleted that notice's copies within PURGE_GATHER_MS; a purge sooner
 * than that is gathered with any others into one delete at the end of the interval, run after the
 * response (the platform's `defer`, waitUntil). Until it has run, this isolate's readers skip the
 * Cache API for that notice (it may hold a copy from before the change) and put nothing there, so
 * the isolate that made a change always shows it; other isolates see it at most PURGE_GATHER_MS
 * later than they would have.
 */
import type { NoticeCache, NoticeCopy } from './ports';

export const CACHE_NAME = 'notices';
const COPIES: NoticeCopy[] = ['api', 'page', 'page-large'];

/** How long an isolate answers from its own memory before it asks the Cache API again. */
export const MEMORY_SECONDS = 2;
/** Copies held in memory at most (a handful of notices, three copies each, by one or two origins). */
const MEMORY_ENTRIES = 100;

interface Held {
  status: number;
  headers: Headers;
  body: ArrayBuffer;
  until: number;
}

/** This isolate's copies, by key. */
const memory = new Map<string, Held>();

/**
 * Purges seen by this isolate, per slug: a miss that started before one does not keep what it
 * built (it may have read the notice before the change). Other isolates rely on the TTL.
 */
const purges = new Map<string, number>();

/** How long after deleting a notice's Cache API copies an isolate gathers further purges into one delete. */
export const PURGE_GATHER_MS = 1000;

/** A gathered delete whose timer has not fired this long after it was scheduled is taken for lost (its request's context ended first). */
const LOST_AFTER_MS = 5 * PURGE_GATHER_MS;

/**
 * Per notice and the origins a purge deletes under: when this isolate last began deleting its
 * copies, and the gathered delete still to begin, if any (its token tells its timer whether it
 * still counts).
 */
interface Gathering {
  deletedAt: number;
  scheduled: { token: object; at: number } | undefined;
}
const gatherings = new Map<string, Gathering>();

/**
 * Per place a copy is kept (origin, version, slug): the deletes to come or under way that cover
 * it, and the puts under way. A reader skips the Cache API while a delete is due where it reads;
 * a delete waits for the puts under way, so that none lands after it.
 */
const deletesDue = new Map<string, number>();
const putsUnderWay = new Map<string, Set<Promise<void>>>();

/** The cache, opened once per isolate. */
let opened: Promise<Cache> | undefined;

/** Where a copy is kept in the Cache API (exported for the tests, which look there themselves). */
export function keyOf(origin: string, version: string, slug: string, copy: NoticeCopy): string {
  return `${origin}/_notice-cache/${version}/${copy}/${encodeURIComponent(slug)}`;
}

function hold(key: string, status: number, headers: Headers, body: ArrayBuffer): void {
  memory.delete(key);
  memory.set(key, { status, headers: new Headers(headers), body, until: Date.now() + MEMORY_SECONDS * 1000 });
  while (memory.size > MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
}

function held(key: string): Response | undefined {
  const entry = memory.get(key);
  if (!entry) return undefined;
  if (entry.until <= Date.now()) {
    memory.delete(key);
    return undefined;
  }
  return new Response(entry.body, { status: entry.status, headers: entry.headers });
}

/**
 * The Workers Cache API behind the port, keyed on `origin` (PUBLIC_ORIGIN, or the request's own)
 * and the Worker's `version`. A purge also deletes the keys under `alsoPurge` (the request's own
 * origin where PUBLIC_ORIGIN keys the copies): copies kept before PUBLIC_ORIGIN was set, or by a
 * request that came in by another address, do not outlive a change made here. `defer` runs work
 * after the response (waitUntil): with it, purges close together are gathered (see above); without
 * it (mail in, the daily job, tests), every purge deletes at once.
 */
export function edgeNoticeCache(origin: string, alsoPurge: string[] = [], version = 'v', defer?: (work: Promise<unknown>) => void): NoticeCache {
  const base = origin.replace(/\/+$/, '');
  const purged = [...new Set([base, ...alsoPurge.map((o) => o.replace(/\/+$/, ''))])];
  const open = () =>
    (opened ??= caches.open(CACHE_NAME).catch((err: unknown) => {
      opened = undefined;
      throw err;
    }));
  const place = (o: string, slug: string) => `${o}|${version}|${slug}`;
  const gatheringOf = (slug: string): Gathering => {
    const name = `${purged.join(' ')}|${version}|${slug}`;
    let g = gatherings.get(name);
    if (!g) gatherings.set(name, (g = { deletedAt: Number.NEGATIVE_INFINITY, scheduled: undefined }));
    return g;
  };
  /** One more (or one fewer) delete due under each origin this cache purges. */
  const due = (slug: string, change: 1 | -1) => {
    for (const o of purged) {
      const n = (deletesDue.get(place(o, slug)) ?? 0) + change;
      if (n > 0) deletesDue.set(place(o, slug), n);
      else deletesDue.delete(place(o, slug));
    }
  };
  /** Whether a delete of the notice's copies where this cache reads is to come or under way: the Cache API may hold one from before a change. */
  const waiting = (slug: string) => deletesDue.has(place(base, slug));
  /** Deletes the notice's copies under every origin, once the puts under way there have landed; `counted`: already due. */
  async function deleteCopies(slug: string, counted: boolean): Promise<void> {
    if (!counted) due(slug, 1);
    try {
      await Promise.all(purged.flatMap((o) => [...(putsUnderWay.get(place(o, slug)) ?? [])]));
      const cache = await open();
      await Promise.all(purged.flatMap((o) => COPIES.map((copy) => cache.delete(keyOf(o, version, slug, copy)))));
    } catch {
      // The copies expire on their own (the TTL).
    } finally {
      due(slug, -1);
    }
  }
  return {
    async lookup(slug, copy) {
      const seen = purges.get(slug) ?? 0;
      const key = keyOf(base, version, slug, copy);
      let response = held(key);
      if (!response && !waiting(slug)) {
        try {
          const found = await (await open()).match(key);
          const body = found && (purges.get(slug) ?? 0) === seen ? await found.arrayBuffer() : undefined;
          // Not if a purge came while the body was read: the copy may be of the notice before it.
          if (found && body && (purges.get(slug) ?? 0) === seen) {
            // As the copy was built: the Cache API's own Age says nothing to a browser told no-cache, and the Node host's answer has none.
            const headers = new Headers(found.headers);
            headers.delete('age');
            hold(key, found.status, headers, body);
            response = new Response(body, { status: found.status, headers });
          }
        } catch {
          response = undefined;
        }
      }
      return {
        response,
        shareKey: `${key}#${seen}`,
        async keep(built) {
          if ((purges.get(slug) ?? 0) !== seen) return;
          const copy = built.clone();
          const body = await built.clone().arrayBuffer();
          // A purge while the body was read: the copy may be of the notice before it.
          if ((purges.get(slug) ?? 0) !== seen) return;
          hold(key, built.status, built.headers, body);
          // Not while a delete is to come or under way: it would take the copy away, or miss it.
          if (waiting(slug)) return;
          const where = place(base, slug);
          const put = open()
            .then((cache) => cache.put(key, copy))
            // Kept in this isolate only: the others ask the database.
            .catch(() => {});
          const under = putsUnderWay.get(where) ?? new Set();
          putsUnderWay.set(where, under.add(put));
          try {
            await put;
          } finally {
            under.delete(put);
            if (under.size === 0 && putsUnderWay.get(where) === under) putsUnderWay.delete(where);
          }
        },
      };
    },
    async purge(slug) {
      purges.set(slug, (purges.get(slug) ?? 0) + 1);
      for (const o of purged) for (const copy of COPIES) memory.delete(keyOf(o, version, slug, copy));
      if (!defer) return deleteCopies(slug, false);
      const g = gatheringOf(slug);
      const now = Date.now();
      if (g.scheduled) {
        // A gathered delete is still to begin: it comes after this change.
        if (now - g.scheduled.at < LOST_AFTER_MS) return;
        g.scheduled = undefined;
        due(slug, -1);
      }
      const wait = g.deletedAt + PURGE_GATHER_MS - now;
      if (wait > 0) {
        const token = {};
        g.scheduled = { token, at: now };
        due(slug, 1);
        try {
          defer(
            new Promise((resolve) => setTimeout(resolve, wait)).then(() => {
              if (g.scheduled?.token !== token) return;
              // A purge from here on waits for the next delete: this one may have begun before its change.
              g.scheduled = undefined;
              g.deletedAt = Date.now();
              return deleteCopies(slug, true);
            }),
          );
          return;
        } catch {
          // Nothing runs after this response: delete now.
          g.scheduled = undefined;
          due(slug, -1);
        }
      }
      g.deletedAt = now;
      return deleteCopies(slug, false);
    },
  };
}
