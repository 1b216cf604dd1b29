/**
 * The runtime's inspector under `wrangler dev`, for the benches: workerd's DevTools targets, one per
 * Worker and service (`core:user:<name>` for a Worker), reached from the listening ports of the
 * runtime process of a server's process group.
 *
 * Why the load benches hold a session of their own (`quietWranglerInspector`): when a server
 * starts, wrangler's inspector proxy opens a session to the first Worker whose reload completes and
 * turns on its Network domain, so that every subrequest of that Worker (each D1 call, each Cache
 * API call, each chunk of a streamed body handed on) is sent to wrangler as DevTools events and
 * written to its debug log (~/.config/.wrangler/logs). Measured on 2026-12-01: about 1 ms of
 * wrangler's CPU and 0.6 ms of its proxy's per D1 call. With two Workers (the app: the public one
 * and the staff API's) which one gets it is a race; with one (the ceiling), always that one. So a
 * bare write measured 520 a second with it and 1,050 without, and the app's submission moved
 * between 290 and 340 a second from one start to the next. workerd keeps one session per target:
 * opening another closes wrangler's ("client closed connection", and wrangler does not open it
 * again), and a session that never asks for events costs nothing. Every Worker of every server
 * measured is held alike, so no side carries wrangler's debugging and the other not. The Worker's
 * console output does not go through this session (wrangler reads it from workerd's output).
 *
 * Needs Node 20.10+ (WebSocket; the npm scripts pass --experimental-websocket).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The workerd processes of process group `pgid` (a server started by scripts/local-server.ts leads its own): all, and the runtime (the one given an inspector address, which runs the Workers and the local D1). */
export function workerdOf(pgid: number): { runtime: number; all: number[] } {
  const all: number[] = [];
  let runtime: number | undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'workerd') continue;
      // After the name: state, ppid, pgrp.
      if (Number(stat.slice(close + 2).split(' ')[2]) !== pgid) continue;
      all.push(Number(entry));
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--inspector-addr')) runtime = Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  if (runtime === undefined) throw new Error(`no workerd runtime in process group ${pgid}`);
  return { runtime, all };
}

/** The TCP ports a process listens on, from /proc: its socket inodes matched against the listening sockets. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = readlinkSync(`/proc/${pid}/fd/${fd}`).match(/^socket:\[(\d+)\]$/);
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    for (const line of readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A' && inodes.has(cols[9] ?? '')) ports.push(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

export interface Target {
  /** `core:user:<Worker's name>` for a Worker. */
  id: string;
  webSocketDebuggerUrl: string;
}

/** The DevTools targets the processes' inspectors list (wrangler's own proxy, which lists others, answers too, and is left out by the callers' filters). */
export async function inspectorTargets(pids: readonly number[]): Promise<Target[]> {
  const targets: Target[] = [];
  for (const pid of pids) {
    for (const port of listeningPorts(pid)) {
      try {
        targets.push(...((await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Target[]));
      } catch {
        // not an inspector
      }
    }
  }
  return targets;
}

/** Node's WebSocket (undici) takes headers: the inspector wants a local Origin. */
type WebSocketWithHeaders = new (url: string, init: { headers: Record<string, string> }) => WebSocket;

/**
 * An open DevTools session: `call` sends a method and resolves with its result (rejects after 30 s,
 * or at once should the session close). `closed` resolves if the session closes before `close()`.
 */
export async function openSession(url: string) {
  const ws = new (WebSocket as unknown as WebSocketWithHeaders)(url, { headers: { origin: 'http://localhost' } });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the inspector at ${url} did not open`)), 10_000);
    ws.onopen = () => resolve(clearTimeout(timer));
    ws.onerror = (e) => reject(new Error(`the inspector at ${url}: ${(e as ErrorEvent).message ?? 'error'}`));
  });
  let closing = false;
  let id = 0;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (err: Error) => void }>();
  const closed = new Promise<void>((resolve) => {
    ws.onclose = () => {
      for (const call of waiting.values()) call.reject(new Error('the session closed'));
      waiting.clear();
      if (!closing) resolve();
    };
  });
  ws.onmessage = (e) => {
    const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.resolve(msg.result);
  };
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const n = ++id;
      const timer = setTimeout(() => {
        waiting.delete(n);
        reject(new Error(`${method}: no answer`));
      }, 30_000);
      waiting.set(n, {
        resolve: (r) => {
          clearTimeout(timer);
          waiting.delete(n);
          resolve(r as T);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return {
    call,
    closed,
    close: () => {
      closing = true;
      ws.close();
    },
  };
}

/**
 * A session that holds the Worker's inspector: workerd closes the session that takes a Worker
 * from another client (wrangler's) along with that one, so a session that does not answer is
 * opened again, and the one that answers holds it.
 */
export async function holdingSession(url: string): Promise<Awaited<ReturnType<typeof openSession>>> {
  for (let attempt = 1; ; attempt++) {
    const session = await openSession(url);
    const answered = await Promise.race([session.call('Runtime.getIsolateId').then(() => true, () => false), session.closed.then(() => false)]);
    if (answered) return session;
    session.close();
    if (attempt === 3) throw new Error(`could not hold the inspector at ${url}`);
  }
}

/**
 * Holds a silent session to each Worker of the server led by `pgid` but those in `except`, until
 * `close()`: wrangler's own session, with its Network domain, is closed (see the module comment).
 * Resolves with the Workers held; `lost()` names those whose session another client took since
 * (wrangler again: the runs after that carried its inspector), so that a bench can say so.
 */
export async function quietWranglerInspector(pgid: number, except: readonly string[] = []): Promise<{ workers: string[]; lost(): string[]; close(): void }> {
  const { all } = workerdOf(pgid);
  const targets = (await inspectorTargets(all)).filter((t) => t.id.startsWith('core:user:') && !except.includes(t.id.slice('core:user:'.length)));
  if (targets.length === 0) throw new Error(`no Worker's inspector found in process group ${pgid}`);
  const lost: string[] = [];
  const workers = targets.map((t) => t.id.slice('core:user:'.length));
  const sessions = await Promise.all(targets.map((t) => holdingSession(t.webSocketDebuggerUrl)));
  sessions.forEach((s, i) => void s.closed.then(() => lost.push(workers[i]!)));
  return { workers, lost: () => [...lost], close: () => sessions.forEach((s) => s.close()) };
}
