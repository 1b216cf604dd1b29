import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// wrangler.toml names dist/web as the assets folder, and the pool refuses a config whose folder
// is missing. API tests do not need the built app (`npm test` builds it first anyway).
mkdirSync(fileURLToPath(new URL('./dist/web', import.meta.url)), { recursive: true });

const migrations = await readD1Migrations(fileURLToPath(new URL('./migrations', import.meta.url)));

export default defineConfig({
  test: {
    // One test file per core. Vitest's default keeps a core free (cores - 1), which on a 2-core
    // machine runs every file one after another; the worker files wait mostly on workerd and D1.
    maxWorkers: Math.max(availableParallelism(), 2),
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        // API, domain logic and queries, inside workerd against real D1 and the real migrations.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                APP_SECRET: 'test-secret-not-for-production',
                // A real proof of work, but a small one: each test submission solves it.
                PROOF_OF_WORK_MAX_NUMBER: '300',
              },
              // The built web app is not needed for API tests.
              assets: undefined,
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/browser/**', 'tests/scripts/**', 'tests/node-host/**'],
          // The files share a workerd per core rather than starting one each. A new workerd loads
          // the worker's ~400 modules one by one through the pool (8 to 10 s of a core); shared,
          // each file only loads itself. The setup file gives each file a database as new (it
          // drops every table, then migrates), so no file sees another's rows.
          isolate: false,
          setupFiles: ['./tests/setup/apply-migrations.ts'],
        },
      },
      {
        // The Node host as it runs (scripts/node-server.ts: dist/server/index.js, a SQLite file of
        // its own), killed and started again.
        test: {
          name: 'node-host',
          include: ['tests/node-host/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Build scripts (the size budget), in Node against the built app.
        test: {
          name: 'scripts',
          include: ['tests/scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // User journeys in Debian's Chromium against a running `wrangler dev`.
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./tests/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
