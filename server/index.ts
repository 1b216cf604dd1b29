/**
 * The Node host's entry: `node dist/server/index.js` (built by `npm run build:server`), or
 * `npm run start:node` on a laptop. It checks its settings, opens the SQLite file, applies the
 * migrations it lacks, starts the daily job (03:00 Asia/Shanghai, as the Worker's cron trigger)
 * and serves. SIGTERM and SIGINT stop it cleanly: no new connections, running requests and
 * background tasks finish, then the database closes.
 *
 * Settings: worker/settings.ts (the app's, as in wrangler.toml's [vars]) and server/options.ts
 * (port, folders, the trusted proxy's header); the README lists them.
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { answerClientErrors } from './client-error';
import { configFrom, missingSecrets } from '../worker/settings';
import { createNodeApp } from './app';
import { startDailyJob, startOutboxJob } from './daily';
import { openDatabase } from './db';
import { applyMigrations } from './migrate';
import { serverOptions } from './options';
import { folderPhotoStore } from './photo-store';

function refuse(message: string): never {
  console.error(`Not starting: ${message}`);
  process.exit(1);
}

const config = configFrom(process.env);
const missing = missingSecrets(config);
if (missing.length > 0) refuse(`${missing.join(', ')} is not set. Set it in the environment (see the README, "Running on a Node server").`);
let options;
try {
  options = serverOptions(process.env);
} catch (err) {
  refuse((err as Error).message);
}
if (options.clientAddressHeader && !config.PUBLIC_ORIGIN) {
  refuse('CLIENT_ADDRESS_HEADER is set (a reverse proxy is in front), so PUBLIC_ORIGIN must say where the public reaches the service (https://…).');
}
if (config.PUBLIC_ORIGIN && !URL.canParse(config.PUBLIC_ORIGIN)) refuse(`PUBLIC_ORIGIN is not a URL: "${config.PUBLIC_ORIGIN}"`);

const database = await openDatabase(options.databaseFile);
const applied = await applyMigrations(database.client, options.migrationsDir);
if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);

const photos = folderPhotoStore(options.photoDir);
const app = createNodeApp({ db: database.db, config, photos, assetsDir: options.webDir, clientAddressHeader: options.clientAddressHeader });

const daily = startDailyJob(database.db, config, photos);
const outbox = startOutboxJob(database.db);

const server = serve(
  {
    fetch: (request, env: { incoming?: { socket?: { remoteAddress?: string } } }) => app.fetch(request, env.incoming?.socket?.remoteAddress),
    port: options.port,
    hostname: options.host,
  },
  (info) => console.log(`Serving on http://${info.address}:${info.port} (database ${database.file}; daily job next at ${daily.nextRun()?.toISOString()})`),
);
// A URL or headers too long, or bytes that are not HTTP: the app's error shape, not a bare status line.
answerClientErrors(server as Server);

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  daily.stop();
  outbox.stop();
  server.close(async () => {
    await app.idle();
    database.close();
    process.exit(0);
  });
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
