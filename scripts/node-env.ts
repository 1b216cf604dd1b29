/**
 * The Node host's SQLite file (DATA_DIR, DATABASE_FILE: server/options.ts), opened from a
 * script with every migration applied, as the server itself would.
 */
import type { Db } from '../worker/db/client';
import { openDatabase } from '../server/db';
import { applyMigrations } from '../server/migrate';
import { serverOptions } from '../server/options';

export async function withNodeDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const options = serverOptions(process.env);
  const database = await openDatabase(options.databaseFile);
  try {
    const applied = await applyMigrations(database.client, options.migrationsDir);
    if (applied.length > 0) console.log(`Applied ${applied.length} migration(s) to ${database.file}.`);
    return await fn(database.db);
  } finally {
    database.close();
  }
}
