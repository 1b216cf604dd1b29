/**
 * The public notice from the cache (issue 15): GET /n/:slug and GET /api/notices/:slug are the
 * same for every reader but for the large-text (大字) cookie, so they are built once, kept for
 * NOTICE_CACHE_SECONDS in the platform's NoticeCache (worker/ports.ts) and answered from it
 * without a database read until a change purges them. Each answer carries a strong ETag (the
 * body's SHA-256), and a browser that sends it back gets 304 with no body; browsers are told
 * `no-cache`, so they always ask, and a change shows on the next view.
 */
import type { Context } from 'hono';
import { allNoticeSlugs } from '../db/notices';
import type { Db } from '../db/client';
import type { AppEnv } from '../env';
import type { NoticeCache, NoticeCopy } from '../ports';

/** How long a kept copy answers. Short: a purge reaches only the Worker's own data centre (edge-notice-cache.ts). */
export const NOTICE_CACHE_SECONDS = 30;

/** Where the platform keeps nothing: every read builds the answer. */
export const noNoticeCache: NoticeCache = {
  async lookup() {
    return { response: undefined, async keep() {} };
  },
  async purge() {},
};

async function etagOf(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  let hex = '';
  for (let i = 0; i < 16; i++) hex += digest[i]!.toString(16).padStart(2, '0');
  return `"${hex}"`;
}

/** RFC 9110 §13.1.2: If-None-Match holds `*` or a list of tags, weak ones compared weakly (a GET may). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Whether an Accept-Encoding header takes gzip (RFC 9110 §12.5.3): `gzip` (or its alias `x-gzip`)
 * or `*` listed with a weight above zero, and not refused by name with `gzip;q=0`.
 */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  let star = false;
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weighted = q === undefined || Number(q.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return weighted;
    if (name === '*') star = weighted;
  }
  return star;
}

/** The kept copy as a browser gets it: `no-cache`, or 304 when it holds this ETag. `kept` is the cache's own fresh copy, changed in place. */
function answer(c: Context<AppEnv>, kept: Response): Response {
  const etag = kept.headers.get('etag');
  if (etag && matches(c.req.header('if-none-match'), etag)) {
    const notModified = new Headers({ etag, 'cache-control': 'no-cache' });
    for (const name of ['content-security-policy', 'vary']) {
      const value = kept.headers.get(name);
      if (value) notModified.set(name, value);
    }
    void kept.body?.cancel();
    return new Response(null, { status: 304, headers: notModified });
  }
  try {
    kept.headers.set('cache-control', 'no-cache');
    return kept;
  } catch {
    // Headers the runtime made immutable: a copy.
    const headers = new Headers(kept.headers);
    headers.set('cache-control', 'no-cache');
    return new Response(kept.body, { status: kept.status, headers });
  }
}

/** An answer built for the cache: its body and headers (the ETag and cache-control set). */
interface Built {
  body: ArrayBuffer;
  headers: Headers;
}

/** A build others may wait for, until `until` (Date.now()); past it, the entry counts for nothing. */
interface Sharing {
  made: Promise<Built | null>;
  until: number;
}

/**
 * How long readers wait for another reader's build before they build their own. A build reads the
 * database in some milliseconds; this bounds the wait should one never end. On Cloudflare a
 * request's promises stop when its reader goes away midway (workerd cancels what that request
 * was doing, and the continuations of other requests waiting on it), and an entry that would never
 * settle must not hold every later reader of the notice.
 */
export const SHARED_BUILD_WAIT_MS = 2000;

/**
 * The builds under way in this isolate (or process), by the cache's share key: after a purge every
 * reader misses until a copy is kept, and under load each would read the database and build the
 * same answer (a stampede). Those who miss while one is building wait for it instead, for
 * SHARED_BUILD_WAIT_MS at most. A build that succeeds stays for that while too: a reader whose
 * look-up of the cache began before the copy was kept, and ended after, finds it here (a purge
 * changes the key, so it is as fresh as the kept copy). A build that fails is dropped at once.
 * Entries past their time are dropped by the next miss.
 */
const building = new Map<string, Sharing>();

/** The live build of `key`, if any; entries past their time are dropped on the way. */
function sharedBuild(key: string, now: number): Sharing | undefined {
  for (const [k, sharing] of building) if (sharing.until <= now) building.delete(k);
  return building.get(key);
}

/** `made`, or null once `ms` have passed. */
async function within(made: Promise<Built | null>, ms: number): Promise<Built | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([made, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Worker's waitUntil, which lets work go on after the answer; undefined on the Node host. */
function waitUntilOf(c: Context<AppEnv>): ((task: Promise<unknown>) => void) | undefined {
  try {
    return c.executionCtx.waitUntil.bind(c.executionCtx);
  } catch {
    return undefined;
  }
}

const fromBuilt = (made: Built) => new Response(made.body, { status: 200, headers: new Headers(made.headers) });

/**
 * The notice's `copy` for `slug`: from the cache when kept, else `build()` (which reads the
 * database) and, when it answers 200, kept for the next readers. Readers who miss while the same
 * copy is being built (and no purge seen by this isolate came between) are answered with that
 * build. Should it fail, answer otherwise or take longer than SHARED_BUILD_WAIT_MS, the first of
 * them builds again and the others wait for that build (once); a reader whose wait ends a second
 * time builds its own. Other statuses (404) are answered as built and never kept.
 */
export async function cachedNotice(c: Context<AppEnv>, slug: string, copy: NoticeCopy, build: () => Promise<Response>): Promise<Response> {
  const cache = c.var.noticeCache;
  const gzip = acceptsGzip(c.req.header('accept-encoding'));
  const entry = await cache.lookup(slug, copy, gzip);
  if (entry.response) return answer(c, entry.response);
  const waitUntil = waitUntilOf(c);
  const key = entry.shareKey;
  for (let waits = 0; key !== undefined && waits < 2; waits++) {
    const shared = sharedBuild(key, Date.now());
    if (!shared) break;
    const made = await within(shared.made, shared.until - Date.now());
    if (!made) continue;
    // Where the copy is kept before its builder is answered (the Node host), answer as it is kept
    // (the gzip copy and its ETag, for a reader who takes gzip), once it is.
    const kept = waitUntil ? undefined : (await cache.lookup(slug, copy, gzip)).response;
    return answer(c, kept ?? fromBuilt(made));
  }
  const making = buildForCache(build);
  if (key !== undefined && !sharedBuild(key, Date.now())) {
    const sharing: Sharing = {
      made: making.then(
        (made) => (made instanceof Response ? null : made),
        () => null,
      ),
      until: Date.now() + SHARED_BUILD_WAIT_MS,
    };
    building.set(key, sharing);
    void sharing.made.then((made) => {
      if (made === null && building.get(key) === sharing) building.delete(key);
    });
    // Others wait for this build: on the Worker it goes on should this reader leave midway.
    waitUntil?.(sharing.made);
  }
  const made = await making;
  if (made instanceof Response) return made;
  const keeping = entry.keep(fromBuilt(made));
  // On the Worker the copy is written after the answer (waitUntil); elsewhere it is awaited, and
  // the reader gets it as kept (a browser holding the gzip copy's ETag gets 304 after an expiry).
  if (waitUntil) {
    waitUntil(keeping);
    return answer(c, fromBuilt(made));
  }
  return answer(c, (await keeping) ?? fromBuilt(made));
}

/** The answer as the cache keeps it (its ETag set), or the response as built when it is not a 200. */
async function buildForCache(build: () => Promise<Response>): Promise<Built | Response> {
  const built = await build();
  if (built.status !== 200) return built;
  const body = await built.arrayBuffer();
  const headers = new Headers(built.headers);
  headers.set('etag', await etagOf(body));
  headers.set('cache-control', `public, max-age=${NOTICE_CACHE_SECONDS}`);
  return { body, headers };
}

/**
 * Purges every notice's copies, for a change that does not say which notice it touched (a staff
 * write, mail in): one read of the slugs, then the purges. Rare next to reads, so bluntness costs
 * little; a purge too many costs one database read. Never throws, as NoticeCache.purge never does:
 * a change already committed is not answered as a failure because its copies could not be purged.
 */
export async function purgeEveryNotice(db: Db, cache: NoticeCache): Promise<void> {
  let slugs: string[];
  try {
    slugs = await allNoticeSlugs(db);
  } catch (err) {
    // The change is committed and answered as such; the copies expire within NOTICE_CACHE_SECONDS.
    console.error('notice cache: could not read the notices to purge', err instanceof Error ? err.name : 'non-error thrown');
    return;
  }
  await Promise.all(slugs.map((slug) => cache.purge(slug)));
}
