/**
 * The whole application in one: the public routes and pages, and the staff API beside them
 * (worker/compose.ts composes them). The Node host (server/app.ts) and the tests make it; on
 * Cloudflare each of the two Workers bundles only its own part (worker/index.ts, worker/office.ts).
 */
import { composeApp, type Platform } from './compose';
import { staffRoute } from './routes/staff';

export type { Config, Platform } from './compose';

export function createApp(platform: Platform) {
  return composeApp(platform, staffRoute);
}

export type App = ReturnType<typeof createApp>;
export type AppType = App;
