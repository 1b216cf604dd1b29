/**
 * Reads single entries out of a ZIP archive (a .docx is one), with a hard cap
 * on what each may inflate to.
 *
 * Why not fflate's `unzipSync` with a `filter` on `originalSize`: that size is
 * whatever the archive's directory claims. fflate allocates a buffer of the
 * claimed size, but keeps inflating past its end, so an entry that claims 1 KB
 * and inflates to gigabytes (deflate reaches about 1032:1) costs seconds of
 * CPU. Here the central directory (APPNOTE.TXT 4.3.12, with the ZIP64 records
 * of 4.3.14-4.3.15 and 4.5.3) is read directly, and the entry is inflated
 * with fflate's synchronous `Inflate` stream a few KB at a time, counting what
 * comes out, so work stops soon after the cap. fflate's async API is never
 * used: it starts a Web Worker, which workerd does not have.
 */
import { Inflate } from 'fflate';
import { concatBytes } from '../lib/bytes';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else cannot be read here. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  /** As the directory claims it; never trusted beyond an early refusal. */
  originalSize: number;
  localOffset: number;
}

/** A .docx holds a few dozen entries, a few hundred with images. */
const MAX_ENTRIES = 10_000;
/** Compressed input fed to the inflater at a time: at most ~8 MB out per step. */
const STEP = 8 * 1024;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

/** True when the bytes start like a ZIP archive with at least one entry. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && u32(bytes, 0) === LOCAL;
}

/** The entries of the central directory, or null when it cannot be read. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const end = findEndOfDirectory(bytes);
  if (end < 0) return null;
  let count = u16(bytes, end + 10);
  let offset = u32(bytes, end + 16);
  if (count === 0xffff || offset === MAX32) {
    const locator = end - 20;
    if (locator < 0 || u32(bytes, locator) !== ZIP64_LOCATOR) return null;
    const z = u64(bytes, locator + 8);
    if (z + 56 > bytes.length || u32(bytes, z) !== ZIP64_EOCD) return null;
    count = u64(bytes, z + 32);
    offset = u64(bytes, z + 48);
  }
  if (count > MAX_ENTRIES) return null;

  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CENTRAL) return null;
    const flags = u16(bytes, p + 8);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const nameEnd = p + 46 + nameLength;
    if (nameEnd + extraLength > bytes.length) return null;
    const sizes = { original: u32(bytes, p + 24), compressed: u32(bytes, p + 20), offset: u32(bytes, p + 42) };
    if (!readZip64Extra(bytes.subarray(nameEnd, nameEnd + extraLength), sizes)) return null;
    entries.push({
      // Bit 11 marks UTF-8; other names are CP437, the same as UTF-8 for the ASCII names looked up here.
      name: new TextDecoder().decode(bytes.subarray(p + 46, nameEnd)),
      method: u16(bytes, p + 10),
      encrypted: (flags & 1) === 1,
      compressedSize: sizes.compressed,
      originalSize: sizes.original,
      localOffset: sizes.offset,
    });
    p = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/**
 * The entry's bytes; 'tooLarge' when it claims or inflates to more than
 * maxBytes; null when it cannot be read (encrypted, another method, damaged).
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array | 'tooLarge' | null {
  if (entry.encrypted) return null;
  if (entry.originalSize > maxBytes) return 'tooLarge';
  const local = entry.localOffset;
  if (local + 30 > bytes.length || u32(bytes, local) !== LOCAL) return null;
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (start + entry.compressedSize > bytes.length) return null;
  if (entry.method === 0) return data.length > maxBytes ? 'tooLarge' : data.slice();
  if (entry.method !== 8) return null;
  return inflateCapped(data, maxBytes);
}

function inflateCapped(data: Uint8Array, maxBytes: number): Uint8Array | 'tooLarge' | null {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total <= maxBytes) chunks.push(chunk);
    if (final) done = true;
  });
  try {
    for (let at = 0; at < data.length && total <= maxBytes; at += STEP) {
      inflater.push(data.subarray(at, at + STEP), at + STEP >= data.length);
    }
    if (data.length === 0) inflater.push(data, true);
  } catch {
    return null;
  }
  if (total > maxBytes) return 'tooLarge';
  if (!done) return null;
  return concatBytes(chunks, total);
}

/** Where the End of Central Directory record starts, searching back over a comment of up to 64 KB. */
function findEndOfDirectory(bytes: Uint8Array): number {
  const last = bytes.length - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (u32(bytes, at) === EOCD) return at;
  }
  return -1;
}

/**
 * Replaces the sizes and offset that the directory marks as 0xFFFFFFFF with
 * those of the ZIP64 extra field (id 1), which lists only the marked ones, in
 * this order. False when a marked value is missing.
 */
function readZip64Extra(extra: Uint8Array, sizes: { original: number; compressed: number; offset: number }): boolean {
  const marked = (['original', 'compressed', 'offset'] as const).filter((k) => sizes[k] === MAX32);
  if (marked.length === 0) return true;
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = u16(extra, p);
    const size = u16(extra, p + 2);
    if (id === 1) {
      if (size < marked.length * 8 || p + 4 + size > extra.length) return false;
      marked.forEach((k, i) => (sizes[k] = u64(extra, p + 4 + i * 8)));
      return true;
    }
    p += 4 + size;
  }
  return false;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
}

/** Exact up to 2^53; larger values exceed any file here and fail the bounds checks. */
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;
}
