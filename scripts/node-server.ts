/**
 * Starts the Node host on this machine, as scripts/local-server.ts starts `wrangler dev`: the
 * built server (dist/server/index.js, rebuilt first when a source is newer), a fresh SQLite file
 * in a temporary DATA_DIR, migrated and seeded by `tsx scripts/seed.ts --node`, served on a free
 * port of 127.0.0.1 (PORT=0: the server picks it and says it in its `Serving on` line). Used by
 * the Node host's tests (tests/node-host/, tests/browser/node-*.test.ts) and by
 * `npm run bench:crash -- --target node`.
 *
 * `vars` are the app's settings as environment variables (worker/settings.ts: limits relaxed
 * through configuration, as `wrangler dev --var` does); the settings of the environment this
 * runs in are not passed on, so that a run depends on nothing but its `vars`. `crash()` is a
 * kill -9, then `startNodeServer({ reuse })` serves the same DATA_DIR again, as after a power cut.
 *
 * The served web app is the build in dist/web (`npm test` builds it first; it is built here when
 * missing), or `webDir`: the browser suite gives the build of wrangler's copy, so that both
 * servers serve the very same files. The server reads it once, at start, so a later build does
 * not change a running one.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETTINGS } from '../worker/settings';

export interface NodeServer {
  baseUrl: string;
  /** The server's DATA_DIR. */
  dataDir: string;
  /** The SQLite file in it (server/db.ts `openDatabase` opens it, also while the server runs). */
  databaseFile: string;
  pid: number;
  /** SIGTERM (the server's clean stop), then removes DATA_DIR. */
  stop(): Promise<void>;
  /** kill -9, with no chance to flush anything; DATA_DIR stays for `startNodeServer({ reuse })`. Resolves once the process is gone. `stop()` afterwards only removes DATA_DIR. */
  crash(): Promise<void>;
}

export interface NodeServerOptions {
  /** The app's settings for this run (worker/settings.ts names), as environment variables. */
  vars?: Record<string, string>;
  /** A server ended with `crash()`: serve its DATA_DIR again (no seeding). The new server's `stop()` removes it. */
  reuse?: Pick<NodeServer, 'dataDir'>;
  /** `inherit` shows the server's messages as they come; `on-failure` (the default) only if it fails to start. */
  logs?: 'inherit' | 'on-failure';
  /** The built web app to serve (WEB_DIR) instead of dist/web; a promise is awaited after seeding, just before the server starts. */
  webDir?: string | Promise<string>;
  /** More options for node itself, before the entry (`--cpu-prof`, for a bench). */
  nodeArgs?: string[];
}

const ROOT = process.cwd();
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const ENTRY = join(ROOT, 'dist', 'server', 'index.js');
const DATABASE_NAME = 'rectification-watch.sqlite';
/** The server's own settings (server/options.ts), also not taken from the environment this runs in. */
const SERVER_OPTIONS = ['PORT', 'HOST', 'DATA_DIR', 'DATABASE_FILE', 'WEB_DIR', 'MIGRATIONS_DIR', 'CLIENT_ADDRESS_HEADER'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|tsx|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm run build:server` when dist/server/index.js is missing or older than a source it bundles.
 * It builds into a folder of its own and moves the result in place, so that a server being
 * started meanwhile (another test file) never reads a half-written bundle.
 */
export function ensureServerBuild(): void {
  const built = statSync(ENTRY, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = Math.max(...['server', 'worker', 'web', 'seed'].map((d) => newestSource(join(ROOT, d))), statSync(join(ROOT, 'package.json')).mtimeMs);
  if (built > sources) return;
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['build:server']!;
  const tmp = join(ROOT, 'dist', 'server', `.build-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const args = script.split(/\s+/).slice(1).map((a) => (a.startsWith('--outfile=') ? `--outfile=${join(tmp, 'index.js')}` : a));
    execFileSync(bin('esbuild'), args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    for (const name of readdirSync(tmp)) renameSync(join(tmp, name), join(ROOT, 'dist', 'server', name));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The web app as `npm run build` makes it, when there is none (a test file run on its own on a fresh clone). */
function ensureWebBuild(): void {
  if (existsSync(join(ROOT, 'dist', 'web', 'index.html')) && existsSync(join(ROOT, 'dist', 'web', 'staff', 'index.html'))) return;
  const quiet = { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] as ['ignore', 'ignore', 'inherit'] };
  execFileSync(bin('vite'), ['build', '--logLevel', 'error'], quiet);
  execFileSync(bin('vite'), ['build', '--mode', 'staff', '--logLevel', 'error'], quiet);
}

/** The environment for the server and the seed: this process's, less every setting, plus these. */
function serverEnv(dataDir: string, vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...SETTINGS.map((s) => s.name), ...SERVER_OPTIONS]) delete env[name];
  for (const name of Object.keys(vars)) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) throw new Error(`not a setting's name: ${name}`);
  }
  return { ...env, APP_SECRET: 'node-host-test-secret-not-for-production', ...vars, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
}

/** Resolves with the address of a server's `Serving on http://…` line; rejects if it exits first or says nothing within `ms`. */
export function servingOn(child: ChildProcess, ms: number, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => finish(new Error(`the Node server did not say "Serving on" within ${ms} ms`)), ms);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Serving on (http:\/\/[^\s]+)/.exec(seen);
      if (match) finish(null, match[1]);
    };
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`the Node server exited (${signal ?? code}) before serving`));
    function finish(err: Error | null, url?: string) {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      if (err) {
        err.message += `\n${output()}`;
        reject(err);
      } else resolve(url!);
    }
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

export async function startNodeServer({ vars = {}, reuse, logs = 'on-failure', webDir, nodeArgs = [] }: NodeServerOptions = {}): Promise<NodeServer> {
  ensureServerBuild();
  if (webDir === undefined) ensureWebBuild();
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'rw-node-'));
  const env = serverEnv(dataDir, vars);
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    // Its output (the demo admin's one-time password) is of no use here.
    if (!reuse) execFileSync(bin('tsx'), ['scripts/seed.ts', '--node'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (webDir !== undefined) env.WEB_DIR = await webDir;
  } catch (err) {
    if (!reuse) removeData();
    throw err;
  }

  const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, ENTRY], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
    if (logs === 'inherit') process.stderr.write(chunk);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Should this process end without calling stop(), the server must not outlive it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);

  const crash = async () => {
    process.off('exit', orphanGuard);
    if (!gone()) child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    process.off('exit', orphanGuard);
    if (!gone()) {
      child.kill('SIGTERM');
      // A clean stop waits for open connections; a client that keeps one alive must not hold it up.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    removeData();
  };

  let baseUrl: string;
  try {
    baseUrl = await servingOn(child, 30_000, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, dataDir, databaseFile: join(dataDir, DATABASE_NAME), pid: child.pid!, stop, crash };
}
