/**
 * The public's photos: a submitter's own, through the signed links of the tracking page
 * (GET /api/photos/:token, photos/links.ts), and the photos of public progress updates
 * (GET /api/item-photos/:hex, by their store key's 128 random bits). Anything else, a link
 * expired, forged or for an erased photo, an internal comment's photo, is the same 404.
 */
import { Hono, type Context } from 'hono';
import { READABLE_STATES } from '../db/notices';
import { publicItemPhotoByKey, storedPhotoById } from '../db/photos';
import type { AppEnv } from '../env';
import { appSecret } from '../http/client';
import { ApiError, methodNotAllowed } from '../http/errors';
import { photoLink, photoOfLink } from '../photos/links';
import { photoUploadMessages } from '../photos/messages';
import type { PhotoStore } from '../ports';

/** Signs links to the submitter's photos for the view this request answers with. */
export function photoLinker(c: Context<AppEnv>): (id: number) => Promise<string> {
  const secret = appSecret(c.env);
  const now = c.var.clock();
  return (id) => photoLink(secret, id, now);
}

const notFound = () => new ApiError(404, 'photo_not_found', photoUploadMessages.notFound);

/** The stored photo's bytes, with the row's type (only JPEG and PNG are stored), or 404. */
async function servePhoto(c: Context<AppEnv>, store: PhotoStore, row: { storageKey: string | null; type: string } | undefined, cacheControl: string) {
  if (!row?.storageKey) throw notFound();
  const photo = await store.get(row.storageKey);
  if (!photo) throw notFound();
  return c.body(photo.body instanceof Uint8Array ? (photo.body as Uint8Array<ArrayBuffer>) : photo.body, 200, {
    'content-type': row.type === 'image/png' ? 'image/png' : 'image/jpeg',
    'content-length': String(photo.size),
    'cache-control': cacheControl,
    'content-disposition': 'inline',
  });
}

export const photosRoute = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    const id = await photoOfLink(appSecret(c.env), c.req.param('token'), c.var.clock());
    if (id === null) throw notFound();
    // The link lives an hour; the browser may keep the photo as long, for this person only.
    return servePhoto(c, c.var.photos, await storedPhotoById(c.var.db, id), 'private, max-age=3600');
  })
  .all('/:token', methodNotAllowed);

const HEX = /^[0-9a-f]{32}$/;

export const itemPhotosRoute = new Hono<AppEnv>()
  .get('/:hex', async (c) => {
    const hex = c.req.param('hex');
    if (!HEX.test(hex)) throw notFound();
    // A key is never reused for other bytes: the photo may be kept for good.
    return servePhoto(c, c.var.photos, await publicItemPhotoByKey(c.var.db, `items/${hex}`, READABLE_STATES), 'public, max-age=31536000, immutable');
  })
  .all('/:hex', methodNotAllowed);
