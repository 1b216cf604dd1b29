/**
 * `npm run start:node`, after the build: the Node host on this machine. Migrates and seeds the
 * SQLite file (DATA_DIR, ./data by default), then runs the built server (dist/server/index.js)
 * on PORT (8787), like `npm start` does with wrangler and D1.
 *
 * The server will not start without APP_SECRET. On a laptop that has none, this makes one for
 * the data folder (DATA_DIR/dev-secret, readable by its owner only) and uses it, as `wrangler
 * dev` falls back to a development secret; a production server gets its own (README).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverOptions } from '../server/options';

const { dataDir } = serverOptions(process.env);
mkdirSync(dataDir, { recursive: true });
if (!process.env.APP_SECRET?.trim()) {
  const file = join(dataDir, 'dev-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  process.env.APP_SECRET = readFileSync(file, 'utf8').trim();
  console.log(`APP_SECRET is not set: using this machine's development secret (${file}).`);
}

const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--node'], { stdio: 'inherit' });
if (seeded.status !== 0) process.exit(seeded.status ?? 1);

await import('../dist/server/index.js' as string);
