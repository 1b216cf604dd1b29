/**
 * A notice's items for admins: edits of their wording and numbering, and
 * changes of their status as work goes on, each with its date and a public
 * note (shown under the item on the notice page). Mounted in notices.ts behind
 * its session and permission guard, so that the whole of a notice is in one
 * sub-app. The responsible department stays with POST /api/staff/items/:id/department.
 *
 * Edits of a published notice are allowed and audited with before and after;
 * the notice's verbatim source_text stays as the faithful record of what was
 * published.
 */
import { Hono, type Context } from 'hono';
import { findItemOfNotice, itemUpdateIf, statusChangeInsertIf, type ItemChanges } from '../../db/item-history';
import type { NoticeRow } from '../../db/notices';
import { writeNotice, type NoticeWrite } from '../../db/notice-states';
import { shanghaiDate } from '../../feedback/deadlines';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { idParam } from '../../http/id-param';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { errorMessages, type FieldErrors } from '../../messages';
import { differences, ITEM_LABEL_MAX, ITEM_TEXT_MAX, ITEM_TITLE_MAX, planStatusChange, STATUS_NOTE_MAX, STATUS_TEXT_MAX } from '../../notice/lifecycle';
import { noticeErrors, noticeFieldMessages as m, statusRuleMessage } from '../../staff/notice-messages';
import type { StaffEnv } from './env';
import { asRead, noticeDetail, noticeOr404, staleNotice } from './notice-detail';
import { checkText, itemInput, itemMessages, statusInput, statusMessages } from './notice-input';

const BODY = { maxBytes: 256 * 1024 };
const ITEM = '/:slug/items/:id{[0-9]+}';

const itemNotFound = () => new ApiError(404, 'item_not_found', errorMessages.itemNotFound);

/** The notice as the caller read it, and its item named in the path, or 404. */
async function itemOr404(c: Context<StaffEnv>, updatedAt: number | undefined) {
  const notice = asRead(await noticeOr404(c.var.db, c.req.param('slug') ?? ''), updatedAt);
  const found = await findItemOfNotice(c.var.db, notice.id, idParam(c, 'id', itemNotFound));
  if (!found) throw itemNotFound();
  // The item is read with the notice's version in one batch: a change in between shows as a newer version.
  if (found.noticeUpdatedAt !== notice.updatedAt) throw staleNotice();
  return { notice, ...found };
}

/** Commits a write on an item and answers with the whole notice, as GET /:slug does. */
async function commit(c: Context<StaffEnv>, notice: NoticeRow, write: NoticeWrite, now: number) {
  const written = await writeNotice(c.var.db, notice, write, c.var.staff.id, now);
  if (written === null) throw staleNotice();
  return c.json(await noticeDetail(c.var.db, { ...notice, updatedAt: written }), 200);
}

export const staffNoticeItemsRoute = new Hono<StaffEnv>()
  .patch(ITEM, jsonBody(BODY), validate('json', itemInput, itemMessages), async (c) => {
    const body = c.req.valid('json');
    const { notice, item } = await itemOr404(c, body.updatedAt);

    const errors: FieldErrors = {};
    const wanted: ItemChanges = {
      label: checkText(errors, 'label', body.label, { max: ITEM_LABEL_MAX, messages: m.label, line: true }),
      title: checkText(errors, 'title', body.title, { max: ITEM_TITLE_MAX, messages: m.itemTitle, line: true }),
      body: checkText(errors, 'body', body.body, { max: ITEM_TEXT_MAX, messages: m.body }),
      measures: checkText(errors, 'measures', body.measures, { max: ITEM_TEXT_MAX, messages: m.measures }),
      // null: the item has no status line at all.
      statusText: body.statusText === null ? null : checkText(errors, 'statusText', body.statusText, { max: STATUS_TEXT_MAX, messages: m.statusText }),
      status: body.status,
    };
    if (Object.keys(errors).length > 0) throw validationError(errors);

    const changes = differences(item, wanted);
    // Out of draft, a status changes over time, with a date and a note: POST …/status.
    if (changes.status !== undefined && notice.state !== 'draft') {
      throw new ApiError(409, 'not_editable', noticeErrors.statusNotEditable, { status: noticeErrors.statusNotEditable });
    }
    if (Object.keys(changes).length === 0) return c.json(await noticeDetail(c.var.db, notice), 200);

    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, item[k as keyof ItemChanges]]));
    return commit(
      c,
      notice,
      {
        changes: {},
        audit: { action: 'item.edit', targetType: 'item', targetId: item.id, before: { notice: notice.slug, ...before }, after: { notice: notice.slug, ...changes } },
        also: (guard) => [itemUpdateIf(c.var.db, item.id, changes, guard)],
      },
      c.var.clock(),
    );
  })
  .post(`${ITEM}/status`, jsonBody({ maxBytes: 16 * 1024 }), validate('json', statusInput, statusMessages), async (c) => {
    const body = c.req.valid('json');
    const { notice, item, lastChangedOn } = await itemOr404(c, body.updatedAt);
    const now = c.var.clock();

    const errors: FieldErrors = {};
    const note = checkText(errors, 'note', body.note ?? '', { max: STATUS_NOTE_MAX, messages: m.note });
    const plan = planStatusChange(notice, { status: item.status, lastChangedOn }, body.status, body.changedOn ?? undefined, shanghaiDate(now));
    if (!plan.ok && plan.refusal.kind === 'invalid') errors.changedOn = statusRuleMessage(plan.refusal.fields.changedOn, { publishedOn: notice.publishedOn, lastChangedOn });
    if (!plan.ok && plan.refusal.kind === 'draft') throw new ApiError(409, 'notice_draft', noticeErrors.statusInDraft);
    if (!plan.ok && plan.refusal.kind === 'unchanged') throw new ApiError(409, 'status_unchanged', noticeErrors.statusUnchanged(plan.refusal.status));
    if (Object.keys(errors).length > 0 || note === undefined || !plan.ok) throw validationError(errors);

    const change = { itemId: item.id, ...plan.change, note };
    return commit(
      c,
      notice,
      {
        changes: {},
        audit: {
          action: 'item.status',
          targetType: 'item',
          targetId: item.id,
          before: { notice: notice.slug, status: item.status },
          after: { notice: notice.slug, status: change.to, changedOn: change.changedOn, note },
        },
        also: (guard) => [
          statusChangeInsertIf(c.var.db, change, c.var.staff.id, now, guard),
          itemUpdateIf(c.var.db, item.id, { status: change.to }, guard),
        ],
      },
      now,
    );
  })
  .all(ITEM, methodNotAllowed)
  .all(`${ITEM}/status`, methodNotAllowed);
