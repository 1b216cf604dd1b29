/**
 * The drizzle database over Cloudflare D1 (the Worker's entry, and the tests in workerd).
 */
import { drizzle } from 'drizzle-orm/d1';
import { drizzleOptions, type Db } from './client';

export function createDb(d1: D1Database): Db {
  return drizzle(d1, drizzleOptions);
}
