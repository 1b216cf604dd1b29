/**
 * The drizzle database over Cloudflare D1 (the Worker's entry, and the tests in workerd).
 */
import { drizzle } from 'drizzle-orm/d1';
import { drizzleOptions, type Db } from './client';

export function createDb(d1: D1Database): Db {
  return drizzle(d1, drizzleOptions);
}

/**
 * A drizzle database over a D1 session that starts anywhere (primary or replica) and stays
 * consistent after its first query: for routes that only read, so that replicas can serve them
 * once read replication is on. drizzle needs only prepare() and batch(), which a session has.
 * Where the binding has no withSession (an older runtime), the database itself.
 */
export function createReadDb(d1: D1Database): Db {
  const session = typeof d1.withSession === 'function' ? d1.withSession('first-unconstrained') : d1;
  // Made per request (a session is): cheap, since drizzleOptions carries no schema (client.ts).
  return drizzle(session as D1Database, drizzleOptions) as unknown as Db;
}
