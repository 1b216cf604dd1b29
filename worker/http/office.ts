/**
 * The staff API's hand-off (issue 15, a smaller Worker): on Cloudflare the staff API runs in a
 * Worker of its own (worker/office.ts), so that the public Worker, which residents' phones wake,
 * loads none of the console's code (its routes, rules, export, statistics and .docx import). The
 * public Worker passes each request under /api/staff to it through a service binding (wrangler.toml
 * OFFICE), as it came: method, headers (the session cookie, Origin, CF-Connecting-IP) and body.
 * A service binding's call does not go over the Internet, runs by default on the same thread,
 * adds no cost, and shares the CPU time of the request that made it (developers.cloudflare.com/
 * workers/runtime-apis/bindings/service-bindings, read 2026-12-01): what the plans allow each
 * route (README "Speed and plans") is as before.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from './errors';
import { errorMessages } from '../messages';

/** Where the staff API runs: a Worker reached through a service binding. */
export interface Office {
  fetch(request: Request): Promise<Response>;
}

/** The staff API as a hand-off to `office(c)`; 503 with a message where none is bound. */
export function officeHandOff(office: (c: { env: unknown }) => Office | undefined): Hono<AppEnv> {
  return new Hono<AppEnv>().all('*', async (c) => {
    const target = office(c);
    if (!target) throw new ApiError(503, 'office_unavailable', errorMessages.officeUnavailable, undefined, { 'cache-control': 'no-store' });
    const res = await target.fetch(c.req.raw);
    // A response from another Worker has headers that cannot change; copy so the security headers can be added.
    return new Response(res.body, res);
  });
}
