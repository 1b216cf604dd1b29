/**
 * Photos in the console (issue 14): what the staff API answers about them, how
 * they are named for people who cannot see them, and the two uploads (to a
 * feedback, to an item's comment). An upload is multipart, `photo` parts in the
 * order chosen; a refusal names each refused photo by its 0-based place in that
 * order (`error.photos`), and the field message (`fields.photos`) the first.
 */
import type { commentPhotoOf } from '../../../worker/routes/staff/items';
import type { StaffPhoto } from '../../../worker/routes/staff/photo-view';
import { api, type ApiError, type Result } from './api';

export type { StaffPhoto };
/** A photo on an item's comment (progress update or internal note): public ones at their public address. */
export type CommentPhoto = ReturnType<typeof commentPhotoOf>;

export { photoAlt } from '../../public/lib/photo-alt';

/** One refused photo of an upload: its 0-based place among the photos sent, and why. */
export interface PhotoRefusal {
  index: number;
  reason: string;
  message: string;
}

export type PhotoUploadError = ApiError & { photos?: PhotoRefusal[] };

/** 340 KB, 2.4 MB. */
export function photoSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export interface PhotoToSend {
  blob: Blob;
  name: string;
}

function formOf(photos: PhotoToSend[]): FormData {
  const form = new FormData();
  for (const p of photos) form.append('photo', p.blob, p.name);
  return form;
}

export const photoApi = {
  /** Answers with all the feedback's photos, and the ids of those just added. */
  addToFeedback: (feedbackId: number, photos: PhotoToSend[]): Promise<Result<{ photos: StaffPhoto[]; added: number[] }>> =>
    api.upload(`/api/staff/feedback/${feedbackId}/photos`, formOf(photos)),
  /** Answers with the comment and all its photos, and the ids of those just added. */
  addToComment: (itemId: number, commentId: number, photos: PhotoToSend[]): Promise<Result<{ id: number; photos: CommentPhoto[]; added: number[] }>> =>
    api.upload(`/api/staff/items/${itemId}/comments/${commentId}/photos`, formOf(photos)),
};
