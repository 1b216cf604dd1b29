/**
 * Instants as the export writes them. People read the Asia/Shanghai wall clock
 * (China has kept UTC+8 without daylight saving since 1991); machines get ISO 8601
 * with the offset, so nothing depends on the reader's own time zone.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

const DAY_MS = 86_400_000;

function shifted(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
}

/**
 * The wall clock of an instant in Asia/Shanghai, by arithmetic rather than a Date
 * and its ISO string per cell (an export writes several per row): the day by
 * Howard Hinnant's days_from_civil inverse, as toISOString has it. Set in
 * `year`…`second`; false for years toISOString writes otherwise (before 1000,
 * after 9999) or no instant at all, which the callers leave to toISOString.
 */
let year = 0;
let month = 0;
let day = 0;
let secondOfDay = 0;

function wallClock(ms: number): boolean {
  const t = ms + SHANGHAI_OFFSET_MS;
  if (!Number.isFinite(t)) return false;
  const days = Math.floor(t / DAY_MS);
  secondOfDay = Math.floor((t - days * DAY_MS) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year >= 1000 && year <= 9999;
}

const pad = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** '2026-11-27 09:30' */
export function shanghaiDateTime(ms: number): string {
  if (!wallClock(ms)) {
    const iso = shifted(ms);
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  return `${year}-${pad(month)}-${pad(day)} ${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor(secondOfDay / 60) % 60)}`;
}

/** '2026-11-27T09:30:05+08:00' */
export function shanghaiIso(ms: number): string {
  if (!wallClock(ms)) return `${shifted(ms).slice(0, 19)}+08:00`;
  return `${year}-${pad(month)}-${pad(day)}T${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor(secondOfDay / 60) % 60)}:${pad(secondOfDay % 60)}+08:00`;
}

/** '20261127-0930', for file names. */
export function shanghaiStamp(ms: number): string {
  const iso = shifted(ms);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/** '2026-11-27' */
export function shanghaiDay(ms: number): string {
  if (!wallClock(ms)) return shifted(ms).slice(0, 10);
  return `${year}-${pad(month)}-${pad(day)}`;
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
