/**
 * Reads an uploaded notice file into text for `parseNotice`: a .txt in the
 * encodings Chinese editors save (UTF-8 with or without BOM, UTF-16 with BOM,
 * GBK/GB18030), or a .docx from Word or WPS. Pure and platform-free: it runs
 * in workerd and in Node 20 alike, and says why when it cannot read a file.
 */
import { readDocx } from './docx';

/** The most text a notice may have, counted as UTF-8 bytes (the same limit as pasted text). */
export const NOTICE_TEXT_MAX_BYTES = 200 * 1024;
/** The most an uploaded file may weigh; a .docx with a few images fits. */
export const NOTICE_FILE_MAX_BYTES = 5 * 1024 * 1024;
/** What a file input should offer. */
export const NOTICE_FILE_EXTENSIONS = ['.txt', '.docx'] as const;

export type NoticeFileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'docx';
export type NoticeFileProblem = 'empty' | 'tooLarge' | 'binary' | 'notDocx' | 'noText' | 'unsupported';
export type NoticeFile =
  | { ok: true; text: string; encoding: NoticeFileEncoding }
  | { ok: false; reason: NoticeFileProblem };

export function decodeNoticeFile(bytes: Uint8Array, filename: string): NoticeFile {
  const extension = extensionOf(filename);
  if (extension !== 'txt' && extension !== 'docx') return refuse('unsupported');
  if (bytes.length === 0) return refuse('empty');
  if (bytes.length > NOTICE_FILE_MAX_BYTES) return refuse('tooLarge');

  const read = extension === 'txt' ? decodeText(bytes) : docxText(bytes);
  if (!read.ok) return read;
  if (extension === 'txt' && !/\S/.test(read.text)) return refuse('empty');
  if (new TextEncoder().encode(read.text).length > NOTICE_TEXT_MAX_BYTES) return refuse('tooLarge');
  return read;
}

function docxText(bytes: Uint8Array): NoticeFile {
  const docx = readDocx(bytes);
  return docx.ok ? { ok: true, text: docx.text, encoding: 'docx' } : docx;
}

/**
 * A byte order mark decides; without one, UTF-8 if the bytes are valid UTF-8,
 * else GB18030, which reads GBK and GB2312 too (Notepad's "ANSI" and WPS's
 * default on a Chinese system). Both decoders are fatal, so a wrong guess
 * fails instead of producing mojibake. workerd's TextDecoder accepts gb18030
 * and gbk (verified in the pool: /work/shared/research/next-features.md §3),
 * and Node's does with its default full ICU.
 */
function decodeText(bytes: Uint8Array): NoticeFile {
  const bom = byteOrderMark(bytes);
  const attempts: NoticeFileEncoding[] = bom ? [bom] : ['utf-8', 'gb18030'];
  for (const encoding of attempts) {
    const text = decodeStrict(bytes, encoding);
    if (text === null) continue;
    return isBinary(text) ? refuse('binary') : { ok: true, text, encoding };
  }
  return refuse('binary');
}

function byteOrderMark(bytes: Uint8Array): NoticeFileEncoding | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  return null;
}

function decodeStrict(bytes: Uint8Array, encoding: NoticeFileEncoding): string | null {
  try {
    // The decoder drops a UTF-8 or UTF-16 BOM itself; GB18030 encodes U+FEFF as 84 31 95 33.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/**
 * Text with a NUL, or with more than one character in twenty a control
 * character other than tab, line and page breaks, is not a notice: it is
 * some other file that happened to decode.
 */
function isBinary(text: string): boolean {
  if (text.includes('\0')) return true;
  const controls = text.match(/[\x01-\x08\x0e-\x1f\x7f-\x9f]/g)?.length ?? 0;
  return controls * 20 > text.length;
}

function extensionOf(filename: string): string {
  const base = filename.trim().split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function refuse(reason: NoticeFileProblem): NoticeFile {
  return { ok: false, reason };
}
