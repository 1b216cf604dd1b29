/**
 * The Node host's database: drizzle over libSQL with a local SQLite file. drizzle's libSQL
 * driver runs `db.batch([...])` as one transaction, atomic as on D1, so every call site in
 * worker/ works unchanged.
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { drizzleOptions, type Db } from '../worker/db/client';

export interface NodeDatabase {
  db: Db;
  client: Client;
  /** The file's absolute path. */
  file: string;
  close(): void;
}

/**
 * Opens (creating it if need be) the SQLite file. Write-ahead logging lets readers go on while a
 * write commits, and lets `sqlite3 .backup` copy a live database; every commit is synced to disk
 * (synchronous=FULL, SQLite's default), so an acknowledged write survives a crash of the process
 * or the machine. Another process writing at the same moment (`npm run staff -- --node`) is
 * waited for, up to `busyTimeoutMs`, rather than refused.
 */
export async function openDatabase(path: string, busyTimeoutMs = 5_000): Promise<NodeDatabase> {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const client = createClient({ url: `file:${file}`, timeout: busyTimeoutMs });
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA foreign_keys = ON');
  return { db: drizzle(client, drizzleOptions), client, file, close: () => client.close() };
}
