/**
 * The Worker as Cloudflare runs it: the public Worker (worker/index.ts) with its OFFICE service
 * binding answered by the staff API's Worker (worker/office.ts), both over the same bindings.
 * The pool runs one Worker, so the binding here calls the office's own fetch in the same isolate,
 * as a service binding would call it in another; everything else is each Worker's real code.
 * In the node project, worker/index is the Node host's whole app (tests/setup/node/worker-entry.ts),
 * which serves the staff API itself and never asks for OFFICE.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import worker from '../../worker/index';
import office from '../../worker/office';
import type { Env } from '../../worker/env';

/** Where withOffice keeps the bindings it was given (a registered symbol: the node project's entry reads it without importing this file). */
const BINDINGS = Symbol.for('rw.bindings');

/**
 * `bindings` with OFFICE calling the office's fetch over the same bindings and within `ctx`, so
 * that a test's waitOnExecutionContext(ctx) also waits for what the office left running.
 */
export function withOffice<E extends object>(bindings: E, ctx: ExecutionContext = createExecutionContext()): E & { OFFICE: Fetcher } {
  const OFFICE = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => office.fetch(new Request(input, init), bindings as unknown as Env, ctx),
  } as unknown as Fetcher;
  // The bindings it was made from, by which the node project's entry keeps one app per bindings (tests/setup/node/worker-entry.ts).
  const made = (bindings as Record<symbol, object | undefined>)[BINDINGS] ?? bindings;
  return { ...bindings, [BINDINGS]: made, OFFICE };
}

/** A request through the public Worker's fetch handler, as the runtime calls it, over `bindings` (the pool's by default). */
export async function workerFetch(request: Request, bindings: object = env, ctx: ExecutionContext = createExecutionContext()): Promise<Response> {
  return worker.fetch(request, withOffice(bindings, ctx) as unknown as Env, ctx);
}
