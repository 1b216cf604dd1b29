/**
 * Delivers the outbox in the background after a response (waitUntil): a write that enqueued
 * notifications answers at once, and they go out right after. What fails here waits in the
 * outbox for the next delivery (notify/deliver.ts); nothing is lost with the request.
 */
import type { Context } from 'hono';
import { deliverDue } from '../notify/deliver';
import type { AppEnv } from '../env';

/** Any route's context, whatever its path and input. */
export function deliverInBackground<E extends AppEnv>(c: Context<E, any, any>): void {
  const { db, outbound, clock } = c.var;
  const task = deliverDue(db, outbound, clock).then(
    () => undefined,
    // Never the message or the target's address: the error's kind is enough, the outbox has the rest.
    (err: unknown) => console.error('notification delivery failed:', err instanceof Error ? err.name : 'error'),
  );
  try {
    c.executionCtx.waitUntil(task);
  } catch {
    // No execution context (a bare app.fetch): the task runs on by itself.
  }
}
