/**
 * The database every query module works on: drizzle's SQLite database, whichever driver
 * the platform opened it with (D1 on Cloudflare, worker/db/d1.ts; libSQL over a local file
 * on the Node host, server/db.ts). Both run `db.batch([...])` as one atomic transaction.
 */
import type { DrizzleD1Database } from 'drizzle-orm/d1';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';

/** The options both drivers are opened with, so they map columns alike. */
export const drizzleOptions = { schema, casing: 'snake_case' } as const;

export type Schema = typeof schema;

/**
 * What both drivers share: the query builder, and `batch`. What a bare `run()` returns
 * differs between them, so no caller reads it.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, Schema> & Pick<DrizzleD1Database<Schema>, 'batch'>;

// Both drivers must stay assignable to Db: a compile error here means they have drifted apart.
export type DriversFit = [DrizzleD1Database<Schema> extends Db ? true : never, LibSQLDatabase<Schema> extends Db ? true : never];
