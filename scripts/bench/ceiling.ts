/**
 * Serves the ceiling worker (ceiling-worker.ts) as the app is served: `wrangler
 * dev` on a free port, from a copy in a temporary folder (wrangler writes its
 * build there, not into the repository), with its own local D1 in that folder,
 * holding its one table and the one row its read route reads (READ_PATH). Or its
 * twin on the Node host (ceiling-node.ts), over a SQLite file in a temporary folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, serveWithWrangler, type LocalServer } from '../local-server';
import { servingOn } from '../node-server';

const HERE = new URL('.', import.meta.url).pathname;
const TABLE_SQL =
  'CREATE TABLE rows (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL); ' +
  "INSERT INTO rows (id, at, body) VALUES (1, 0, '社区宣传栏的内容仍然没有更新，垃圾桶长期无人清理，希望有关部门尽快处理。')";

/** The ceiling's read: one row by its primary key. */
export const READ_PATH = '/rows/1';

export async function startCeilingServer(): Promise<Omit<LocalServer, 'appDir'>> {
  const tmp = mkdtempSync(join(tmpdir(), 'rw-ceiling-'));
  const app = join(tmp, 'app');
  const persistTo = join(tmp, 'state');
  try {
    mkdirSync(app);
    for (const file of ['ceiling-worker.ts', 'ceiling.wrangler.toml']) copyFileSync(join(HERE, file), join(app, file));
    symlinkSync(join(process.cwd(), 'node_modules'), join(app, 'node_modules'), 'dir');
    execFileSync(bin('wrangler'), ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--config', 'ceiling.wrangler.toml', '--command', TABLE_SQL], {
      cwd: app,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return serveWithWrangler({ cwd: app, config: 'ceiling.wrangler.toml', persistTo, logs: 'on-failure', readyPath: '/', owned: tmp });
}

/** The Node host's ceiling (ceiling-node.ts) on a free port: its process id (one process: its CPU time is its own). */
export async function startNodeCeilingServer(): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const tmp = mkdtempSync(join(tmpdir(), 'rw-ceiling-node-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'ceiling-node.ts'), join(tmp, 'ceiling.sqlite')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    return { baseUrl: await servingOn(child, 30_000, () => output), pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
