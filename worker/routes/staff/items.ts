/**
 * Rectification items for staff: feedback counts per item and the disputed flag,
 * staff comments (public ones appear under the item on the notice page), and the
 * department responsible for an item; and, for every member of staff, the
 * notices whose items and feedback they work on (the list of notices in
 * notices.ts is for admins, and includes drafts).
 *
 * Scoped like the inbox: a member of staff bound to a department is counted
 * only that department's feedback, and reads other departments' items (and
 * items of no department) without their internal comments.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { findDepartment } from '../../db/staff-feedback';
import { listNotices, READABLE_STATES } from '../../db/notices';
import { addComment, findItem, listComments, noticeItemRows, setItemDepartment } from '../../db/staff-items';
import { charCount, hasUnprintable } from '../../feedback/rules';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { errorMessages } from '../../messages';
import { COMMENT_MAX, DISMISSED_STATUSES, itemsView } from '../../staff/items';
import { staffErrors, staffFieldMessages } from '../../staff/messages';
import { inScope, scopeOf } from '../../staff/roles';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';
import { SLUG } from '../../notice/lifecycle';

const m = staffFieldMessages;

const commentInput = z.object({ body: z.string().max(20_000), public: z.boolean() });
const itemDepartmentInput = z.object({ departmentId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable() });

async function itemOr404(db: StaffEnv['Variables']['db'], id: number) {
  const item = await findItem(db, id);
  if (!item) throw new ApiError(404, 'item_not_found', errorMessages.itemNotFound);
  return item;
}

export const staffItemsRoute = new Hono<StaffEnv>()
  .use(staffSession())
  .get('/', validate('query', z.object({ notice: z.string().regex(SLUG) }), { notice: m.filter.notice }), async (c) => {
    const scope = scopeOf(c.var.staff);
    const rows = await noticeItemRows(c.var.db, c.req.valid('query').notice, scope, DISMISSED_STATUSES);
    if (!rows) throw new ApiError(404, 'notice_not_found', errorMessages.noticeNotFound);
    return c.json(itemsView(rows, scope), 200);
  })
  .get('/notices', async (c) => c.json({ notices: await listNotices(c.var.db, READABLE_STATES) }, 200))
  .get('/:id{[0-9]+}/comments', async (c) => {
    const item = await itemOr404(c.var.db, Number(c.req.param('id')));
    // Public progress updates are on the notice page anyway; internal comments stay with the item's department.
    const internal = inScope(c.var.staff, item.departmentId);
    return c.json({ comments: await listComments(c.var.db, item.id, { internal }), internal }, 200);
  })
  .post(
    '/:id{[0-9]+}/comments',
    requirePermission('item.comment'),
    jsonBody({ maxBytes: 32 * 1024 }),
    validate('json', commentInput, { body: m.body.required, public: m.public.required }),
    async (c) => {
      const { db, staff: me } = c.var;
      const item = await itemOr404(db, Number(c.req.param('id')));
      // A handler confined to a department speaks only for that department's items.
      if (!inScope(me, item.departmentId)) throw new ApiError(403, 'forbidden', staffErrors.forbidden);
      const input = c.req.valid('json');
      const body = input.body.trim();
      if (body === '') throw validationError({ body: m.body.required });
      if (hasUnprintable(body)) throw validationError({ body: m.body.invalidChars });
      if (charCount(body) > COMMENT_MAX) throw validationError({ body: m.body.tooLong });
      const id = await addComment(db, item.id, me.id, body, input.public, c.var.clock());
      return c.json({ comments: await listComments(db, item.id, { internal: true }), internal: true, id }, 201);
    },
  )
  .post(
    '/:id{[0-9]+}/department',
    requirePermission('item.assign'),
    jsonBody({ maxBytes: 1024 }),
    validate('json', itemDepartmentInput, { departmentId: m.departmentId.unknown }),
    async (c) => {
      const { db, staff: me } = c.var;
      const item = await itemOr404(db, Number(c.req.param('id')));
      const { departmentId } = c.req.valid('json');
      if (departmentId !== null && !(await findDepartment(db, departmentId))) throw validationError({ departmentId: m.departmentId.unknown });
      await setItemDepartment(db, item, departmentId, me.id, c.var.clock());
      return c.json({ id: item.id, departmentId }, 200);
    },
  )
  .all('/', methodNotAllowed)
  .all('/notices', methodNotAllowed)
  .all('/:id{[0-9]+}/comments', methodNotAllowed)
  .all('/:id{[0-9]+}/department', methodNotAllowed);
