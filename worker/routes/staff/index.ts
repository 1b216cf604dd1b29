/**
 * The staff API, mounted at /api/staff: one sub-app per resource. Every request
 * passes the CSRF guard first; every resource but sign-in and setup links
 * requires a session.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { staffAuditRoute } from './audit';
import { staffCalendarRoute } from './calendar';
import { staffBulkRoute } from './bulk';
import { staffDepartmentsRoute } from './departments';
import { staffExportRoute } from './export';
import { staffFeedbackRoute } from './feedback';
import { staffInboundMailRoute } from './inbound-mail';
import { staffItemsRoute } from './items';
import { staffNoticesRoute } from './notices';
import { staffNotifyTargetsRoute } from './notify-targets';
import { staffReplyTemplatesRoute } from './reply-templates';
import { staffSearchRoute } from './search';
import { noStore, sameOriginJson } from './same-origin';
import { sessionRoute } from './session';
import { setupRoute } from './setup';
import { staffSourcesRoute } from './sources';
import { staffStatsRoute } from './stats';
import { staffUsersRoute } from './users';

export const staffRoute = new Hono<AppEnv>()
  // A write that changed what the public notice shows purges its cached copies where the notice
  // is served: worker/compose.ts mounts notice-purge.ts in front of this API.
  .use(noStore(), sameOriginJson())
  .route('/session', sessionRoute)
  .route('/setup', setupRoute)
  // Before /feedback, whose session middleware would otherwise run for it too.
  .route('/feedback/bulk', staffBulkRoute)
  .route('/feedback', staffFeedbackRoute)
  .route('/search', staffSearchRoute)
  .route('/sources', staffSourcesRoute)
  .route('/reply-templates', staffReplyTemplatesRoute)
  .route('/notify-targets', staffNotifyTargetsRoute)
  .route('/items', staffItemsRoute)
  .route('/notices', staffNoticesRoute)
  .route('/departments', staffDepartmentsRoute)
  .route('/users', staffUsersRoute)
  .route('/audit', staffAuditRoute)
  .route('/inbound-mail', staffInboundMailRoute)
  .route('/export', staffExportRoute)
  .route('/stats', staffStatsRoute)
  .route('/calendar', staffCalendarRoute);
