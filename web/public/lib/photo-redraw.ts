/**
 * A chosen photo, redrawn in the browser before it is sent or kept (issue 14): decoded with
 * its Exif orientation applied, drawn on a canvas at a long edge of at most PHOTO_LONG_EDGE,
 * and saved as a JPEG at PHOTO_JPEG_QUALITY. What comes out is only pixels: the camera's
 * Exif, its GPS position and every other piece of metadata stay behind, and a 5 MB phone
 * photo becomes a few hundred KB for the mobile network. The server strips again anyway
 * (worker/photos/strip.ts): it never trusts the browser.
 *
 * Shared by the public form (components/photo-picker.tsx) and the staff console; it is
 * loaded only once someone chooses a photo.
 */
import { PHOTO_JPEG_QUALITY, PHOTO_LONG_EDGE } from '../../../worker/photos/limits';

export interface RedrawnPhoto {
  blob: Blob;
  width: number;
  height: number;
  /**
   * A small copy to show (long edge THUMBNAIL_EDGE) as a data: URL: a cheap phone need not decode
   * the full picture for a 96 px thumbnail, and the page's CSP already allows data: images.
   */
  thumbnail: string;
}

export const THUMBNAIL_EDGE = 256;

/** Why a file could not be used: not a picture at all, or a picture this browser cannot decode (HEIC on most, a broken file). */
export type RedrawFailure = 'notImage' | 'unreadable';

export class PhotoRedrawError extends Error {
  constructor(readonly reason: RedrawFailure) {
    super(reason);
  }
}

type Drawable = ImageBitmap | HTMLImageElement;

/** Decodes with the orientation applied: createImageBitmap where it takes the option, else an <img> (which applies it by default). */
async function decode(file: Blob): Promise<{ image: Drawable; width: number; height: number; close: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { image: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
    } catch {
      // Older Safari refuses the options object; the <img> below reads the same file.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { image: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The size to draw at: the long edge at most `longEdge`, never enlarged. */
export function fitWithin(width: number, height: number, longEdge = PHOTO_LONG_EDGE): { width: number; height: number } {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function redrawPhoto(file: Blob): Promise<RedrawnPhoto> {
  // A camera or gallery gives image/*; an empty type is an unknown file, which the decoder judges.
  if (file.type !== '' && !file.type.startsWith('image/')) throw new PhotoRedrawError('notImage');
  let decoded;
  try {
    decoded = await decode(file);
  } catch {
    throw new PhotoRedrawError(file.type === '' ? 'notImage' : 'unreadable');
  }
  const { width, height } = fitWithin(decoded.width, decoded.height);
  try {
    const canvas = draw(decoded.image, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_JPEG_QUALITY));
    // A canvas too large for the phone's memory gives no blob rather than an error.
    canvas.width = canvas.height = 0;
    if (!blob) throw new PhotoRedrawError('unreadable');
    const small = fitWithin(width, height, THUMBNAIL_EDGE);
    const thumb = draw(decoded.image, small.width, small.height);
    const thumbnail = thumb.toDataURL('image/jpeg', 0.8);
    thumb.width = thumb.height = 0;
    return { blob, width, height, thumbnail };
  } finally {
    decoded.close();
  }
}

function draw(image: Drawable, width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new PhotoRedrawError('unreadable');
  // A PNG's transparent parts would turn black in a JPEG.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(image, 0, 0, width, height);
  return canvas;
}
