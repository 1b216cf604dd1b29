/**
 * Notices for admins: the list with states and counts, the lifecycle
 * (draft → published → closed → archived), edits of a published notice and its
 * items, and each item's status over time. Reading and saving a new notice is
 * in notice-import.ts, mounted here behind the same guard.
 */
import { Hono } from 'hono';
import type { StaffEnv } from './env';
import { staffNoticeImportRoute } from './notice-import';
import { requirePermission, staffSession } from './session-auth';

export const staffNoticesRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('notice.manage'))
  .route('/', staffNoticeImportRoute);
