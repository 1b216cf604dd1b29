/**
 * What an uploaded photo is, told by its bytes: never by its name or the type the browser
 * declared, both of which the sender chooses.
 *
 * JPEG (FF D8 FF) and PNG (its eight-byte signature) are taken, once their structure has been
 * walked whole (jpeg.ts, png.ts) and the size their header declares is within limits.ts; each
 * other kind is refused with a reason of its own, so that the person is told what to do: HEIC and
 * HEIF (an ISO-BMFF `ftyp` box whose brands name heic, heix, hevc, mif1, msf1…; iOS Safari already
 * converts them to JPEG, desktop browsers cannot show them), AVIF, WebP, GIF, PDF, programs
 * (Windows MZ, ELF) and ZIP archives; anything else is unknown. A photo whose metadata runs past
 * PHOTO_MAX_METADATA_BYTES is refused too, with its own reason, rather than stripped in silence.
 * Pure: bytes in, a verdict out.
 */
import { readJpeg, type JpegFile } from './jpeg';
import { PHOTO_MAX_METADATA_BYTES, PHOTO_MAX_PIXELS, PHOTO_MAX_SIDE } from './limits';
import type { PhotoRefusal } from './messages';
import { PNG_SIGNATURE, readPng, type PngFile } from './png';

export type PhotoKind = 'jpeg' | 'png';

export interface PhotoInfo {
  kind: PhotoKind;
  contentType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
}

export type Sniffed = ({ ok: true } & PhotoInfo) | { ok: false; reason: PhotoRefusal };

/** The walked structure, for strip.ts. */
export type PhotoRead = { ok: true; file: JpegFile | PngFile } | { ok: false; reason: PhotoRefusal };

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'heif', 'mif1', 'mif2', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const startsWith = (b: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((v, k) => b[at + k] === v);
const startsWithText = (b: Uint8Array, text: string, at = 0) => b.length >= at + text.length && ascii(b, at, at + text.length) === text;

/** The kind the first bytes announce, before any structure is read. */
function magic(b: Uint8Array): PhotoKind | PhotoRefusal {
  if (b.length === 0) return 'empty';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, PNG_SIGNATURE)) return 'png';
  if (startsWithText(b, 'ftyp', 4)) {
    // The major brand at 8, then compatible brands from 16 to the end of the box.
    const boxEnd = Math.min(b.length, ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0);
    const brands = [ascii(b, 8, 12)];
    for (let k = 16; k + 4 <= boxEnd; k += 4) brands.push(ascii(b, k, k + 4));
    if (brands.some((x) => AVIF_BRANDS.has(x))) return 'avif';
    if (brands.some((x) => HEIF_BRANDS.has(x))) return 'heic';
    return 'unknown';
  }
  if (startsWithText(b, 'GIF87a') || startsWithText(b, 'GIF89a')) return 'gif';
  if (startsWithText(b, 'RIFF') && startsWithText(b, 'WEBP', 8)) return 'webp';
  if (startsWithText(b, '%PDF-')) return 'pdf';
  if (startsWithText(b, 'MZ') || startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'executable';
  if (startsWithText(b, 'PK') && (startsWith(b, [3, 4], 2) || startsWith(b, [5, 6], 2) || startsWith(b, [7, 8], 2))) return 'zip';
  return 'unknown';
}

/** The photo's structure walked, or why it is refused. */
export function readPhoto(bytes: Uint8Array): PhotoRead {
  const kind = magic(bytes);
  if (kind !== 'jpeg' && kind !== 'png') return { ok: false, reason: kind };
  const read = kind === 'jpeg' ? readJpeg(bytes) : readPng(bytes);
  if (!read.ok) return read;
  const { width, height } = read.file;
  if (width > PHOTO_MAX_SIDE || height > PHOTO_MAX_SIDE || width * height > PHOTO_MAX_PIXELS) return { ok: false, reason: 'tooManyPixels' };
  if (metadataBytes(read.file) > PHOTO_MAX_METADATA_BYTES) return { ok: false, reason: 'metadataTooLarge' };
  return read;
}

const PNG_METADATA = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf']);

/**
 * How many bytes the file spends on metadata: JPEG's APPn and COM segments, PNG's text and eXIf
 * chunks. A phone writes a few KB to 64 KB; far more is a crafted file (limits.ts).
 */
function metadataBytes(file: JpegFile | PngFile): number {
  let total = 0;
  if (file.kind === 'jpeg') {
    for (const s of file.segments) if ((s.marker >= 0xe0 && s.marker <= 0xef) || s.marker === 0xfe) total += s.end - s.start;
  } else {
    for (const c of file.chunks) if (PNG_METADATA.has(c.type)) total += c.end - c.start;
  }
  return total;
}

/** JPEG or PNG with its size, or the reason it is refused. */
export function sniffPhoto(bytes: Uint8Array): Sniffed {
  const read = readPhoto(bytes);
  if (!read.ok) return read;
  const { kind, width, height } = read.file;
  return { ok: true, kind, contentType: kind === 'jpeg' ? 'image/jpeg' : 'image/png', width, height };
}
