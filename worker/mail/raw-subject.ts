/**
 * The subject as the sender's client wrote it, when that client wrote raw 8-bit GBK into the
 * header. RFC 5322 headers are ASCII and non-ASCII text belongs in RFC 2047 encoded words, which
 * postal-mime decodes; some old Chinese clients put GBK bytes in the header as they are, and
 * postal-mime reads header bytes as UTF-8, so such a subject comes out as U+FFFD
 *. Here the header's bytes are read again from the raw
 * message: bytes that are not UTF-8 are decoded as GB18030, a superset of GBK and GB2312
 * (TextDecoder('gb18030') exists in workerd and in Node's full ICU).
 */
import { concatBytes as concat } from '../lib/bytes';

const CR = 13;
const LF = 10;

/** The raw bytes of the first header named `name` (folded lines joined), or null. */
export function rawHeader(raw: Uint8Array, name: string): Uint8Array | null {
  const want = `${name.toLowerCase()}:`;
  let start = 0;
  while (start < raw.length) {
    let end = raw.indexOf(LF, start);
    if (end < 0) end = raw.length;
    const lineEnd = end > start && raw[end - 1] === CR ? end - 1 : end;
    // An empty line ends the header block.
    if (lineEnd === start) return null;
    if (matchesName(raw, start, want)) {
      const parts: Uint8Array[] = [raw.subarray(start + want.length, lineEnd)];
      // Folded continuation lines start with a space or a tab.
      let next = end + 1;
      while (next < raw.length && (raw[next] === 32 || raw[next] === 9)) {
        let e = raw.indexOf(LF, next);
        if (e < 0) e = raw.length;
        parts.push(raw.subarray(next, e > next && raw[e - 1] === CR ? e - 1 : e));
        next = e + 1;
      }
      return concat(parts);
    }
    start = end + 1;
  }
  return null;
}

function matchesName(raw: Uint8Array, at: number, want: string): boolean {
  for (let i = 0; i < want.length; i++) {
    const b = raw[at + i];
    if (b === undefined) return false;
    const lower = b >= 65 && b <= 90 ? b + 32 : b;
    if (lower !== want.charCodeAt(i)) return false;
  }
  return true;
}


/**
 * The subject to keep: postal-mime's, unless the raw header holds 8-bit bytes that are not
 * UTF-8, in which case those bytes decoded as GB18030.
 */
export function repairedSubject(parsed: string | undefined, raw: Uint8Array): string {
  const subject = parsed ?? '';
  const bytes = rawHeader(raw, 'subject');
  if (!bytes || !bytes.some((b) => b >= 0x80)) return subject;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return subject;
  } catch {
    return new TextDecoder('gb18030').decode(bytes).trim();
  }
}
