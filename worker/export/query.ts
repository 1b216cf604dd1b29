/**
 * The export's pages as the formats want them: the database's rows
 * (db/export.ts, which says how each row comes exactly once) made into ledger
 * rows and timeline events, contact details masked unless revealed, overdue
 * flags and lateness (the statistics', db/stats.ts `lateness`) as of the export's instant, names (notice, item, department, staff) as
 * they were when it began.
 */
import type { Db } from '../db/client';
import {
  exportCut, exportNames, ledgerRecords, timelineRecords, timelineRecordsOf, EXPORT_PAGE_ROWS, LEDGER, TIMELINE,
  type ExportCut, type ExportNames, type LedgerRecord, type TimelineRecord,
} from '../db/export';
import type { InboxFilter, InboxScope } from '../db/staff-inbox';
import type { LateAsOf, Lateness } from '../db/stats';
import { shanghaiDate } from '../feedback/deadlines';
import { itemOfRow } from '../db/item-label';
import { maskContact } from '../staff/masking';
import { OPEN_STATUSES, overdue, type FeedbackStatus, type Overdue } from '../staff/workflow';
import type { LedgerRow } from './ledger';
import type { TimelineRow } from './timeline';

export { EXPORT_PAGE_ROWS };

export interface ExportSelection {
  filter: InboxFilter;
  scope: InboxScope;
  /** One instant for the whole export: the overdue filter and flags do not shift while it runs. */
  now: number;
  /** Full contact details (admins, handlers); masked otherwise. */
  reveal: boolean;
  /** Where the console is (PUBLIC_ORIGIN, or the request's), for the links to a feedback's photos; relative links without it. */
  origin?: string;
}

export interface LedgerPage {
  rows: LedgerRow[];
  /** Each row's events, oldest first, when asked for. */
  timeline: Map<number, TimelineRow[]> | null;
}

type Str = string;
type Num = number;
const str = (v: unknown) => v as Str;
const strOrNull = (v: unknown) => v as Str | null;
const num = (v: unknown) => v as Num;
const numOrNull = (v: unknown) => v as Num | null;
/** Booleans as SQLite stores them (raw rows skip drizzle's decoding). */
const bool = (v: unknown) => v === 1;

/**
 * What each page is read with: where the export stops, and the names its rows
 * refer to, with each item's label built once (an object shared by its rows).
 */
export interface ExportStart {
  cut: ExportCut;
  notices: ExportNames['notices'];
  items: Map<number, NonNullable<LedgerRow['item']>>;
  departments: ExportNames['departments'];
  staff: ExportNames['staff'];
  overdue: Map<string, Overdue>;
  /** What the rows' lateness is judged against: the export's day, as the statistics' (db/stats.ts `lateness`). */
  late: LateAsOf;
}

export async function exportStart(db: Db, s: ExportSelection): Promise<ExportStart> {
  const [cut, names] = await Promise.all([exportCut(db, s), exportNames(db)]);
  const items = new Map<number, NonNullable<LedgerRow['item']>>();
  for (const [id, path] of names.items) {
    const item = itemOfRow(id, path);
    if (item) items.set(id, item);
  }
  const late = { today: shanghaiDate(s.now), open: OPEN_STATUSES, rule: s.scope.overdueRule };
  return { cut, notices: names.notices, items, departments: names.departments, staff: names.staff, overdue: new Map(), late };
}

const NO_NOTICE = { slug: '', title: '' };

/** Never overdue: a feedback no longer open (declined, replied, closed …). */
const NOT_OVERDUE: Overdue = { acknowledge: false, reply: false };
const OPEN = new Set<string>(OPEN_STATUSES);

/**
 * The overdue flags, as of the export's instant: none for a feedback no longer
 * open; for an open one, worked out once per combination of status and deadlines
 * (rows share a few thousand of them).
 */
function overdueOf(s: ExportSelection, cache: Map<string, Overdue>, f: Parameters<typeof overdue>[0]): Overdue {
  if (!OPEN.has(f.status)) return NOT_OVERDUE;
  const key = `${f.status}|${f.acknowledgeBy}|${f.replyBy}|${f.acknowledgeByLegal}|${f.replyByLegal}`;
  let flags = cache.get(key);
  if (flags === undefined) {
    // A bound that a changing selection cannot outgrow.
    if (cache.size >= 100_000) cache.clear();
    cache.set(key, (flags = overdue(f, s.now, s.scope.overdueRule)));
  }
  return flags;
}

function ledgerRow(r: LedgerRecord, s: ExportSelection, start: ExportStart): LedgerRow {
  const id = num(r[LEDGER.id]);
  const name = strOrNull(r[LEDGER.name]);
  const phone = strOrNull(r[LEDGER.phone]);
  const email = strOrNull(r[LEDGER.email]);
  const contact = s.reveal || (name === null && phone === null && email === null) ? { name, phone, email } : maskContact({ name, phone, email });
  const status = str(r[LEDGER.status]) as FeedbackStatus;
  const acknowledgeBy = str(r[LEDGER.acknowledgeBy]);
  const replyBy = str(r[LEDGER.replyBy]);
  const acknowledgeByLegal = strOrNull(r[LEDGER.acknowledgeByLegal]);
  const replyByLegal = strOrNull(r[LEDGER.replyByLegal]);
  const departmentId = numOrNull(r[LEDGER.departmentId]);
  const itemId = numOrNull(r[LEDGER.itemId]);
  const duplicateOfId = numOrNull(r[LEDGER.duplicateOfId]);
  const extensionDays = num(r[LEDGER.extensionDays]);
  const rating = r[LEDGER.rating];
  const attention = strOrNull(r[LEDGER.attention]) as LedgerRow['attention'];
  const [followUps, lastFollowUpAt, decidedAt, acknowledgeLate, replyLate] = jsonValue(r[LEDGER.events]) as [number, number | null, number | null, Lateness, Lateness];
  return {
    id,
    ref: str(r[LEDGER.ref]),
    receivedAt: num(r[LEDGER.receivedAt]),
    receivedTimeUnknown: bool(r[LEDGER.receivedTimeUnknown]),
    channel: str(r[LEDGER.channel]) as LedgerRow['channel'],
    notice: start.notices.get(num(r[LEDGER.noticeId])) ?? NO_NOTICE,
    item: itemId === null ? null : (start.items.get(itemId) ?? null),
    kind: str(r[LEDGER.kind]) as LedgerRow['kind'],
    content: str(r[LEDGER.content]),
    anonymous: bool(r[LEDGER.anonymous]),
    ...contact,
    department: departmentId === null ? null : { id: departmentId, name: start.departments.get(departmentId) ?? '' },
    status,
    duplicateOf: duplicateOfId === null ? null : { id: duplicateOfId, ref: strOrNull(r[LEDGER.duplicateOfRef]) ?? '' },
    declineReason: strOrNull(r[LEDGER.declineReason]),
    decidedAt,
    acceptedAt: numOrNull(r[LEDGER.acceptedAt]),
    repliedAt: numOrNull(r[LEDGER.repliedAt]),
    closedAt: numOrNull(r[LEDGER.closedAt]),
    acknowledgeBy,
    replyBy,
    acknowledgeByLegal,
    replyByLegal,
    extensionDays,
    extensionReason: extensionDays > 0 ? strOrNull(r[LEDGER.extensionReason]) : null,
    overdue: overdueOf(s, start.overdue, { status, acknowledgeBy, replyBy, acknowledgeByLegal, replyByLegal }),
    late: { acknowledge: acknowledgeLate, reply: replyLate },
    reply: strOrNull(r[LEDGER.reply]),
    rating: rating === 1 || rating === 2 || rating === 3 ? rating : null,
    ratingComment: strOrNull(r[LEDGER.ratingComment]),
    followUps,
    lastFollowUpAt,
    reviewRequestedAt: numOrNull(r[LEDGER.reviewRequestedAt]),
    attention,
    attentionBy: attention === null ? null : strOrNull(r[LEDGER.attentionBy]),
    ...ledgerPhotos(id, r[LEDGER.photos], s.origin ?? ''),
  };
}

/**
 * A JSON value SQLite put inside the row's array: as it is where SQLite kept it JSON (a
 * json_array passed to json_array), parsed where it came as text (through a subquery).
 */
function jsonValue(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

type PhotoRecord = { id: number; name: string; size: number; erased: number };

/**
 * The row's photos and, when it has any, the console's page of the feedback, where staff view them (audited).
 * SQLite puts the photos' JSON array in the row's array as it is (a JSON value passed to json_array stays
 * JSON); as text, should it come as text.
 */
function ledgerPhotos(id: number, photos: unknown, origin: string): Pick<LedgerRow, 'photos' | 'photosLink'> {
  if (photos === null || photos === undefined) return { photos: [], photosLink: null };
  const list = jsonValue(photos) as PhotoRecord[];
  return {
    photos: list.map((p) => ({ name: p.name, size: p.size, url: p.erased ? null : `${origin}/api/staff/feedback/${id}/photos/${p.id}` })),
    photosLink: list.length === 0 ? null : `${origin}/staff/#/feedback/${id}`,
  };
}

function timelineRow(r: TimelineRecord, start: ExportStart): TimelineRow | null {
  const at = numOrNull(r[TIMELINE.at]);
  const type = strOrNull(r[TIMELINE.type]);
  if (at === null || type === null || r[TIMELINE.public] === null) return null;
  const actorId = numOrNull(r[TIMELINE.actorId]);
  return {
    ref: str(r[TIMELINE.ref]),
    at,
    // The receipt of a feedback logged without the time of day happened on its day, at no known time.
    dateOnly: type === 'submitted' && bool(r[TIMELINE.receivedTimeUnknown]),
    type,
    public: bool(r[TIMELINE.public]),
    fromStatus: strOrNull(r[TIMELINE.fromStatus]) as FeedbackStatus | null,
    toStatus: strOrNull(r[TIMELINE.toStatus]) as FeedbackStatus | null,
    text: strOrNull(r[TIMELINE.text]),
    actor: actorId === null ? null : { id: actorId, displayName: start.staff.get(actorId) ?? '' },
  };
}

/**
 * The next page's read, asked for before the current page is turned into rows and written: on
 * Cloudflare the database is another machine, and its query and round trip run while the Worker
 * writes (a page's reading and its writing each take some milliseconds). One page ahead at most,
 * and only after a page of ordinary size: a page of the longest texts the rules allow is some
 * 20 MB, and two of them at once would crowd a Worker's 128 MB (db/export.ts EXPORT_PAGE_ROWS).
 * A read that fails is reported when its page is asked for, and one nobody asks for (the reader
 * went away) is let go. The next page is a function: called when that page is wanted.
 */
function ahead<T>(reading: Promise<T>): () => Promise<T> {
  reading.catch(() => {});
  return () => reading;
}

/** Characters of text a page holds (its long fields), beyond which the next page waits its turn. */
export const READ_AHEAD_MAX_CHARS = 2_000_000;

/** The characters of these fields over the page's records. */
function textChars(records: readonly unknown[][], fields: readonly number[]): number {
  let chars = 0;
  for (const r of records) for (const f of fields) chars += typeof r[f] === 'string' ? (r[f] as string).length : 0;
  return chars;
}

/** The ledger's fields that may be long (content, reply and the rest a person writes). */
const LONG_LEDGER_FIELDS = [LEDGER.content, LEDGER.reply, LEDGER.ratingComment, LEDGER.extensionReason, LEDGER.declineReason];

/** A ledger page as read: its records, and with the timeline, its feedback's events. */
interface LedgerRead {
  records: LedgerRecord[];
  events: TimelineRecord[] | null;
}

const NO_MORE: LedgerRead = { records: [], events: null };

/** The ledger, page by page, up to `cut`; with `withTimeline`, the events of each page's feedback too (a second query per page). */
export async function* ledgerPages(db: Db, s: ExportSelection, start: ExportStart, withTimeline: boolean): AsyncGenerator<LedgerPage> {
  const { cut } = start;
  const where = { ...s, late: start.late };
  // A page's two queries in turn: D1 runs one at a time, so the next page's pair goes out as one.
  const read = async (afterId: number): Promise<LedgerRead> => {
    const records = await ledgerRecords(db, where, cut, afterId);
    const events = withTimeline && records.length > 0 ? await timelineRecordsOf(db, cut, records.map((r) => num(r[LEDGER.id]))) : null;
    return { records, events };
  };
  let next = () => read(0);
  for (;;) {
    const { records, events } = await next();
    if (records.length === 0) return;
    const afterId = num(records[records.length - 1]![LEDGER.id]);
    if (records.length < EXPORT_PAGE_ROWS) next = async () => NO_MORE;
    else if (textChars(records, LONG_LEDGER_FIELDS) + (events ? textChars(events, [TIMELINE.text]) : 0) > READ_AHEAD_MAX_CHARS) next = () => read(afterId);
    else next = ahead(read(afterId));
    let timeline: Map<number, TimelineRow[]> | null = null;
    if (events) {
      timeline = new Map();
      for (const e of events) {
        const row = timelineRow(e, start);
        if (!row) continue;
        const feedbackId = num(e[TIMELINE.feedbackId]);
        const list = timeline.get(feedbackId);
        if (list) list.push(row);
        else timeline.set(feedbackId, [row]);
      }
    }
    yield { rows: records.map((r) => ledgerRow(r, s, start)), timeline };
  }
}

/** The timeline alone, page by page of feedback up to `cut`: one query per page. */
export async function* timelinePages(db: Db, s: ExportSelection, start: ExportStart): AsyncGenerator<TimelineRow[]> {
  const { cut } = start;
  const read = (afterId: number) => timelineRecords(db, s, cut, afterId);
  let next = () => read(0);
  for (;;) {
    const records = await next();
    if (records.length === 0) return;
    // The page's feedback (each has one record or more, in order): fewer than a page's is the last page.
    let feedbackCount = 0;
    let previous: number | null = null;
    for (const r of records) {
      const feedbackId = num(r[TIMELINE.feedbackId]);
      if (feedbackId !== previous) feedbackCount++;
      previous = feedbackId;
    }
    const afterId = previous!;
    if (feedbackCount < EXPORT_PAGE_ROWS) next = async () => [];
    else if (textChars(records, [TIMELINE.text]) > READ_AHEAD_MAX_CHARS) next = () => read(afterId);
    else next = ahead(read(afterId));
    const rows: TimelineRow[] = [];
    for (const r of records) {
      const row = timelineRow(r, start);
      if (row) rows.push(row);
    }
    yield rows;
  }
}

/**
 * Where an export's pages come from. The export takes it as a parameter, so that
 * what it does when reading fails midway can be shown with a reader that fails.
 * A reader serves one export: both sheets of a workbook read up to the same cut.
 */
export interface ExportReader {
  ledgerPages(s: ExportSelection, withTimeline: boolean): AsyncIterableIterator<LedgerPage>;
  timelinePages(s: ExportSelection): AsyncIterableIterator<TimelineRow[]>;
}

/**
 * The pages of this database, for one export: the cut and the names are taken
 * when the first page is asked for, and kept for every page after it, of either sheet.
 */
export function databaseReader(db: Db): ExportReader {
  let start: Promise<ExportStart> | null = null;
  const startOf = (s: ExportSelection) => (start ??= exportStart(db, s));
  return {
    async *ledgerPages(s, withTimeline) {
      yield* ledgerPages(db, s, await startOf(s), withTimeline);
    },
    async *timelinePages(s) {
      yield* timelinePages(db, s, await startOf(s));
    },
  };
}
