/**
 * The node project's notice caches (server/notice-cache.ts), one per test file's database and
 * shared by the apps made for different bindings (worker-entry.ts), as one Node process shares
 * its own. forgetNodeNoticeCaches() drops them, for tests that write the database directly,
 * past the app's purges (tests/helpers/notice-cache.ts). Imports nothing of Node's: the worker
 * project imports it too, and finds nothing to forget.
 */
import { memoryNoticeCache } from '../../../server/notice-cache';
import type { NoticeCache } from '../../../worker/ports';

const caches = new WeakMap<object, NoticeCache>();
let made: object[] = [];

/** The notice cache of a test file's database: a stand-in that always asks the current one. */
export function nodeNoticeCache(database: object): NoticeCache {
  const current = () => {
    let cache = caches.get(database);
    if (!cache) {
      caches.set(database, (cache = memoryNoticeCache()));
      made.push(database);
    }
    return cache;
  };
  return { lookup: (slug, copy, gzip) => current().lookup(slug, copy, gzip), purge: (slug) => current().purge(slug) };
}

/** Drops every kept notice: the next read of each asks the database. */
export function forgetNodeNoticeCaches(): void {
  for (const database of made) caches.delete(database);
  made = [];
}
