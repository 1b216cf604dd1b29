/**
 * The public Worker's entry point: the notice pages, the public API, the static files, mail in
 * from Email Routing and the crons, over D1, the PHOTOS bucket and the ASSETS binding. The staff
 * API runs in a Worker of its own (worker/office.ts), reached through the OFFICE service binding
 * (worker/http/office.ts says why); this Worker purges the public notice after its writes.
 */
import { handleEmail } from './cloudflare-mail';
import { dbOf, workerPlatform } from './cloudflare-platform';
import { composeApp } from './compose';
import { OUTBOX_JOB, runDailyJob, runOutboxJob } from './daily';
import type { Env } from './env';
import { officeHandOff } from './http/office';
import { loggableFailure } from './lib/failure';
import { r2PhotoStore } from './r2-photos';

export const app = composeApp(
  workerPlatform({ noticeCache: true }),
  officeHandOff((c) => (c.env as Env).OFFICE),
);

export default {
  fetch: app.fetch,
  // A failure thrown out of email() or scheduled() is logged by Cloudflare as it is: only its
  // loggable text leaves (lib/failure.ts), never a failed query's parameters.
  async email(message, env, _ctx) {
    await handleEmail(message, env, Date.now()).catch((err: unknown) => {
      throw loggableFailure(err);
    });
  },
  scheduled(controller, env, ctx) {
    const ports = { outbound: (request: Request) => fetch(request), photos: r2PhotoStore(env.PHOTOS) };
    // Two triggers (wrangler.toml): the outbox's every ten minutes, the daily job's at 03:00 Asia/Shanghai.
    const job = controller.cron === OUTBOX_JOB.cron ? runOutboxJob(dbOf(env.DB), controller.scheduledTime, ports) : runDailyJob(dbOf(env.DB), controller.scheduledTime, env, ports);
    ctx.waitUntil(
      job.catch((err: unknown) => {
        throw loggableFailure(err);
      }),
    );
  },
} satisfies ExportedHandler<Env>;
