/**
 * `node dist/server/backup.js` (or `npm run backup:node`): a consistent copy of the live
 * database while the server runs, with SQLite's `VACUUM INTO` (one read transaction: writes
 * go on, and the copy is the database as of one moment). The copy is checked with
 * `PRAGMA integrity_check` before it counts; the oldest copies beyond BACKUP_KEEP (14) go.
 *
 * Copies land in DATA_DIR/backups (BACKUP_DIR to move them: put them on another disk, and
 * copy them off the machine). Restoring is stopping the server and putting a copy in the
 * database file's place (README, "Backup and restore").
 */
import { createClient } from '@libsql/client';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from './db';
import { serverOptions } from './options';

export async function backUp(databaseFile: string, backupDir: string, keep: number, now = new Date()): Promise<{ file: string; bytes: number; removed: string[] }> {
  mkdirSync(backupDir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  const file = join(backupDir, `rectification-watch-${stamp}.sqlite`);
  const source = await openDatabase(databaseFile);
  try {
    await source.client.execute({ sql: 'VACUUM INTO ?', args: [file] });
  } finally {
    source.close();
  }
  const copy = createClient({ url: `file:${file}` });
  try {
    const check = (await copy.execute('PRAGMA integrity_check')).rows.map((r) => String(Object.values(r)[0]));
    if (check.join() !== 'ok') throw new Error(`the copy failed its integrity check: ${check.join('; ')}`);
  } catch (err) {
    copy.close();
    rmSync(file, { force: true });
    throw err;
  }
  copy.close();
  const copies = readdirSync(backupDir).filter((f) => /^rectification-watch-.*\.sqlite$/.test(f)).sort();
  const removed = copies.slice(0, Math.max(0, copies.length - keep));
  for (const old of removed) rmSync(join(backupDir, old), { force: true });
  return { file, bytes: statSync(file).size, removed };
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('backup.ts')) {
  const options = serverOptions(process.env);
  const keep = Number(process.env.BACKUP_KEEP?.trim() || 14);
  if (!Number.isInteger(keep) || keep < 1) {
    console.error(`BACKUP_KEEP must be a whole number of copies, at least 1, not "${process.env.BACKUP_KEEP}"`);
    process.exit(1);
  }
  const dir = resolve(process.env.BACKUP_DIR?.trim() || join(options.dataDir, 'backups'));
  try {
    const { file, bytes, removed } = await backUp(options.databaseFile, dir, keep);
    console.log(`Backed up ${options.databaseFile} to ${file} (${bytes} bytes, integrity ok)${removed.length ? `; removed ${removed.length} older copies` : ''}.`);
  } catch (err) {
    console.error(`Backup failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
