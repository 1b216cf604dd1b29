/**
 * What the app sends out of the service, passed in by the platform like the database and the
 * clock, so that no route or domain module reaches for a global or a binding itself, and tests
 * can stand at the other end.
 */

/** Sends an HTTP request out (chat bots, webhooks): fetch on both platforms unless a test says otherwise. */
export type Outbound = (request: Request) => Promise<Response>;

/** One plain-text e-mail, as the service sends it (an answer to a mail that became feedback). */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** The Message-ID being answered, so that the answer threads under it. */
  inReplyTo?: string;
}

/** Sends e-mail: Cloudflare's send_email binding on the Worker; none where nothing is configured. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A stored photo as the store gives it back. */
export interface StoredPhoto {
  body: ReadableStream<Uint8Array> | Uint8Array;
  contentType: string;
  size: number;
}

/**
 * Where photos are kept (issue 14): R2 on the Worker (worker/r2-photos.ts), a folder on the Node
 * host (server/photo-store.ts). Keys come from photos/keys.ts: random, never a person's input.
 */
export interface PhotoStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The photo, or null when nothing is stored under the key. */
  get(key: string): Promise<StoredPhoto | null>;
  /** Removes the photos; keys with nothing stored are fine. */
  delete(keys: string[]): Promise<void>;
}

/** Which shared copy of a public notice: the API's JSON, or the page at the ordinary or the large (大字) text size. */
export type NoticeCopy = 'api' | 'page' | 'page-large';

/** A look-up in the notice cache: the kept answer, or a way to keep the one about to be built. */
export interface NoticeCacheEntry {
  /** The kept answer (a fresh Response each time), or undefined on a miss. */
  response: Response | undefined;
  /**
   * Keeps the answer built after this miss, unless the notice was purged since the look-up
   * (its data may have been read before the change). The response is not consumed: a copy is kept.
   * Resolves with the kept copy as this look-up's reader takes it (the Node host's gzip copy, with
   * its own ETag), for that reader to be answered with; with nothing where the cache keeps the copy
   * after the answer (the Worker's) or did not keep it.
   */
  keep(response: Response): Promise<Response | undefined | void>;
  /**
   * On a miss, what the answer about to be built is a copy of: the store, the copy and the purges of
   * the notice seen so far. Readers who miss with the same key at the same moment share one build
   * (http/notice-cache.ts); a reader who comes after a purge has another key and builds afresh.
   * Without it, each reader builds its own.
   */
  shareKey?: string;
}

/**
 * The public notice kept for everyone (issue 15): GET /n/:slug (both text sizes) and GET
 * /api/notices/:slug are the same for every reader, so they are answered from a cache for a short
 * while and the database is not asked. The Worker keeps them in the Workers Cache API
 * (worker/http/notice-cache.ts), the Node host in its memory (server/notice-cache.ts).
 *
 * Keyed by the notice's SLUG, not its id: the slug is what the public addresses carry, so a hit
 * needs no database read to find the key. Whoever changes what the page or the API shows (feedback
 * counts, progress updates, item status, the notice's text or state) calls `purge(slug)` after
 * the change is committed; a slug that changes purges the old one. Keys hold only the slug and the
 * copy, never anything personal.
 */
export interface NoticeCache {
  /**
   * The kept copy, if any. `gzip`: the reader takes gzip (http/notice-cache.ts acceptsGzip); a cache
   * that keeps a gzip copy beside the copy (the Node host's) answers with it. The Worker's does not:
   * Cloudflare's edge compresses what a Worker sends.
   */
  lookup(slug: string, copy: NoticeCopy, gzip?: boolean): Promise<NoticeCacheEntry>;
  /** Forgets every copy of the notice with this slug. Never throws: a cache that fails only costs a database read. */
  purge(slug: string): Promise<void>;
}
