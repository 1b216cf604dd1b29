/**
 * A PNG's structure, walked chunk by chunk (PNG, third edition, §5) without inflating a pixel.
 *
 * Each chunk's length must fit in 31 bits and in the file, its type be four ASCII letters and its
 * CRC-32 match: a file failing any of these is refused (a decoder would refuse it too; checking
 * the CRC costs one pass over the bytes, a few milliseconds a megabyte). IHDR must come first with
 * a valid size, bit depth and colour type; IEND must end the image; an unknown critical chunk
 * (its first letter upper case) is refused, as §5.4 asks of a decoder. Bytes after IEND are no
 * part of the image: `end` says where it stops.
 */
import { crc32 } from './crc32';
import type { PhotoRefusal } from './messages';

export interface PngChunk {
  /** The four-letter type, e.g. IHDR, IDAT, tEXt. */
  type: string;
  /** Offset of the chunk's length field. */
  start: number;
  /** Offset just past its CRC. */
  end: number;
}

export interface PngFile {
  kind: 'png';
  width: number;
  height: number;
  chunks: PngChunk[];
  /** Offset just past IEND. */
  end: number;
}

export type PngRead = { ok: true; file: PngFile } | { ok: false; reason: PhotoRefusal };

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

const CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
/** Allowed bit depths per colour type (§11.2.1). */
const BIT_DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

export function readPng(b: Uint8Array): PngRead {
  const n = b.length;
  if (n < 8 || PNG_SIGNATURE.some((v, k) => b[k] !== v)) return { ok: false, reason: 'malformed' };
  const chunks: PngChunk[] = [];
  let width = 0;
  let height = 0;
  let images = 0;
  let i = 8;
  for (;;) {
    if (i + 8 > n) return { ok: false, reason: 'truncated' };
    const length = u32(b, i);
    if (length > 0x7fffffff) return { ok: false, reason: 'malformed' };
    if (![4, 5, 6, 7].every((k) => isLetter(b[i + k]!))) return { ok: false, reason: 'malformed' };
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    const data = i + 8;
    const end = data + length + 4;
    if (end > n) return { ok: false, reason: 'truncated' };
    if (crc32(b, i + 4, data + length) !== u32(b, data + length)) return { ok: false, reason: 'malformed' };
    if ((chunks.length === 0) !== (type === 'IHDR')) return { ok: false, reason: 'malformed' };
    if (type === 'IHDR') {
      if (length !== 13) return { ok: false, reason: 'malformed' };
      width = u32(b, data);
      height = u32(b, data + 4);
      const depth = b[data + 8]!;
      const colour = b[data + 9]!;
      if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) return { ok: false, reason: 'malformed' };
      if (!BIT_DEPTHS[colour]?.includes(depth)) return { ok: false, reason: 'malformed' };
    } else if (type === 'IDAT') {
      images++;
    } else if (/^[A-Z]/.test(type) && !CRITICAL.has(type)) {
      return { ok: false, reason: 'malformed' };
    }
    chunks.push({ type, start: i, end });
    i = end;
    if (type === 'IEND') {
      if (length !== 0 || images === 0) return { ok: false, reason: 'malformed' };
      return { ok: true, file: { kind: 'png', width, height, chunks, end } };
    }
  }
}
