/**
 * The database every query module works on: drizzle's SQLite database, whichever driver
 * the platform opened it with (D1 on Cloudflare, worker/db/d1.ts; libSQL over a local file
 * on the Node host, server/db.ts). Both run `db.batch([...])` as one atomic transaction, and
 * each driver's module returns its database as this type, so the compiler holds them alike.
 */
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

/**
 * The options both drivers are opened with, so they map columns alike. No `schema`: it is
 * only for drizzle's relational queries (`db.query`), which no module uses, and drizzle
 * works out its relations from every table each time a database is made.
 */
export const drizzleOptions = { casing: 'snake_case' } as const;

/**
 * What both drivers share: the query builder, and `batch`. What a bare `run()` returns
 * differs between them, so no caller reads it.
 */
export type Db = BaseSQLiteDatabase<'async', unknown> & {
  batch<U extends BatchItem<'sqlite'>, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};
