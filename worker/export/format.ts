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

/** '2026-11-27' */
export function shanghaiDay(ms: number): string {
  return shifted(ms).slice(0, 10);
}

/** Excel's day 0 (1899-12-30, its 1900 date system with the 1900 leap-year slip) in ms since the epoch. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * The Excel serial date of an instant's Asia/Shanghai wall time, to the second:
 * whoever opens the file reads the time as the ledger's other formats write it,
 * whatever their own time zone.
 */
export function excelDate(ms: number): number {
  const second = Math.floor((ms + SHANGHAI_OFFSET_MS) / 1000) * 1000;
  return (second - EXCEL_EPOCH_MS) / 86_400_000;
}
