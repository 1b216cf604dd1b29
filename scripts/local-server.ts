/**
 * Starts the real thing on this machine: builds the web app, makes a fresh local
 * D1 in a temporary folder, applies the migrations, seeds the sample notice and
 * serves it all with `wrangler dev` on a free port. Used by the browser journeys
 * (tests/browser/global-setup.ts) and by `npm run bench:web`.
 *
 * It serves a copy of the tree taken at start: `wrangler dev` reloads (or, when it
 * catches wrangler.toml half-written, dies) whenever a source changes, and the
 * build must not replace the `dist/web` that another server may be using.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalServer {
  baseUrl: string;
  /** The folder given to `--persist-to`: `wrangler d1 execute --local --persist-to` reads the same D1. */
  persistTo: string;
  stop(): Promise<void>;
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
}

export async function startLocalServer({ logs = 'inherit' }: StartOptions = {}): Promise<LocalServer> {
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

  const port = await freePort();
  const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistTo, '--show-interactive-dev-session=false'];
  const child = spawn(bin('wrangler'), args, {
    cwd: app,
    stdio: ['ignore', 'ignore', logs === 'inherit' ? 'inherit' : 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // Should this process end without calling stop(), the server must not outlive it.
  const orphanGuard = () => signalGroup(child, 'SIGKILL');
  process.once('exit', orphanGuard);
  const stop = async () => {
    process.off('exit', orphanGuard);
    await stopGroup(child);
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await waitFor(`${baseUrl}/api/notices`, child, 60_000);
  } catch (err) {
    await stop();
    if (stderr) (err as Error).message += `\n${stderr}`;
    throw err;
  }
  return { baseUrl, persistTo, stop };
}
