/**
 * The notice cache on the Node host (worker/ports.ts NoticeCache): the answers in this process's
 * memory, for the same short while as on the Worker. One process serves every request, so a purge
 * is seen by all readers at once; a miss that began before a purge does not keep what it built.
 * Bounded: past MAX_ENTRIES the oldest copies go first.
 *
 * Each copy is kept gzipped too, compressed once when kept, and a reader who takes gzip gets that
 * (the sample notice's page is 19 KB, 6 KB gzipped; its API 14 KB, 5 KB). nginx in
 * front (deploy/nginx.conf) passes an answer already compressed as it is, where it would otherwise
 * compress the same page again on every view. Both copies say `Vary: Accept-Encoding`, and each has
 * its own ETag (RFC 9110 §8.8.3: a strong validator names one representation).
 */
import { NOTICE_CACHE_SECONDS } from '../worker/http/notice-cache';
import type { NoticeCache, NoticeCopy } from '../worker/ports';

const MAX_ENTRIES = 300;

/** An answer as kept: its body a Uint8Array, not an ArrayBuffer, since @hono/node-server writes a Response made of one straight to the socket and streams any other body (which cost the notice about a third of its throughput). */
interface Answer {
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
}

interface Kept {
  status: number;
  identity: Answer;
  /** Absent where gzip would not make the body smaller. */
  gzip: Answer | undefined;
  expires: number;
}

/** `body` gzipped, by the platform's CompressionStream (no node: import, so that the worker's test pool can load this module too). */
async function gzipped(body: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The gzip copy's headers: the identity copy's, its ETag told apart (`"…-gzip"`), with Content-Encoding and no Content-Length. */
function gzipHeaders(headers: [string, string][]): [string, string][] {
  const out = headers
    .filter(([name]) => name !== 'content-length')
    .map(([name, value]): [string, string] => [name, name === 'etag' ? value.replace(/"$/, '-gzip"') : value]);
  out.push(['content-encoding', 'gzip']);
  return out;
}

/** The built answer's headers, with Accept-Encoding added to whatever Vary it has. */
function varyingHeaders(built: Headers): [string, string][] {
  const vary = built.get('vary');
  const headers: [string, string][] = [...built.entries()].filter(([name]) => name !== 'vary');
  headers.push(['vary', vary ? `${vary}, accept-encoding` : 'accept-encoding']);
  return headers;
}

/** A kept copy as a reader gets it: gzipped when the reader takes gzip and there is a gzip copy. */
function responseOf(entry: Kept, gzip: boolean | undefined): Response {
  const answer = (gzip && entry.gzip) || entry.identity;
  return new Response(answer.body, { status: entry.status, headers: answer.headers });
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
    async lookup(slug, copy, gzip) {
      const key = keyOf(slug, copy);
      const generation = generations.get(slug) ?? 0;
      const entry = kept.get(key);
      let response: Response | undefined;
      if (entry && entry.expires > now()) response = responseOf(entry, gzip);
      else if (entry) kept.delete(key);
      return {
        response,
        shareKey: `${store}\u0000${key}\u0000${generation}`,
        async keep(built) {
          const body = new Uint8Array(await built.clone().arrayBuffer());
          const compressed = await gzipped(body);
          if ((generations.get(slug) ?? 0) !== generation) return undefined;
          const headers = varyingHeaders(built.headers);
          const entry: Kept = {
            status: built.status,
            identity: { headers, body },
            gzip: compressed.byteLength < body.byteLength ? { headers: gzipHeaders(headers), body: compressed } : undefined,
            expires: now() + ttl,
          };
          kept.delete(key);
          kept.set(key, entry);
          while (kept.size > MAX_ENTRIES) kept.delete(kept.keys().next().value!);
          return responseOf(entry, gzip);
        },
      };
    },
    async purge(slug) {
      generations.set(slug, (generations.get(slug) ?? 0) + 1);
      for (const copy of ['api', 'page', 'page-large'] as const) kept.delete(keyOf(slug, copy));
    },
  };
}
