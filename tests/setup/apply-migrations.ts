import { applyD1Migrations, env } from 'cloudflare:test';
import { emptyDatabase } from './empty-database';
import { forgetKeptNotices } from '../helpers/notice-cache';

// Runs before each test file. The files of the worker project share a workerd and so its D1
// (`isolate: false` in vitest.config.ts): each starts from an empty database with every
// migration applied, as it would in a runtime of its own.
// The Workers Cache API is shared too: the notices the last file kept go before its rows do.
await forgetKeptNotices().catch(() => {});
await emptyDatabase(env.DB);
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
