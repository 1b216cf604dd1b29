/**
 * Instants as the export writes them. People read the Asia/Shanghai wall clock
 * (China has kept UTC+8 without daylight saving since 1991); machines get ISO 8601
 * with the offset, so nothing depends on the reader's own time zone.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

function shifted(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
}

/** '2026-11-27 09:30' */
export function shanghaiDateTime(ms: number): string {
  const iso = shifted(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** '2026-11-27T09:30:05+08:00' */
export function shanghaiIso(ms: number): string {
  return `${shifted(ms).slice(0, 19)}+08:00`;
}

/** '20261127-0930', for file names. */
export function shanghaiStamp(ms: number): string {
  const iso = shifted(ms);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}
