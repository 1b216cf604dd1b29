/**
 * Staff feedback: the inbox, manual entry of feedback received by phone, post,
 * e-mail or in person, one feedback in detail, and the audited reveal of contact
 * details. Actions on one feedback are in feedback-actions.ts, mounted here.
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { auditInsertIf } from '../../db/audit';
import { feedback, FEEDBACK_CHANNELS, FEEDBACK_KINDS, FEEDBACK_STATUSES } from '../../db/schema';
import { recordReveal } from '../../db/staff-feedback';
import { decodeCursor, inboxPage, INBOX_PAGE_MAX, searchText, todayCounts, type InboxFilter } from '../../db/staff-inbox';
import { addDays, deadlineConfig, isCalendarDate, overdueRule, shanghaiDate } from '../../feedback/deadlines';
import { inboxScope } from './inbox-scope';
import { feedbackInput, rawFeedbackFailures, typeMessages } from '../../feedback/input';
import { MAX_BODY_BYTES } from '../../feedback/rules';
import { resolveTarget, storeFeedback, type Receipt } from '../../feedback/submit';
import { methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { appSecret } from '../../http/client';
import { validate } from '../../http/validate';
import { normaliseSource, SOURCE_PATTERN, sourceWindow } from '../../lib/source';
import { staffFieldMessages } from '../../staff/messages';
import { openSearch, SEARCH_MAX } from '../../staff/search-token';
import { scopeOf } from '../../staff/roles';
import type { StaffEnv } from './env';
import { feedbackDetail, feedbackIdOf, feedbackInScope, hasContact } from './feedback-view';
import { staffFeedbackActionsRoute } from './feedback-actions';
import { staffFeedbackAttentionRoute } from './feedback-attention';
import { staffFeedbackPhotosRoute } from './feedback-photos';
import { requirePermission, staffSession } from './session-auth';
import { SLUG } from '../../notice/lifecycle';
import { overdue, type Overdue } from '../../staff/workflow';

const f = staffFieldMessages.filter;
const date = (message: string) => z.string().check(z.refine(isCalendarDate, { message }));
const id = z.coerce.number().check(z.int(), z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));

/** The inbox's filters; the export and the statistics take the same ones, validated alike. */
export const inboxFilterQuery = z.object({
  status: z.optional(z.enum([...FEEDBACK_STATUSES, 'open'])),
  notice: z.optional(z.string().check(z.regex(SLUG))),
  /** An item's id, or `none` for feedback on the notice as a whole. */
  item: z.optional(z.union([z.literal('none'), id])),
  department: z.optional(z.union([z.literal('none'), id])),
  channel: z.optional(z.enum(FEEDBACK_CHANNELS)),
  kind: z.optional(z.enum(FEEDBACK_KINDS)),
  overdue: z.optional(z.enum(['1', '0'])),
  /** Due within three days, not yet overdue (即将超期). */
  dueSoon: z.optional(z.enum(['1', '0'])),
  /** Handed back by a department and not yet assigned again (已退回). */
  returned: z.optional(z.enum(['1', '0'])),
  /** A follow-up (补充说明), a review request (请求复查), or either (待回应), awaiting staff. */
  attention: z.optional(z.enum(['follow_up', 'review', 'any'])),
  from: z.optional(date(f.date)),
  to: z.optional(date(f.date)),
  q: z.optional(z.string().check(z.maxLength(SEARCH_MAX))),
  /** The search words sealed by POST /api/staff/search, in place of `q`: they then travel in no URL (staff/search-token.ts). */
  qs: z.optional(z.string().check(z.maxLength(2000))),
  /** A client's short fingerprint (来源标识) or more of it, and an instant: with both, the hour around it (staff/sources.ts). */
  source: z.optional(z.string().check(z.regex(SOURCE_PATTERN))),
  around: z.optional(z.coerce.number().check(z.int(), z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER))),
});
export const inboxFilterMessages = {
  status: f.status, notice: f.notice, item: f.item, department: f.department, channel: f.channel, kind: f.kind,
  overdue: f.overdue, dueSoon: f.dueSoon, returned: f.returned, attention: f.attention, from: f.date, to: f.date, q: f.q, qs: f.qs, source: f.source, around: f.around,
};

/**
 * The filters with the search words in `q`, opened from the sealed `qs` (for this staff member,
 * not expired); a `qs` that does not open is a 422 on that field. Search words in the address
 * itself (`q`) are a 422 too: a query string reaches every access log on its way, and a clerk
 * searches for a caller's name or phone number (POST /api/staff/search seals them).
 */
export async function withSearchWords<T extends { q?: string; qs?: string }>(c: Context<StaffEnv>, query: T): Promise<Omit<T, 'qs'>> {
  const { qs, ...rest } = query;
  if (query.q !== undefined && qs !== undefined) throw validationError({ qs: f.qsWithQ });
  if (query.q !== undefined) throw validationError({ q: f.qInAddress });
  if (qs === undefined) return rest;
  const words = await openSearch(appSecret(c.env), c.var.staff.id, qs, c.var.clock());
  if (words === null) throw validationError({ qs: f.qs });
  return { ...rest, q: words };
}

/** The validated query string as the filter of staff-inbox.ts. */
export function inboxFilterOf(q: Partial<z.infer<typeof inboxFilterQuery>>): InboxFilter {
  return {
    status: q.status,
    noticeSlug: q.notice,
    itemId: q.item,
    departmentId: q.department,
    channel: q.channel,
    kind: q.kind,
    overdue: q.overdue === '1',
    dueSoon: q.dueSoon === '1',
    returned: q.returned === '1',
    attention: q.attention,
    from: q.from,
    to: q.to,
    q: q.q === undefined ? undefined : searchText(q.q),
    source: q.source === undefined ? undefined : normaliseSource(q.source),
    receivedWithin: q.around === undefined ? undefined : sourceWindow(q.around),
  };
}

const inboxQuery = z.extend(inboxFilterQuery, {
  cursor: z.optional(z.string().check(z.maxLength(200))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(INBOX_PAGE_MAX))),
});
const inboxMessages = { ...inboxFilterMessages, cursor: f.cursor, limit: f.limit(INBOX_PAGE_MAX) };

/** A time of day, HH:MM on the 24-hour clock. */
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Feedback that reached staff by another channel; consent to keep contact details is recorded by the member of staff.
 * The time of day is optional: a letter has none, and a call may be logged later without it.
 */
const manualEntryInput = z.intersection(
  z.object({
    channel: z.enum(['phone', 'post', 'email', 'in_person']),
    receivedAt: date(staffFieldMessages.receivedAt.invalid),
    receivedTime: z.nullish(
      z.string().check(
        z.maxLength(20),
        z.refine((s) => s.trim() === '' || TIME_OF_DAY.test(s.trim()), { message: staffFieldMessages.receivedTime.invalid }),
      ),
    ),
  }),
  feedbackInput,
);
const manualEntryMessages = {
  ...typeMessages, channel: staffFieldMessages.channel.required, receivedAt: staffFieldMessages.receivedAt.invalid, receivedTime: staffFieldMessages.receivedTime.invalid,
};

/** What the member of staff passes on, and whether a deadline had already passed when it was logged (a back-dated letter). */
export interface ManualEntryReceipt extends Receipt {
  id: number;
  receivedTimeUnknown: boolean;
  overdue: Overdue;
}

/** Manual entries may be back-dated to the day the letter or call came, within a year. */
const MAX_BACKDATE_DAYS = 366;

export const staffFeedbackRoute = new Hono<StaffEnv>()
  .use(staffSession())
  .get('/', validate('query', inboxQuery, inboxMessages), async (c) => {
    const q = await withSearchWords(c, c.req.valid('query'));
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.cursor && !cursor) throw validationError({ cursor: f.cursor });
    const page = await inboxPage(
      c.var.db,
      inboxFilterOf(q),
      inboxScope(c.var.staff, c.env),
      { cursor, limit: q.limit ?? INBOX_PAGE_MAX },
      c.var.clock(),
    );
    return c.json(page, 200);
  })
  // The today view: what is overdue, due within three days, new, and returned, each counted as its inbox lists it.
  .get('/today', async (c) => c.json(await todayCounts(c.var.db, inboxScope(c.var.staff, c.env), c.var.clock()), 200))
  .post(
    '/',
    requirePermission('feedback.enter'),
    jsonBody({ maxBytes: MAX_BODY_BYTES }),
    validate('json', manualEntryInput, manualEntryMessages, rawFeedbackFailures, { consent: staffFieldMessages.consent.required }),
    async (c) => {
      const { channel, receivedAt, receivedTime, noticeSlug, ...fields } = c.req.valid('json');
      const db = c.var.db;
      const me = c.var.staff;
      const now = c.var.clock();
      const today = shanghaiDate(now);
      if (receivedAt > today) throw validationError({ receivedAt: staffFieldMessages.receivedAt.future });
      if (receivedAt < addDays(today, -MAX_BACKDATE_DAYS)) throw validationError({ receivedAt: staffFieldMessages.receivedAt.tooOld });
      const notice = await resolveTarget(db, noticeSlug, fields.itemId, 'staff');
      // Without a time of day the feedback is recorded at the start of its day, marked as such, and shown by its date alone.
      const time = receivedTime?.trim() || null;
      const receivedMs = Date.parse(`${receivedAt}T${time ?? '00:00'}:00+08:00`);
      if (receivedMs > now) throw validationError({ receivedTime: staffFieldMessages.receivedTime.future });
      const scope = scopeOf(me);
      const receipt = await storeFeedback(
        db,
        { ...fields, noticeId: notice.id, refPrefix: notice.refPrefix, channel, receivedAt: receivedMs, receivedTimeUnknown: time === null, enteredBy: me.id },
        deadlineConfig(c.env),
        async (ref) => [
          // A handler confined to a department enters feedback for that department, or could not see it afterwards.
          ...(scope === null ? [] : [db.update(feedback).set({ departmentId: scope }).where(eq(feedback.ref, ref))]),
          auditInsertIf(
            db,
            {
              at: now,
              actorId: me.id,
              action: 'feedback.create',
              targetType: 'feedback',
              targetId: null,
              after: {
                ref, channel, receivedAt, receivedTime: time, noticeSlug, itemId: fields.itemId, kind: fields.kind, anonymous: fields.anonymous,
                hasContact: hasContact(fields), consentRecordedByStaff: fields.consent && hasContact(fields), departmentId: scope,
              },
            },
            feedback,
            eq(feedback.ref, ref),
            feedback.id,
          ),
        ],
      );
      const answer: ManualEntryReceipt = { ...receipt, receivedTimeUnknown: time === null, overdue: overdue({ status: 'new', ...receipt }, now, overdueRule(c.env)) };
      return c.json(answer, 201);
    },
  )
  .get('/:id{[0-9]+}', async (c) => c.json(await feedbackDetail(c.var.db, feedbackIdOf(c), c.var.staff, c.var.clock(), overdueRule(c.env)), 200))
  .post('/:id{[0-9]+}/reveal', requirePermission('feedback.reveal'), async (c) => {
    const row = await feedbackInScope(c.var.db, feedbackIdOf(c), c.var.staff);
    const fields = (['name', 'phone', 'email'] as const).filter((k) => row[k] !== null);
    if (fields.length > 0) await recordReveal(c.var.db, row.id, fields, c.var.staff.id, c.var.clock());
    return c.json({ contact: { name: row.name, phone: row.phone, email: row.email }, consentAt: row.consentAt }, 200);
  })
  .route('/', staffFeedbackActionsRoute)
  .route('/', staffFeedbackAttentionRoute)
  .route('/', staffFeedbackPhotosRoute)
  .all('/', methodNotAllowed)
  .all('/today', methodNotAllowed)
  .all('/:id{[0-9]+}', methodNotAllowed)
  .all('/:id{[0-9]+}/reveal', methodNotAllowed);
