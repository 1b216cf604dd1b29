import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// wrangler.toml names dist/web as the assets folder, and the pool refuses a config whose folder
// is missing. API tests do not need the built app (`npm test` builds it first anyway).
mkdirSync(fileURLToPath(new URL('./dist/web', import.meta.url)), { recursive: true });

const migrations = await readD1Migrations(fileURLToPath(new URL('./migrations', import.meta.url)));

/** Tests of a Cloudflare-only thing, which the node project does not run (each with its reason). */
const WORKER_ONLY = [
  // Hands the Worker's entry ASSETS and DB bindings of its own (the Node host serves a folder).
  'tests/api/security-headers-bindings.test.ts',
  // The Worker's scheduled() handler and the pool's createScheduledController.
  'tests/domain/cron.test.ts',
  // D1's meta.rows_read, which libSQL does not report.
  'tests/staff/inbox-scale.test.ts',
  // The Worker's email() handler (Email Routing); the Node host's door is POST /api/inbound/email.
  'tests/api/email-handler.test.ts',
  // The public Worker's hand-off of /api/staff to the staff API's Worker; the Node host serves both in one app.
  'tests/api/office-hand-off.test.ts',
  // Purges gathered in front of the Workers Cache API; the Node host's cache is its memory.
  'tests/api/notice-cache-purges.test.ts',
];

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
              // wrangler.toml binds the staff API's Worker (worker/office.ts), which the pool does not
              // run: tests hand the public Worker an OFFICE of their own that calls the office's fetch
              // in the same isolate (tests/helpers/worker.ts). A test that forgets gets this answer.
              serviceBindings: {
                OFFICE: () => new Response('tests/helpers/worker.ts withOffice() gives the public Worker its OFFICE', { status: 599 }),
              },
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
        // The same tests (API, staff, export, domain, reading notices), on the Node host: the app
        // of server/app.ts over drizzle-orm/libsql and a SQLite file of each test file's own, made
        // by the Node host's migration runner. One copy of each test: in this project only, the tests' imports of
        // cloudflare:test, worker/index and worker/db/d1 resolve to tests/setup/node/ (env.DB is
        // that file through D1's API; the worker's fetch is the Node app's; createDb gives the
        // libSQL database).
        resolve: {
          alias: [
            { find: /^cloudflare:test$/, replacement: fileURLToPath(new URL('./tests/setup/node/cloudflare-test.ts', import.meta.url)) },
            // As the test files (tests/<folder>/) write them; worker/ and scripts/ import these otherwise.
            { find: /^\.\.\/\.\.\/worker\/index$/, replacement: fileURLToPath(new URL('./tests/setup/node/worker-entry.ts', import.meta.url)) },
            { find: /^\.\.\/\.\.\/worker\/db\/d1$/, replacement: fileURLToPath(new URL('./tests/setup/node/d1-db.ts', import.meta.url)) },
          ],
        },
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: [
            'tests/browser/**',
            'tests/scripts/**',
            'tests/node-host/**',
            ...WORKER_ONLY,
          ],
          // As the worker project: the files share a module graph per process (each loading the
          // app's modules again cost more than its tests), and the setup file gives each file a
          // new database.
          isolate: false,
          setupFiles: ['./tests/setup/node/fresh-database.ts'],
          // The Node host's clock in its deployment's time zone (workerd's is always UTC): code
          // that read local time rather than Asia/Shanghai explicitly would show here.
          env: { TZ: 'Asia/Shanghai' },
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
          // One journey at a time against the one server, all in one Node process: a process
          // of its own per file only added its start and the loading of playwright and the
          // helpers (1 to 3 s a file). Each file still launches its own Chromium. Its own
          // group (order 1, after the worker and scripts projects), as vitest runs a project of
          // one worker only in a group of its own.
          fileParallelism: false,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
