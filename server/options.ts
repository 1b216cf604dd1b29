/**
 * The Node host's own settings (besides the app's, worker/settings.ts), from the environment.
 */
import { join, resolve } from 'node:path';

export interface ServerOptions {
  port: number;
  host: string;
  /** Where the SQLite file lives. */
  dataDir: string;
  databaseFile: string;
  /** The photo store's folder (server/photo-store.ts); back it up with the database. */
  photoDir: string;
  /** The built web app. */
  webDir: string;
  migrationsDir: string;
  clientAddressHeader: string | undefined;
}

/** The package's root: the folder holding dist/, migrations/ and seed/. */
export const ROOT = resolve(import.meta.dirname, '..', import.meta.dirname.endsWith(join('dist', 'server')) ? '..' : '.');

export function serverOptions(env: Readonly<Record<string, string | undefined>>): ServerOptions {
  const dataDir = resolve(env.DATA_DIR?.trim() || join(ROOT, 'data'));
  const port = Number(env.PORT?.trim() || 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number (0 to 65535), not "${env.PORT}"`);
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir,
    databaseFile: resolve(env.DATABASE_FILE?.trim() || join(dataDir, 'rectification-watch.sqlite')),
    photoDir: resolve(env.PHOTO_DIR?.trim() || join(dataDir, 'photos')),
    webDir: resolve(env.WEB_DIR?.trim() || join(ROOT, 'dist', 'web')),
    migrationsDir: resolve(env.MIGRATIONS_DIR?.trim() || join(ROOT, 'migrations')),
    clientAddressHeader: env.CLIENT_ADDRESS_HEADER?.trim() || undefined,
  };
}
