/**
 * The node project's stand-in for worker/db/d1.ts (vitest.config.ts aliases the tests' import of
 * it here): `createDb(env.DB)` gives the running test file's database as the Node host opens
 * it, drizzle over libSQL, so the tests' own queries and domain calls run on the Node host's driver.
 */
import type { Db } from '../../../worker/db/client';
import { env, nodeDatabase } from './cloudflare-test';

export function createDb(d1: D1Database): Db {
  if (d1 !== env.DB) throw new Error('createDb: on the node project only the test file\'s env.DB has a database behind it');
  return nodeDatabase().db;
}
