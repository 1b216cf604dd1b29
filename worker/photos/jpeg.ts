/**
 * A JPEG's structure, walked marker by marker (ITU-T T.81 Annex B) without decoding a pixel.
 *
 * Every segment is checked against the bytes there are: a length running past the end, a file
 * ending inside the entropy-coded data, or no EOI mark the file as truncated; a marker that may
 * not stand there (a second SOI, an RSTn outside a scan, a reserved code), a scan before the
 * frame header, or a second frame header mark it as malformed. Only the frames a browser draws
 * are taken: baseline, extended and progressive Huffman (SOF0–SOF2); lossless, arithmetic,
 * hierarchical and JPEG-LS are refused as unsupported, as is a height left to a DNL marker.
 *
 * After SOS the entropy-coded data runs to the next marker: 0xFF 0x00 is a stuffed 0xFF and
 * 0xFF 0xD0–0xD7 a restart marker, both part of the scan; any other 0xFF ends it (several 0xFF
 * in a row are fill bytes before a marker, B.1.1.2). A progressive file has several scans.
 * Bytes after EOI (a phone's trailer, a Motion Photo's video, the further images an MPF APP2
 * points at) are no part of the picture: `end` says where it stops.
 */
import type { PhotoRefusal } from './messages';

export interface JpegSegment {
  /** The byte after 0xFF: 0xD8 SOI, 0xE1 APP1, 0xDA SOS (its range includes the scan's data)… */
  marker: number;
  /** Offset of the marker's 0xFF (fill bytes before it are not part of the segment). */
  start: number;
  /** Offset just past the segment. */
  end: number;
}

export interface JpegFile {
  kind: 'jpeg';
  width: number;
  height: number;
  segments: JpegSegment[];
  /** Offset just past EOI. */
  end: number;
}

export type JpegRead = { ok: true; file: JpegFile } | { ok: false; reason: PhotoRefusal };

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

/** SOF0–SOF15 share C0–CF with DHT (C4), JPG (C8) and DAC (CC). */
const isFrameHeader = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isRestart = (m: number) => m >= 0xd0 && m <= 0xd7;
/** Markers with a length that may stand between SOI and EOI outside a scan (besides SOFn and SOS). */
const isTableOrMisc = (m: number) =>
  m === 0xc4 || m === 0xcc || m === 0xdb || m === 0xdd || (m >= 0xe0 && m <= 0xef) || m === 0xfe;

export function readJpeg(b: Uint8Array): JpegRead {
  const n = b.length;
  if (n < 2 || b[0] !== 0xff || b[1] !== SOI) return { ok: false, reason: 'malformed' };
  const segments: JpegSegment[] = [{ marker: SOI, start: 0, end: 2 }];
  let frame: { width: number; height: number } | null = null;
  let scans = 0;
  let i = 2;
  for (;;) {
    if (i >= n) return { ok: false, reason: 'truncated' };
    if (b[i] !== 0xff) return { ok: false, reason: 'malformed' };
    while (i < n && b[i] === 0xff) i++;
    if (i >= n) return { ok: false, reason: 'truncated' };
    const marker = b[i++]!;
    const start = i - 2;
    if (marker === EOI) {
      if (!frame || scans === 0) return { ok: false, reason: 'malformed' };
      segments.push({ marker, start, end: i });
      return { ok: true, file: { kind: 'jpeg', width: frame.width, height: frame.height, segments, end: i } };
    }
    if (marker === 0xde || marker === 0xdf || (marker >= 0xf0 && marker <= 0xfd)) return { ok: false, reason: 'unsupportedJpeg' };
    if (!isFrameHeader(marker) && marker !== SOS && !isTableOrMisc(marker)) return { ok: false, reason: 'malformed' };
    if (i + 2 > n) return { ok: false, reason: 'truncated' };
    const length = (b[i]! << 8) | b[i + 1]!;
    if (length < 2) return { ok: false, reason: 'malformed' };
    const end = i + length;
    if (end > n) return { ok: false, reason: 'truncated' };

    if (isFrameHeader(marker)) {
      if (marker > 0xc2) return { ok: false, reason: 'unsupportedJpeg' };
      if (frame || length < 8) return { ok: false, reason: 'malformed' };
      const components = b[i + 7]!;
      if (components === 0 || length !== 8 + 3 * components) return { ok: false, reason: 'malformed' };
      const height = (b[i + 3]! << 8) | b[i + 4]!;
      const width = (b[i + 5]! << 8) | b[i + 6]!;
      if (height === 0) return { ok: false, reason: 'unsupportedJpeg' };
      if (width === 0) return { ok: false, reason: 'malformed' };
      frame = { width, height };
    } else if (marker === SOS) {
      if (!frame || length < 3) return { ok: false, reason: 'malformed' };
      const components = b[i + 2]!;
      if (components === 0 || length !== 6 + 2 * components) return { ok: false, reason: 'malformed' };
      let j = end;
      for (;;) {
        j = b.indexOf(0xff, j);
        if (j < 0 || j + 1 >= n) return { ok: false, reason: 'truncated' };
        const next = b[j + 1]!;
        if (next === 0x00 || isRestart(next)) j += 2;
        else break;
      }
      segments.push({ marker, start, end: j });
      scans++;
      i = j;
      continue;
    }
    segments.push({ marker, start, end });
    i = end;
  }
}
