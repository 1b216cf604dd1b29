/**
 * The Node host's migration runner: the same SQL files as D1 (`migrations/`), applied in name
 * order, each in one transaction with the record of it. It keeps its record where wrangler
 * keeps D1's, a `d1_migrations` table of the same shape, so one look tells what a database has,
 * on either platform.
 *
 * `npm run db:migrate:node` runs it; so does the server, before it listens.
 */
import type { Client } from '@libsql/client';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIGRATIONS_TABLE = 'd1_migrations';

/** Applies the migrations `client` lacks; returns their names, in the order applied. */
export async function applyMigrations(client: Client, dir: string): Promise<string[]> {
  await client.execute(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`);
  const done = new Set((await client.execute(`SELECT name FROM ${MIGRATIONS_TABLE}`)).rows.map((r) => String(r.name)));
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const name of files) {
    if (done.has(name)) continue;
    const tx = await client.transaction('write');
    try {
      await tx.executeMultiple(readFileSync(join(dir, name), 'utf8'));
      await tx.execute({ sql: `INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (?)`, args: [name] });
      await tx.commit();
    } catch (err) {
      await tx.rollback().catch(() => undefined);
      throw new Error(`migration ${name} failed; the database is as it was before it: ${(err as Error).message}`, { cause: err });
    } finally {
      tx.close();
    }
    applied.push(name);
  }
  return applied;
}
