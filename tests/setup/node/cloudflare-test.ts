/**
 * What `cloudflare:test` gives the shared tests, on the node project (vitest.config.ts aliases
 * the module here): `env`, whose `DB` is the running test file's own SQLite file seen through
 * D1's API and whose `PHOTOS` is its own photo folder seen through R2's (photo-bucket.ts), with the configuration the worker project binds; and execution contexts whose
 * background work can be waited for.
 *
 * The node project's files share a module graph per worker process, as the worker project's
 * share a workerd: before each file, tests/setup/node/fresh-database.ts opens a new file with
 * every migration applied by the Node host's runner, and everything here then works on it.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type NodeDatabase } from '../../../server/db';
import { applyMigrations } from '../../../server/migrate';
import { configFrom } from '../../../worker/settings';
import { d1Over } from './d1';
import { folderBucket } from './photo-bucket';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));
// In memory where there is a tmpfs: the tests need no durability, and an fsync per commit is most of a write's time.
const TEMP = writable('/dev/shm') ? '/dev/shm' : tmpdir();

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

let current: { database: NodeDatabase; folder: string } | undefined;

/** Gives the test file about to run a new database: a new SQLite file with every migration applied. */
export async function freshDatabase(): Promise<void> {
  await removeDatabase();
  const folder = mkdtempSync(join(TEMP, 'rw-node-test-'));
  const database = await openDatabase(join(folder, 'test.sqlite'));
  await applyMigrations(database.client, MIGRATIONS);
  current = { database, folder };
}

/** Waits for the apps' background work, then closes the test file's database and removes its folder. */
export async function removeDatabase(): Promise<void> {
  if (!current) return;
  for (const idle of backgroundWork) await idle();
  backgroundWork.clear();
  // A failure no test waited for is reported, as workerd logs it, and not left for the next file.
  for (const err of backgroundErrors.splice(0)) console.error('background task failed:', err);
  current.database.close();
  rmSync(current.folder, { recursive: true, force: true });
  current = undefined;
}

/** The running test file's database as the Node host opens it: drizzle over libSQL. */
export function nodeDatabase(): NodeDatabase {
  if (!current) throw new Error('no test database: tests/setup/node/fresh-database.ts opens one before each file');
  return current.database;
}

/** The running test file's photo folder (server/photo-store.ts), inside its temporary folder. */
export function photoFolder(): string {
  if (!current) throw new Error('no test folder: tests/setup/node/fresh-database.ts makes one before each file');
  return join(current.folder, 'photos');
}

/** As the worker project's bindings: wrangler.toml's [vars], the test secret, a small proof of work, DB, and PHOTOS (the photo folder through R2's API). */
export const env = {
  ...configFrom({}),
  APP_SECRET: 'test-secret-not-for-production',
  PROOF_OF_WORK_MAX_NUMBER: '300',
  DB: d1Over(() => nodeDatabase().client),
  PHOTOS: folderBucket(photoFolder),
} as Cloudflare.Env;

/** Waits for work the apps run after their responses (tests/setup/node/worker-entry.ts adds them). */
export const backgroundWork = new Set<() => Promise<void>>();
/** What that work threw, for the next waitOnExecutionContext to throw. */
export const backgroundErrors: unknown[] = [];

interface TestExecutionContext extends ExecutionContext {
  tasks: Promise<unknown>[];
}

export function createExecutionContext(): ExecutionContext {
  const tasks: Promise<unknown>[] = [];
  return {
    tasks,
    waitUntil: (task: Promise<unknown>) => void tasks.push(task),
    passThroughOnException: () => undefined,
    props: {},
  } as unknown as TestExecutionContext;
}

/** Resolves once the context's tasks and the apps' background work have ended; throws what one of them threw. */
export async function waitOnExecutionContext(ctx: ExecutionContext): Promise<void> {
  await Promise.all((ctx as TestExecutionContext).tasks ?? []);
  for (const idle of backgroundWork) await idle();
  const failed = backgroundErrors.splice(0);
  if (failed.length > 0) throw failed[0];
}
