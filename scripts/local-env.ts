/**
 * The local D1 (the same files `wrangler dev` and `wrangler d1 ... --local` use),
 * reached from Node through wrangler's platform proxy.
 */
import { createDb } from '../worker/db/d1';
import type { Env } from '../worker/env';

export function persistFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--persist-to');
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function withLocalDb<T>(persistTo: string | undefined, fn: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  // Imported when used: the staff CLI is also bundled for the Node host (dist/server/staff.js),
  // where wrangler, a development tool, is not installed.
  const { getPlatformProxy } = await import('wrangler');
  const proxy = await getPlatformProxy<Env>({
    configPath: 'wrangler.toml',
    persist: persistTo ? { path: `${persistTo}/v3` } : true,
  });
  try {
    return await fn(createDb(proxy.env.DB));
  } finally {
    await proxy.dispose();
  }
}
