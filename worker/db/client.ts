/**
 * The drizzle client, put on the context by a middleware so that handlers
 * never touch the D1 binding directly.
 */
import { drizzle } from 'drizzle-orm/d1';
import type { MiddlewareHandler } from 'hono';
import * as schema from './schema';

export function createDb(d1: D1Database) {
  return drizzle(d1, { schema, casing: 'snake_case' });
}

export type Db = ReturnType<typeof createDb>;

export function database(): MiddlewareHandler<{ Bindings: { DB: D1Database }; Variables: { db: Db } }> {
  return async function database(c, next) {
    c.set('db', createDb(c.env.DB));
    await next();
  };
}
