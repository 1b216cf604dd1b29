/**
 * The node project's setup file (vitest.config.ts), run before each test file: the file gets a
 * SQLite file of its own, new and migrated, removed once its tests have run. No file sees
 * another's rows, as on the worker project.
 */
import { afterAll } from 'vitest';
import { freshDatabase, removeDatabase } from './cloudflare-test';

await freshDatabase();
afterAll(removeDatabase);
