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
  /** The days received the file covers (the filter's from and to, YYYY-MM-DD), when it was given: a file on a desk says its period. */
  period?: { from?: string; to?: string };
}

/** The period in the name: （2026-11-01至2026-11-30）, （2026-11-01起）, （至2026-11-30）; ASCII 2026-11-01_2026-11-30, 2026-11-01_, _2026-11-30. */
function periodPart(period: DownloadName['period']): { utf8: string; ascii: string } {
  const { from, to } = period ?? {};
  if (!from && !to) return { utf8: '', ascii: '' };
  const utf8 = from && to ? `${from}至${to}` : from ? `${from}起` : `至${to}`;
  return { utf8: `（${utf8}）`, ascii: `-${from ?? ''}_${to ?? ''}` };
}

/** RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
function encodeRfc8187(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function downloadFilename(d: DownloadName, now: number): { utf8: string; ascii: string } {
  const stamp = shanghaiStamp(now);
  const period = periodPart(d.period);
  return { utf8: `${d.name}${period.utf8}-${stamp}.${d.extension}`, ascii: `${d.ascii}${period.ascii}-${stamp}.${d.extension}` };
}

export function contentDisposition(d: DownloadName, now: number): string {
  const { utf8, ascii } = downloadFilename(d, now);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc8187(utf8)}`;
}
