/**
 * Content-Disposition for a download named in Chinese: RFC 6266 with the UTF-8
 * name in `filename*` (RFC 5987 / RFC 8187), which every current browser uses, and
 * an ASCII `filename` for any client that does not read it.
 */
import { shanghaiStamp } from './format';

export interface DownloadName {
  /** e.g. 台账 */
  name: string;
  /** e.g. ledger */
  ascii: string;
  extension: string;
}

/** RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function downloadFilename(d: DownloadName, now: number): { utf8: string; ascii: string } {
  const stamp = shanghaiStamp(now);
  return { utf8: `${d.name}-${stamp}.${d.extension}`, ascii: `${d.ascii}-${stamp}.${d.extension}` };
}

export function contentDisposition(d: DownloadName, now: number): string {
  const { utf8, ascii } = downloadFilename(d, now);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(utf8)}`;
}
