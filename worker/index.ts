/**
 * The worker's entry point.
 */
import { app } from './app';

export type { AppType } from './app';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<import('./env').Env>;
