/**
 * Starts the real thing on this machine: builds the web app, makes a fresh local
 * D1 in a temporary folder, applies the migrations, seeds the sample notice and
 * serves it all with `wrangler dev` on a free port. Used by the browser journeys
 * (tests/browser/global-setup.ts) and by `npm run bench:web`.
 *
 * It serves a copy of the tree taken at start: `wrangler dev` reloads (or, when it
 * catches wrangler.toml half-written, dies) whenever a source changes, and the
 * build must not replace the `dist/web` that another server may be using.
 *
 * The load benches use two more things: `vars` (passed as `wrangler dev --var`, so
 * limits are relaxed through configuration, not code; with two Workers wrangler 4.86 gives them
 * to the first only, the public one, which is where the public limits and the proof's secret
 * are read) and `crash()` then
 * `startLocalServer({ reuse })`, which kill -9 the server and serve the same copy and
 * the same D1 again, as after a power cut. `serveWithWrangler` is the serving part
 * alone, for a worker of another wrangler config (scripts/bench/ceiling-worker.ts).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { WORKERS } from './worker-size';

export interface LocalServer {
  baseUrl: string;
  /** The folder given to `--persist-to`: `wrangler d1 execute --local --persist-to` reads the same D1. */
  persistTo: string;
  /** The copy of the tree being served (wrangler's working directory). */
  appDir: string;
  /** wrangler's process id, which is also its process group's (workerd included): for reading their CPU time. */
  pid: number;
  /** Ends wrangler and workerd, then removes the copy and the D1. */
  stop(): Promise<void>;
  /**
   * kill -9 of wrangler and workerd together (their process group), with no chance to
   * flush anything; the copy and the D1 stay for `startLocalServer({ reuse })`. Resolves
   * once wrangler is gone. `stop()` afterwards only removes the folders.
   */
  crash(): Promise<void>;
}

const ROOT = process.cwd();
export const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

/** Not part of what is served, or rebuilt in the copy. */
const LEFT_OUT = new Set(['node_modules', 'dist', '.wrangler', '.git', 'tests', 'test-results']);

/** Copies the tree (sources, config, migrations, seed) into `dir`, sharing node_modules. */
function snapshot(dir: string): void {
  mkdirSync(dir);
  for (const entry of readdirSync(ROOT)) {
    if (!LEFT_OUT.has(entry)) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/** The app's Workers under `wrangler dev`: the public one first, served, then the staff API's (scripts/worker-size.ts WORKERS). */
const APP_CONFIGS = Object.values(WORKERS).map((w) => w.config);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitFor(url: string, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer ${url} within ${ms} ms`);
}

/** `file` opened for appending (its folder made), with a line saying when this server started. */
function openLog(file: string): number {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(resolve(file), 'a');
  writeSync(fd, `\n--- wrangler dev started ${new Date().toISOString()}\n`);
  return fd;
}

/** Wrangler runs in its own process group, with the workerd it starts: signalling the group reaches both. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return signalGroup(child, 'SIGKILL');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  // workerd may outlive wrangler by a moment.
  signalGroup(child, 'SIGKILL');
}

export interface StartOptions {
  /** `inherit` shows wrangler's messages as they come; `on-failure` only if it fails to start. */
  logs?: 'inherit' | 'on-failure';
  /**
   * A file that gets wrangler's output (each request with its status and duration), appended:
   * the browser journeys keep it in test-results/ to tell a slow server from a slow page.
   */
  logFile?: string;
  /** wrangler vars for this run, given as `--var NAME:VALUE` (they override wrangler.toml's `[vars]`). */
  vars?: Record<string, string>;
  /**
   * A server ended with `crash()`: serve its copy and its D1 again, on a new port,
   * without building, migrating or seeding. The new server's `stop()` removes them.
   */
  reuse?: Pick<LocalServer, 'appDir' | 'persistTo'>;
}

export interface ServeOptions {
  /** wrangler's working directory. */
  cwd: string;
  persistTo: string;
  /**
   * `--config`, relative to `cwd`, one per Worker (the first is the one served); when absent, the
   * app's two: wrangler.toml and the staff API's wrangler.office.toml, which it binds as OFFICE.
   */
  config?: string | string[];
  vars?: Record<string, string>;
  logs?: 'inherit' | 'on-failure';
  logFile?: string;
  /** A GET that answers 2xx once the worker serves. */
  readyPath: string;
  /** Also removed by `stop()`. */
  owned?: string;
}

/** `wrangler dev` on a free port of 127.0.0.1, in its own process group; resolves once `readyPath` answers. */
export async function serveWithWrangler(opts: ServeOptions): Promise<Omit<LocalServer, 'appDir'>> {
  const port = await freePort();
  const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', opts.persistTo, '--show-interactive-dev-session=false'];
  for (const config of [opts.config ?? APP_CONFIGS].flat()) args.push('--config', config);
  for (const [name, value] of Object.entries(opts.vars ?? {})) {
    if (!/^[A-Z_][A-Z0-9_]*$/i.test(name)) throw new Error(`not a var name: ${name}`);
    args.push('--var', `${name}:${value}`);
  }
  const logs = opts.logs ?? 'inherit';
  const logFd = opts.logFile ? openLog(opts.logFile) : 'ignore';
  const child = spawn(bin('wrangler'), args, {
    cwd: opts.cwd,
    stdio: ['ignore', logFd, logs === 'inherit' ? 'inherit' : 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    detached: true,
  });
  // The child has its own copy of the log's descriptor.
  if (typeof logFd === 'number') closeSync(logFd);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // Should this process end without calling stop(), the server must not outlive it.
  const orphanGuard = () => signalGroup(child, 'SIGKILL');
  process.once('exit', orphanGuard);
  const removeOwned = () => {
    if (opts.owned) rmSync(opts.owned, { recursive: true, force: true });
  };
  const stop = async () => {
    process.off('exit', orphanGuard);
    await stopGroup(child);
    removeOwned();
  };
  const crash = async () => {
    process.off('exit', orphanGuard);
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(child, 'SIGKILL');
    await exited;
  };
  try {
    await waitFor(`${baseUrl}${opts.readyPath}`, child, 60_000);
  } catch (err) {
    await stop();
    if (stderr) (err as Error).message += `\n${stderr}`;
    throw err;
  }
  return { baseUrl, persistTo: opts.persistTo, pid: child.pid!, stop, crash };
}

export async function startLocalServer({ logs = 'inherit', logFile, vars, reuse }: StartOptions = {}): Promise<LocalServer> {
  if (reuse) {
    const server = await serveWithWrangler({ cwd: reuse.appDir, persistTo: reuse.persistTo, vars, logs, logFile, readyPath: '/api/notices', owned: dirname(reuse.appDir) });
    return { ...server, appDir: reuse.appDir };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'rw-local-'));
  const app = join(tmp, 'app');
  const persistTo = join(tmp, 'state');
  try {
    snapshot(app);
    const quiet = { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] as ['ignore', 'ignore', 'inherit'] };
    execFileSync(bin('vite'), ['build', '--logLevel', 'error'], quiet);
    execFileSync(bin('vite'), ['build', '--mode', 'staff', '--logLevel', 'error'], quiet);
    execFileSync(bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], quiet);
    execFileSync(bin('tsx'), ['scripts/seed.ts', '--persist-to', persistTo], quiet);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const server = await serveWithWrangler({ cwd: app, persistTo, vars, logs, logFile, readyPath: '/api/notices', owned: tmp });
  return { ...server, appDir: app };
}
