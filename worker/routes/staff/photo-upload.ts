/**
 * Photos staff upload are stored all or none: put in the photo store first under fresh keys
 * (photos/keys.ts), then recorded in one database batch; when the batch fails or records
 * nothing (the limit reached meanwhile), the objects are deleted again. A photo in the store
 * without its row would be unreachable and never erased; a row without its object would be
 * listed and then not found.
 */
import { ApiError } from '../../http/errors';
import { newPhotoKey, type PhotoKeyKind } from '../../photos/keys';
import type { UploadedPhoto } from '../../photos/upload';
import type { PhotoStore } from '../../ports';
import { staffPhotoMessages } from '../../staff/photo-messages';

/**
 * Puts the photos in the store under fresh keys, then runs `record`; if any put fails, or
 * `record` throws or records nothing, deletes what was put (best effort) and refuses. Returns
 * what `record` returned.
 */
export async function storeThenRecord<T>(
  store: PhotoStore,
  photos: readonly UploadedPhoto[],
  kind: PhotoKeyKind,
  record: (stored: Array<UploadedPhoto & { storageKey: string }>) => Promise<T | null>,
  refused: () => ApiError | Promise<ApiError>,
): Promise<T> {
  const stored = photos.map((p) => ({ ...p, storageKey: newPhotoKey(kind) }));
  const undo = () => store.delete(stored.map((p) => p.storageKey)).catch(() => undefined);
  try {
    await Promise.all(stored.map((p) => store.put(p.storageKey, p.bytes, p.contentType)));
  } catch {
    await undo();
    throw new ApiError(503, 'photo_store_unavailable', staffPhotoMessages.storeUnavailable);
  }
  let result: T | null;
  try {
    result = await record(stored);
  } catch (err) {
    await undo();
    if (err instanceof ApiError) throw err;
    console.error('recording photos failed', err instanceof Error ? err.name : 'error');
    throw new ApiError(503, 'photo_store_unavailable', staffPhotoMessages.storeUnavailable);
  }
  if (result === null) {
    await undo();
    throw await refused();
  }
  return result;
}

