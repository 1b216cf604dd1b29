/**
 * For tests that write the database directly, past the app (and so past its purges): the public
 * notice's kept copies are dropped, so that the next read shows what was written. Changes made
 * through the app purge by themselves (tests/api/notice-cache.test.ts holds them to it).
 */
import { env } from 'cloudflare:test';
import { edgeNoticeCache } from '../../worker/edge-notice-cache';
import { forgetNodeNoticeCaches } from '../setup/node/notice-caches';

/** The origins the tests reach the Worker by (tests/helpers/api.ts call(), PUBLIC_ORIGIN where a test sets it). */
const ORIGINS = ['http://localhost', 'https://zhenggai.example.gov.cn'];

export async function forgetKeptNotices(): Promise<void> {
  forgetNodeNoticeCaches();
  if (typeof (globalThis as { caches?: unknown }).caches !== 'object') return;
  const { results } = await env.DB.prepare('select slug from notices').all<{ slug: string }>();
  // Keyed as the Worker keys them: by the version wrangler.toml binds (CF_VERSION_METADATA).
  const cache = edgeNoticeCache(ORIGINS[0]!, ORIGINS.slice(1), (env as { CF_VERSION_METADATA?: { id: string } }).CF_VERSION_METADATA?.id);
  await Promise.all(results.map((r) => cache.purge(r.slug)));
}
