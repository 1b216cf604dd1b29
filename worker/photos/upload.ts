/**
 * Reads a `multipart/form-data` upload of photos: the one door through which photos come in, for
 * the public's submission (POST /api/feedback) and for staff (their feedback and progress updates).
 *
 * The body is bounded by PHOTO_UPLOAD_MAX_BYTES: a declared Content-Length over it is refused
 * before a byte is read, and the stream is read only up to it (readUpTo cancels the rest), so a
 * 30 MB file never sits in memory. A stream that errors or stops short of its declared length, or
 * a body that does not parse as multipart (its closing boundary cut off), is an upload cut off
 * midway: 400, and nothing was stored, since nothing is stored before the whole body is read.
 *
 * Photos are the parts named `photo`, in order. Each is told by its bytes (sniff.ts), never by
 * its name or declared type, and stripped of its metadata (strip.ts); its SHA-256 (of the
 * stripped bytes) lets a retried submission be recognised. Every refusal is an ApiError with a
 * Chinese message (messages.ts); the first refused photo names itself in `fields.photos`, and
 * `error.photos` lists each refused one.
 */
import { ApiError } from '../http/errors';
import { readUpTo } from '../lib/bytes';
import { errorMessages } from '../messages';
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, PHOTO_UPLOAD_MAX_BYTES } from './limits';
import { photoMessages, photoUploadMessages, type PhotoRefusal } from './messages';
import { stripPhoto } from './strip';

export interface UploadedPhoto {
  /** The file's name as the person's device gave it, cleaned (no folders, no control characters, ≤ 100 characters); "照片N.jpg" when there is none. */
  name: string;
  /** The photo without its metadata: what is stored. */
  bytes: Uint8Array;
  contentType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  /** `bytes.length`. */
  size: number;
  /** SHA-256 of `bytes`, lower-case hex. */
  sha256: string;
}

export interface PhotoUpload {
  /** Every text part but `photo`, by name (the last one where a name repeats). */
  fields: Record<string, string>;
  photos: UploadedPhoto[];
}

export interface PhotoUploadOptions {
  /** At most this many photos (PHOTO_MAX_COUNT). */
  maxCount?: number;
  /** Whether an upload without a photo is refused (staff uploads); a submission's photos are optional. */
  required?: boolean;
}

/** One refused photo, as `error.photos` lists it. */
export interface PhotoRefused {
  /** Its place among the upload's photos, from 0. */
  index: number;
  reason: PhotoRefusal;
  message: string;
}

export const NAME_MAX = 100;

/** Whether the request's body is multipart/form-data. */
export function isMultipart(request: Request): boolean {
  return mediaType(request) === 'multipart/form-data';
}

export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

const tooLarge = () => new ApiError(413, 'upload_too_large', photoUploadMessages.tooLarge, { photos: photoUploadMessages.tooLarge });
const incomplete = () => new ApiError(400, 'upload_incomplete', photoUploadMessages.incomplete);
const invalid = (photos: string, details?: Record<string, unknown>) =>
  new ApiError(422, 'validation_failed', errorMessages.validation, { photos }, undefined, details);

/** The body's bytes, bounded; throws 413 past the bound and 400 for a body cut off. */
async function readBody(request: Request): Promise<Uint8Array> {
  const header = request.headers.get('content-length');
  const declared = header === null ? null : Number(header);
  if (declared !== null && declared > PHOTO_UPLOAD_MAX_BYTES) throw tooLarge();
  let bytes: Uint8Array | null;
  try {
    bytes = await readUpTo(request.body, PHOTO_UPLOAD_MAX_BYTES);
  } catch {
    // The connection closed or the stream errored midway.
    throw incomplete();
  }
  if (bytes === null) throw tooLarge();
  if (declared !== null && Number.isInteger(declared) && bytes.byteLength < declared) throw incomplete();
  return bytes;
}

/**
 * The body read (bounded) and parsed. Its own function so that the raw bytes are no longer held
 * while the photos are checked: a Worker has 128 MB, and a full upload is 24 MB in each copy.
 */
async function readForm(request: Request): Promise<FormData> {
  const bytes = await readBody(request);
  try {
    return await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': request.headers.get('content-type')! } }).formData();
  } catch {
    // No closing boundary (the body was cut off), or not multipart at all.
    throw incomplete();
  }
}

/** A name fit to show and to list: the last path segment, without control or direction characters, trimmed to NAME_MAX. */
export function cleanPhotoName(raw: string, n: number, contentType: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = [...base.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').trim()].slice(0, NAME_MAX).join('').trim();
  return clean || `照片${n}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface InspectedUpload extends PhotoUpload {
  /**
   * Why the photos are refused (422: too many, none where required, or photos refused by their
   * bytes), for a caller that reports it together with its own fields' problems; else null.
   */
  invalid: ApiError | null;
}

/**
 * The upload's text fields and its photos, stripped. Throws ApiError: 415 not multipart, 413 too
 * large, 400 cut off or unparsable, 422 too many photos or a photo refused.
 */
export async function readPhotoUpload(request: Request, options: PhotoUploadOptions = {}): Promise<PhotoUpload> {
  const { invalid, ...upload } = await inspectPhotoUpload(request, options);
  if (invalid) throw invalid;
  return upload;
}

/** As readPhotoUpload, but a 422 about the photos is returned, not thrown (the public submission joins it to the form's). */
export async function inspectPhotoUpload(request: Request, options: PhotoUploadOptions = {}): Promise<InspectedUpload> {
  const maxCount = options.maxCount ?? PHOTO_MAX_COUNT;
  if (!isMultipart(request)) throw new ApiError(415, 'unsupported_media_type', photoUploadMessages.notMultipart);
  const form = await readForm(request);

  const fields: Record<string, string> = {};
  const parts: (File | string)[] = [];
  for (const [name, value] of form.entries()) {
    if (name === 'photo') parts.push(value);
    else if (typeof value === 'string') fields[name] = value;
  }

  // Too many are not looked at.
  if (parts.length > maxCount) return { fields, photos: [], invalid: invalid(photoUploadMessages.tooMany) };
  if (parts.length === 0 && options.required) return { fields, photos: [], invalid: invalid(photoUploadMessages.none) };
  for (const [k, part] of parts.entries()) {
    if (typeof part !== 'string' && part.size > PHOTO_MAX_BYTES) {
      const message = photoUploadMessages.photoTooLarge(k + 1);
      throw new ApiError(413, 'upload_too_large', message, { photos: message });
    }
  }

  const photos: UploadedPhoto[] = [];
  const refused: PhotoRefused[] = [];
  for (const [k, part] of parts.entries()) {
    // A text part named photo is not a file at all.
    const raw = typeof part === 'string' ? new Uint8Array() : new Uint8Array(await part.arrayBuffer());
    const stripped = typeof part === 'string' ? ({ ok: false, reason: 'unknown' } as const) : stripPhoto(raw);
    if (!stripped.ok) {
      refused.push({ index: k, reason: stripped.reason, message: photoMessages[stripped.reason] });
      continue;
    }
    const { bytes: out, contentType, width, height } = stripped;
    photos.push({
      name: cleanPhotoName(typeof part === 'string' ? '' : part.name, k + 1, contentType),
      bytes: out,
      contentType,
      width,
      height,
      size: out.byteLength,
      sha256: await sha256Hex(out),
    });
  }
  if (refused.length > 0) {
    const first = refused[0]!;
    return { fields, photos: [], invalid: invalid(photoUploadMessages.refused(first.index + 1, first.message), { photos: refused }) };
  }
  return { fields, photos, invalid: null };
}
