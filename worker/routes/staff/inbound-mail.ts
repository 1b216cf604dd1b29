/**
 * Mail in, for admins: how much mail became feedback and how much was refused, by reason, in
 * the last 30 days, and whether each door is open. Refused mail is counted, never listed: its
 * rows hold no sender and no text (worker/mail/receive.ts).
 */
import { Hono } from 'hono';
import { mailCounts } from '../../db/inbound-mail';
import { methodNotAllowed } from '../../http/errors';
import { DAY_MS } from '../../lib/limiter';
import { refusalReasons, type RefusalReason } from '../../mail/messages';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

export const MAIL_REPORT_DAYS = 30;

export interface InboundMailReport {
  days: number;
  since: number;
  accepted: number;
  refusedTotal: number;
  refused: { reason: string; label: string; count: number }[];
  /** POST /api/inbound/email is open (INBOUND_MAIL_SECRET set); answers can go out (MAIL_FROM set and a mailer). */
  httpDoor: boolean;
  answers: boolean;
}

export const staffInboundMailRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('audit.read'))
  .get('/', async (c) => {
    const since = c.var.clock() - MAIL_REPORT_DAYS * DAY_MS;
    const counts = await mailCounts(c.var.db, since);
    const report: InboundMailReport = {
      days: MAIL_REPORT_DAYS,
      since,
      accepted: counts.accepted,
      refusedTotal: counts.refusedTotal,
      refused: counts.refused.map((r) => ({ ...r, label: refusalReasons[r.reason as RefusalReason] ?? r.reason })),
      httpDoor: Boolean(c.env.INBOUND_MAIL_SECRET?.trim()),
      answers: Boolean(c.env.MAIL_FROM?.trim() && c.var.mailer),
    };
    return c.json(report, 200);
  })
  .all('/', methodNotAllowed);
