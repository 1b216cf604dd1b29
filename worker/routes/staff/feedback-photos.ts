/**
 * Evidence photos of one feedback for staff (issue 14): a photo's bytes, and photos staff add.
 *
 * Viewing has the scope of the detail (feedback outside one's department is not found, as
 * there) and is open to every role that may open the feedback, viewers too; each view served
 * is audited (`feedback.photo_view`), as a reveal of contact details is. The detail lists the
 * photos (feedback-view.ts).
 *
 * Staff add photos to what they logged themselves (a letter's enclosures, a visit's): feedback
 * that came by phone, post, e-mail or in person, not a web submission, whose photos are the
 * submitter's. Who may handle the feedback may add (handlers of its department, clerks,
 * admins), up to PHOTO_MAX_PER_FEEDBACK in all, three at a time. The photos are put in the
 * store first, under fresh keys, then recorded in one batch with the audit entry; if the batch
 * writes nothing (the limit reached meanwhile) or fails, the objects are deleted again, so
 * nothing is half-stored. The submitter sees them on the tracking page with their own.
 */
import { Hono } from 'hono';
import { addFeedbackPhotos, countFeedbackPhotos, feedbackPhotoRows, findFeedbackPhoto, recordPhotoView } from '../../db/staff-photos';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { idParam } from '../../http/id-param';
import { PHOTO_MAX_PER_FEEDBACK } from '../../photos/limits';
import { readPhotoUpload } from '../../photos/upload';
import { staffPhotoMessages } from '../../staff/photo-messages';
import type { StaffEnv } from './env';
import { feedbackIdOf, feedbackInScope } from './feedback-view';
import { storeThenRecord } from './photo-upload';
import { photoResponse, photosAddable, staffPhotoOf } from './photo-view';
import { requirePermission } from './session-auth';

const tooMany = (left: number) => validationError({ photos: staffPhotoMessages.perFeedback(left) });
const photoNotFound = () => new ApiError(404, 'photo_not_found', staffPhotoMessages.photoNotFound);

export const staffFeedbackPhotosRoute = new Hono<StaffEnv>()
  .get('/:id{[0-9]+}/photos/:photoId{[0-9]+}', async (c) => {
    const { db, staff: me } = c.var;
    const f = await feedbackInScope(db, feedbackIdOf(c), me);
    const photo = await findFeedbackPhoto(db, f.id, idParam(c, 'photoId', photoNotFound));
    if (!photo) throw photoNotFound();
    if (photo.storageKey === null) throw new ApiError(404, 'photo_erased', staffPhotoMessages.photoErased);
    const stored = await c.var.photos.get(photo.storageKey);
    if (!stored) throw photoNotFound();
    // Audited before a byte is sent: a view that cannot be recorded is not served. A HEAD (which
    // Hono answers with this handler, body dropped) shows nothing, so it is no view.
    if (c.req.method !== 'HEAD') await recordPhotoView(db, f.id, photo.id, me.id, c.var.clock());
    return photoResponse(stored, photo);
  })
  .post('/:id{[0-9]+}/photos', requirePermission('feedback.handle'), async (c) => {
    const { db, staff: me } = c.var;
    const f = await feedbackInScope(db, feedbackIdOf(c), me);
    if (!photosAddable(f.channel)) throw new ApiError(409, 'photos_not_addable', staffPhotoMessages.webFeedback);
    // Refused before the body is read when there is no room at all.
    const before = await countFeedbackPhotos(db, f.id);
    if (before >= PHOTO_MAX_PER_FEEDBACK) throw tooMany(0);
    const upload = await readPhotoUpload(c.req.raw, { required: true });
    if (before + upload.photos.length > PHOTO_MAX_PER_FEEDBACK) throw tooMany(PHOTO_MAX_PER_FEEDBACK - before);
    const now = c.var.clock();
    const ids = await storeThenRecord(
      c.var.photos,
      upload.photos,
      'feedback',
      (stored) =>
        addFeedbackPhotos(
          db,
          f.id,
          stored.map((p) => ({ storageKey: p.storageKey, name: p.name, type: p.contentType, size: p.size, width: p.width, height: p.height })),
          PHOTO_MAX_PER_FEEDBACK,
          me.id,
          now,
        ),
      // Another upload took the room meanwhile.
      async () => tooMany(Math.max(0, PHOTO_MAX_PER_FEEDBACK - (await countFeedbackPhotos(db, f.id)))),
    );
    const photos = (await feedbackPhotoRows(db, f.id)).map((p) => staffPhotoOf(f.id, p));
    return c.json({ photos, added: ids }, 201);
  })
  .all('/:id{[0-9]+}/photos/:photoId{[0-9]+}', methodNotAllowed)
  .all('/:id{[0-9]+}/photos', methodNotAllowed);
