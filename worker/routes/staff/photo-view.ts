/**
 * Evidence photos as the console gets them: a feedback's photos as the detail lists them, and
 * a stored photo's bytes as a response. Staff photo routes answer `private, no-store` (a
 * photo of a person's complaint is personal data, as its text is: no cache keeps it), inline,
 * with the type the upload was sniffed as (nosniff is on every response, security-headers.ts).
 */
import type { FeedbackPhotoRow } from '../../db/staff-photos';
import type { StoredPhoto } from '../../ports';

export interface StaffPhoto {
  id: number;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  /** The member of staff who added it; null when the submitter sent it. */
  addedBy: { id: number; name: string } | null;
  createdAt: number;
  /** When the retention erasure removed it; the row stays as the record. */
  erasedAt: number | null;
  /** Where the console fetches it (an audited view); null once erased. */
  url: string | null;
}

export function staffPhotoOf(feedbackId: number, p: FeedbackPhotoRow): StaffPhoto {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    size: p.size,
    width: p.width,
    height: p.height,
    addedBy: p.addedBy === null ? null : { id: p.addedBy, name: p.addedByName ?? '' },
    createdAt: p.createdAt,
    erasedAt: p.erasedAt,
    url: p.storageKey === null ? null : `/api/staff/feedback/${feedbackId}/photos/${p.id}`,
  };
}

/** Whether staff may add photos to feedback that came by this channel: what they logged, not a web submission (whose photos are the submitter's). */
export function photosAddable(channel: string): boolean {
  return channel !== 'web';
}

export const STAFF_PHOTO_CACHE = 'private, no-store';

/** The stored photo's bytes, typed by its row (what the upload was sniffed as), never cached. */
export function photoResponse(stored: StoredPhoto, row: { type: string; size: number }): Response {
  // A Uint8Array over any buffer is a body at run time; the DOM types want one over an ArrayBuffer.
  return new Response(stored.body as BodyInit, {
    status: 200,
    headers: {
      'content-type': row.type,
      'cache-control': STAFF_PHOTO_CACHE,
      'content-disposition': 'inline',
    },
  });
}
