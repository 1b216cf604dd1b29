/**
 * A photo's metadata removed without re-encoding it: the picture's own bytes are copied as they
 * are, segment by segment or chunk by chunk, from a structure sniff.ts has walked and accepted
 * (anything malformed is refused, never passed through).
 *
 * The browser already redraws every photo on a canvas before upload, which applies the EXIF
 * orientation and drops all metadata (issue 14); this is the safety net for what did not come
 * through that page. Dropping APP1 drops the Orientation tag too, so a photo that skipped the
 * redraw may show turned on its side: the location it no longer carries is worth more.
 *
 * JPEG keeps what decoding needs (SOI, DQT, SOFn, DHT, DAC, DRI, each SOS with its scan data,
 * EOI) and, of the application segments, only three that change how it looks and carry no
 * location: APP0 JFIF (its optional thumbnail cut, as a thumbnail can show what was cropped
 * away), APP2 ICC_PROFILE (colours) and APP14 Adobe (whether the components are RGB or YCbCr).
 * Dropped: APP1 (Exif with its GPS IFD and thumbnail, XMP), APP13 (Photoshop IRB, IPTC), every
 * other APPn, including APP2 MPF, which points at images after EOI, and COM; and every byte
 * after EOI (trailers, Motion Photo video, MPF's further images, each of which may carry its own
 * Exif).
 *
 * PNG keeps the critical chunks (IHDR, PLTE, IDAT, IEND) and those that change how it looks
 * (tRNS, gAMA, cHRM, sRGB, iCCP, cICP, pHYs); it drops tEXt, zTXt, iTXt, eXIf, tIME and every
 * other ancillary chunk (an APNG's animation among them: its first image remains), and every
 * byte after IEND. Chunks are copied whole, so their CRCs stay valid.
 */
import type { PhotoRefusal } from './messages';
import type { JpegFile } from './jpeg';
import type { PngFile } from './png';
import { readPhoto, type PhotoKind } from './sniff';
import { concatBytes as join } from '../lib/bytes';

export type Stripped =
  | { ok: true; kind: PhotoKind; contentType: 'image/jpeg' | 'image/png'; width: number; height: number; bytes: Uint8Array; removed: string[] }
  | { ok: false; reason: PhotoRefusal };

const PNG_KEPT = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'cICP', 'pHYs']);
/** APP0 JFIF up to its thumbnail size: "JFIF\0", version, units, densities, 0 × 0 (JFIF 1.02). */
const JFIF_HEADER = 14;

/** Whether the segment's payload, from `at` to `end`, starts with `text`. */
const startsWithText = (b: Uint8Array, at: number, end: number, text: string) =>
  at + text.length <= end && [...text].every((ch, k) => b[at + k] === ch.charCodeAt(0));


function stripJpeg(b: Uint8Array, file: JpegFile): { bytes: Uint8Array; removed: string[] } {
  const parts: Uint8Array[] = [];
  const removed: string[] = [];
  for (const { marker, start, end } of file.segments) {
    const body = start + 4;
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (marker === 0xe0 && startsWithText(b, body, end, 'JFIF\0') && end - body >= JFIF_HEADER) {
      if (end - body === JFIF_HEADER) parts.push(b.subarray(start, end));
      else {
        const jfif = b.slice(start, body + JFIF_HEADER);
        jfif[2] = 0;
        jfif[3] = JFIF_HEADER + 2;
        jfif[4 + 12] = 0;
        jfif[4 + 13] = 0;
        parts.push(jfif);
        removed.push('APP0 thumbnail');
      }
    } else if (
      (marker === 0xe2 && startsWithText(b, body, end, 'ICC_PROFILE\0')) ||
      (marker === 0xee && startsWithText(b, body, end, 'Adobe'))
    ) {
      parts.push(b.subarray(start, end));
    } else if (isApp || marker === 0xfe) {
      removed.push(marker === 0xfe ? 'COM' : `APP${marker - 0xe0}`);
    } else {
      parts.push(b.subarray(start, end));
    }
  }
  if (file.end < b.length) removed.push('after EOI');
  return { bytes: join(parts), removed };
}

function stripPng(b: Uint8Array, file: PngFile): { bytes: Uint8Array; removed: string[] } {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  const removed: string[] = [];
  for (const { type, start, end } of file.chunks) {
    if (PNG_KEPT.has(type)) parts.push(b.subarray(start, end));
    else removed.push(type);
  }
  if (file.end < b.length) removed.push('after IEND');
  return { bytes: join(parts), removed };
}

/** The photo without its metadata (a new array; the input is not changed), or why it is refused. */
export function stripPhoto(bytes: Uint8Array): Stripped {
  const read = readPhoto(bytes);
  if (!read.ok) return read;
  const { file } = read;
  const { bytes: out, removed } = file.kind === 'jpeg' ? stripJpeg(bytes, file) : stripPng(bytes, file);
  const contentType = file.kind === 'jpeg' ? 'image/jpeg' : 'image/png';
  return { ok: true, kind: file.kind, contentType, width: file.width, height: file.height, bytes: out, removed };
}
