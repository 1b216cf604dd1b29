/**
 * Notices for admins: the list with states and counts, the lifecycle
 * (draft → published → closed → archived), edits of a published notice and its
 * items, and each item's status over time. Reading and saving a new notice is
 * in notice-import.ts, mounted here behind the same guard and first, so that
 * its paths (such as /parse) are never taken for a slug.
 *
 * The rules (which change of state is allowed, what may still be edited) are
 * in notice/lifecycle.ts; this file looks things up, asks, and maps refusals to
 * status codes: 409 for what the notice's state does not allow or a stale
 * read, 422 for input, 404 for an unknown notice. Every write is audited with
 * the values before and after, and answers with the notice as in GET.
 */
import { Hono } from 'hono';
import type { Db } from '../../db/client';
import { listAllNotices, takenByOthers, writeNotice, type NoticeChanges } from '../../db/notice-states';
import { shanghaiDate } from '../../feedback/deadlines';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import type { FieldErrors } from '../../messages';
import { differences, ISSUER_MAX, lockedFields, planStateChange, RESERVED_SLUGS, TITLE_MAX } from '../../notice/lifecycle';
import { lockedFieldMessages, noticeErrors, noticeFieldMessages as m, stateRuleMessage } from '../../staff/notice-messages';
import type { StaffEnv } from './env';
import { asRead, noticeDetail, noticeOr404, staleNotice } from './notice-detail';
import { checkText, metaInput, metaMessages, stateInput, stateMessages } from './notice-input';
import { staffNoticeImportRoute } from './notice-import';
import { staffNoticeItemsRoute } from './notice-items';
import { requirePermission, staffSession } from './session-auth';

const BODY = { maxBytes: 8 * 1024 };

/** A 409 when another notice has the slug or the reference prefix asked for; null when neither is taken. */
async function clashWithOthers(db: Db, noticeId: number, changes: NoticeChanges): Promise<ApiError | null> {
  const taken = await takenByOthers(db, { slug: changes.slug, refPrefix: changes.refPrefix }, noticeId);
  if (taken.slug) return new ApiError(409, 'slug_taken', noticeErrors.slugTaken, { slug: noticeErrors.slugTaken });
  if (taken.refPrefix) return new ApiError(409, 'prefix_taken', noticeErrors.prefixTaken, { refPrefix: noticeErrors.prefixTaken });
  return null;
}

export const staffNoticesRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('notice.manage'))
  .route('/', staffNoticeImportRoute)
  .get('/', async (c) => c.json({ notices: await listAllNotices(c.var.db) }, 200))
  .get('/:slug', async (c) => c.json(await noticeDetail(c.var.db, await noticeOr404(c.var.db, c.req.param('slug'))), 200))
  .post('/:slug/state', jsonBody(BODY), validate('json', stateInput, stateMessages), async (c) => {
    const { db, staff: me } = c.var;
    const body = c.req.valid('json');
    const notice = asRead(await noticeOr404(db, c.req.param('slug')), body.updatedAt);
    const now = c.var.clock();
    const plan = planStateChange(notice, body.to, body.closedOn ?? undefined, shanghaiDate(now));
    if (!plan.ok) {
      const r = plan.refusal;
      if (r.kind === 'same') throw new ApiError(409, 'illegal_transition', noticeErrors.sameState(r.state));
      if (r.kind === 'illegal') throw new ApiError(409, 'illegal_transition', noticeErrors.illegalState(r.from, r.to));
      throw validationError({ closedOn: stateRuleMessage(r.fields.closedOn, notice) });
    }
    const written = await writeNotice(
      db,
      notice,
      {
        changes: plan.changes,
        audit: {
          action: 'notice.state',
          targetType: 'notice',
          targetId: notice.id,
          before: { slug: notice.slug, state: notice.state, closedOn: notice.closedOn },
          after: { slug: notice.slug, ...plan.changes },
        },
      },
      me.id,
      now,
    );
    if (written === null) throw staleNotice();
    return c.json(await noticeDetail(db, { ...notice, ...plan.changes, updatedAt: written }), 200);
  })
  .patch('/:slug', jsonBody(BODY), validate('json', metaInput, metaMessages), async (c) => {
    const { db, staff: me } = c.var;
    const body = c.req.valid('json');
    const notice = asRead(await noticeOr404(db, c.req.param('slug')), body.updatedAt);
    const now = c.var.clock();

    const errors: FieldErrors = {};
    const title = checkText(errors, 'title', body.title, { max: TITLE_MAX, messages: m.title, line: true });
    const issuer = checkText(errors, 'issuer', body.issuer, { max: ISSUER_MAX, messages: m.issuer, line: true });
    if (body.publishedOn && body.publishedOn > shanghaiDate(now)) errors.publishedOn = m.publishedOn.future;
    if (body.slug !== undefined && RESERVED_SLUGS.includes(body.slug)) errors.slug = m.slug.reserved;
    if (Object.keys(errors).length > 0) throw validationError(errors);

    const changes = differences(notice, { title, issuer, publishedOn: body.publishedOn, refPrefix: body.refPrefix, slug: body.slug });
    const locked = lockedFields(notice.state, Object.keys(changes));
    if (locked.length > 0) {
      throw new ApiError(409, 'not_editable', lockedFieldMessages[locked[0]!], Object.fromEntries(locked.map((f) => [f, lockedFieldMessages[f]])));
    }
    const clash = await clashWithOthers(db, notice.id, changes);
    if (clash) throw clash;
    if (Object.keys(changes).length === 0) return c.json(await noticeDetail(db, notice), 200);

    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, notice[k as keyof typeof changes]]));
    const written = await writeNotice(
      db,
      notice,
      { changes, audit: { action: 'notice.edit', targetType: 'notice', targetId: notice.id, before: { slug: notice.slug, ...before }, after: { slug: notice.slug, ...changes } } },
      me.id,
      now,
    );
    // Refused: someone changed the notice, or took the slug or prefix, since it was read.
    if (written === null) throw (await clashWithOthers(db, notice.id, changes)) ?? staleNotice();
    return c.json(await noticeDetail(db, { ...notice, ...changes, updatedAt: written }), 200);
  })
  .route('/', staffNoticeItemsRoute)
  .all('/', methodNotAllowed)
  .all('/:slug', methodNotAllowed)
  .all('/:slug/state', methodNotAllowed);
