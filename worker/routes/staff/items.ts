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
 *
 * A comment's author (or an admin) may attach photos to it (issue 14), three at a time and
 * ten in all; a public progress update's photos are public at once, served by their
 * unguessable key (/api/item-photos/<hex>), an internal comment's only to staff who may read it.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod/mini';
import { findDepartment } from '../../db/staff-feedback';
import { listNotices, READABLE_STATES } from '../../db/notices';
import { addComment, findItem, listComments, noticeItemRows, setItemDepartment } from '../../db/staff-items';
import { addCommentPhotos, countCommentPhotos, findCommentPhoto, findItemComment, itemCommentPhotoRows, type CommentPhotoRow } from '../../db/item-photos';
import { readPhotoUpload } from '../../photos/upload';
import { PHOTO_MAX_PER_COMMENT, staffPhotoMessages } from '../../staff/photo-messages';
import type { Db } from '../../db/client';
import { photoResponse } from './photo-view';
import { storeThenRecord } from './photo-upload';
import { charCount, hasUnprintable, isBlank } from '../../feedback/rules';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { idParam } from '../../http/id-param';
import { jsonBody } from '../../http/json-body';
import { cappedText, validate } from '../../http/validate';
import { errorMessages } from '../../messages';
import { COMMENT_MAX, DISMISSED_STATUSES, itemsView } from '../../staff/items';
import { staffErrors, staffFieldMessages } from '../../staff/messages';
import { inScope, scopeOf } from '../../staff/roles';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';
import { SLUG } from '../../notice/lifecycle';

const m = staffFieldMessages;

const commentInput = z.object({ body: cappedText(20_000, m.body.tooLong), public: z.boolean() });
const itemDepartmentInput = z.object({ departmentId: z.nullable(z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER))) });

const itemNotFound = () => new ApiError(404, 'item_not_found', errorMessages.itemNotFound);
const photoNotFound = () => new ApiError(404, 'photo_not_found', staffPhotoMessages.photoNotFound);
const commentNotFound = () => new ApiError(404, 'comment_not_found', staffPhotoMessages.commentNotFound);

/** The item named in the path (`:id`), or 404. */
async function itemOr404(c: Context<StaffEnv>) {
  const item = await findItem(c.var.db, idParam(c, 'id', itemNotFound));
  if (!item) throw itemNotFound();
  return item;
}

/** A comment's photo as the console lists it: a public one at its public address, an internal one through the staff route. */
export function commentPhotoOf(itemId: number, p: CommentPhotoRow) {
  const url = p.public
    ? `/api/item-photos/${p.storageKey.slice(p.storageKey.indexOf('/') + 1)}`
    : `/api/staff/items/${itemId}/comments/${p.commentId}/photos/${p.id}`;
  return { id: p.id, url, width: p.width, height: p.height, size: p.size, type: p.type, name: p.name };
}

/** The item's comments, oldest first, each with its photos; without `internal`, the public ones only. */
async function commentsWithPhotos(db: Db, itemId: number, { internal }: { internal: boolean }) {
  const [comments, photos] = await Promise.all([listComments(db, itemId, { internal }), itemCommentPhotoRows(db, itemId, { internal })]);
  return comments.map((comment) => ({ ...comment, photos: photos.filter((p) => p.commentId === comment.id).map((p) => commentPhotoOf(itemId, p)) }));
}

const tooManyOnComment = (left: number) => validationError({ photos: staffPhotoMessages.perComment(left) });

export const staffItemsRoute = new Hono<StaffEnv>()
  .use(staffSession())
  .get('/', validate('query', z.object({ notice: z.string().check(z.regex(SLUG)) }), { notice: m.filter.notice }), async (c) => {
    const scope = scopeOf(c.var.staff);
    const rows = await noticeItemRows(c.var.db, c.req.valid('query').notice, scope, DISMISSED_STATUSES);
    if (!rows) throw new ApiError(404, 'notice_not_found', errorMessages.noticeNotFound);
    return c.json(itemsView(rows, scope), 200);
  })
  .get('/notices', async (c) => c.json({ notices: await listNotices(c.var.db, READABLE_STATES) }, 200))
  .get('/:id{[0-9]+}/comments', async (c) => {
    const item = await itemOr404(c);
    // Public progress updates are on the notice page anyway; internal comments stay with the item's department.
    const internal = inScope(c.var.staff, item.departmentId);
    return c.json({ comments: await commentsWithPhotos(c.var.db, item.id, { internal }), internal }, 200);
  })
  .post(
    '/:id{[0-9]+}/comments',
    requirePermission('item.comment'),
    jsonBody({ maxBytes: 32 * 1024 }),
    validate('json', commentInput, { body: m.body.required, public: m.public.required }),
    async (c) => {
      const { db, staff: me } = c.var;
      const item = await itemOr404(c);
      // A handler confined to a department speaks only for that department's items.
      if (!inScope(me, item.departmentId)) throw new ApiError(403, 'forbidden', staffErrors.forbidden);
      const input = c.req.valid('json');
      const body = input.body.trim();
      if (isBlank(body)) throw validationError({ body: m.body.required });
      if (hasUnprintable(body)) throw validationError({ body: m.body.invalidChars });
      if (charCount(body) > COMMENT_MAX) throw validationError({ body: m.body.tooLong });
      const id = await addComment(db, item.id, me.id, body, input.public, c.var.clock());
      return c.json({ comments: await commentsWithPhotos(db, item.id, { internal: true }), internal: true, id }, 201);
    },
  )
  .post('/:id{[0-9]+}/comments/:commentId{[0-9]+}/photos', requirePermission('item.comment'), async (c) => {
    const { db, staff: me } = c.var;
    const item = await itemOr404(c);
    const comment = await findItemComment(db, item.id, idParam(c, 'commentId', commentNotFound));
    if (!comment) throw commentNotFound();
    // The author, while the item is theirs to speak for, or an admin.
    if (me.role !== 'admin' && (comment.authorId !== me.id || !inScope(me, item.departmentId))) {
      throw new ApiError(403, 'forbidden', staffPhotoMessages.commentAuthorOnly);
    }
    const before = await countCommentPhotos(db, comment.id);
    if (before >= PHOTO_MAX_PER_COMMENT) throw tooManyOnComment(0);
    const upload = await readPhotoUpload(c.req.raw, { required: true });
    if (before + upload.photos.length > PHOTO_MAX_PER_COMMENT) throw tooManyOnComment(PHOTO_MAX_PER_COMMENT - before);
    const now = c.var.clock();
    const added = await storeThenRecord(
      c.var.photos,
      upload.photos,
      'items',
      (stored) =>
        addCommentPhotos(
          db,
          item.id,
          comment.id,
          stored.map((p) => ({ storageKey: p.storageKey, name: p.name, type: p.contentType, size: p.size, width: p.width, height: p.height })),
          PHOTO_MAX_PER_COMMENT,
          me.id,
          now,
        ),
      async () => tooManyOnComment(Math.max(0, PHOTO_MAX_PER_COMMENT - (await countCommentPhotos(db, comment.id)))),
    );
    const withPhotos = (await commentsWithPhotos(db, item.id, { internal: true })).find((x) => x.id === comment.id)!;
    return c.json({ ...withPhotos, added }, 201);
  })
  .get('/:id{[0-9]+}/comments/:commentId{[0-9]+}/photos/:photoId{[0-9]+}', async (c) => {
    const { db, staff: me } = c.var;
    const item = await itemOr404(c);
    const photo = await findCommentPhoto(db, item.id, idParam(c, 'commentId', photoNotFound), idParam(c, 'photoId', photoNotFound));
    // An internal comment's photo is read where its comments are: not found elsewhere, as they are not listed.
    if (!photo || (!photo.public && !inScope(me, item.departmentId))) throw photoNotFound();
    const stored = await c.var.photos.get(photo.storageKey);
    if (!stored) throw photoNotFound();
    return photoResponse(stored, photo);
  })
  .post(
    '/:id{[0-9]+}/department',
    requirePermission('item.assign'),
    jsonBody({ maxBytes: 1024 }),
    validate('json', itemDepartmentInput, { departmentId: m.departmentId.unknown }),
    async (c) => {
      const { db, staff: me } = c.var;
      const item = await itemOr404(c);
      const { departmentId } = c.req.valid('json');
      if (departmentId !== null && !(await findDepartment(db, departmentId))) throw validationError({ departmentId: m.departmentId.unknown });
      await setItemDepartment(db, item, departmentId, me.id, c.var.clock());
      return c.json({ id: item.id, departmentId }, 200);
    },
  )
  .all('/', methodNotAllowed)
  .all('/notices', methodNotAllowed)
  .all('/:id{[0-9]+}/comments', methodNotAllowed)
  .all('/:id{[0-9]+}/comments/:commentId{[0-9]+}/photos', methodNotAllowed)
  .all('/:id{[0-9]+}/comments/:commentId{[0-9]+}/photos/:photoId{[0-9]+}', methodNotAllowed)
  .all('/:id{[0-9]+}/department', methodNotAllowed);
