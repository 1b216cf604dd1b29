/**
 * The holiday calendar's stored years (calendar_years, calendar_days: what admins entered) and the
 * legal deadlines they change. Plain values in and out: the calendar arithmetic is
 * worker/calendar/'s, which calls these.
 */
import { and, asc, between, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { CalendarDay, CalendarNotice } from '../calendar/types';
import { auditInsert } from './audit';
import type { Db } from './client';
import { calendarDays, calendarYears, feedback, staffUsers } from './schema';

export type StoredNotice = CalendarNotice & { addedAt: number; addedBy: string | null };

/** The two reads behind storedNotices, for a caller that sends them in a batch of its own. */
export function storedNoticeQueries(db: Db) {
  return [
    db
      .select({ year: calendarYears.year, source: calendarYears.source, addedAt: calendarYears.addedAt, addedBy: staffUsers.displayName })
      .from(calendarYears)
      .leftJoin(staffUsers, eq(staffUsers.id, calendarYears.addedBy))
      .orderBy(asc(calendarYears.year)),
    db.select().from(calendarDays).orderBy(asc(calendarDays.day)),
  ] as const;
}

type StoredRows = [Awaited<ReturnType<typeof storedNoticeQueries>[0]>, Awaited<ReturnType<typeof storedNoticeQueries>[1]>];

/** The entered years with their days, from the rows of storedNoticeQueries. */
export function storedNoticesOf([years, days]: Readonly<StoredRows>): StoredNotice[] {
  return years.map((y) => ({
    year: y.year,
    origin: 'entered' as const,
    source: [y.source],
    days: days.filter((d) => d.year === y.year).map((d) => ({ day: d.day, kind: d.kind, name: d.name })),
    addedAt: y.addedAt,
    addedBy: y.addedBy,
  }));
}

/** Every entered year with its days, oldest first: one batch. */
export async function storedNotices(db: Db): Promise<StoredNotice[]> {
  return storedNoticesOf(await db.batch(storedNoticeQueries(db)));
}

/**
 * A stamp of what admins entered, which every save changes (saveYear sets added_at, and the
 * days counted tell a change within one millisecond from most others): a
 * submission that computed its legal days with the calendar of one stamp stores them only while
 * the stamp is still that (db/submission.ts), so a calendar kept in memory is never trusted stale.
 */
export const calendarStamp: SQL<string> = sql<string>`((select count(*) || '.' || coalesce(sum(${calendarYears.addedAt}), 0) from ${calendarYears}) || '.' || (select count(*) from ${calendarDays}))`;

/**
 * Stores a year as entered, replacing what was entered for it before, with its audit entry, in one
 * batch. A day another notice listed moves to this one (the later word wins, as in the calendar).
 */
export async function saveYear(
  db: Db,
  y: { year: number; source: string; days: CalendarDay[] },
  actorId: number,
  now: number,
  audit: { before: unknown; after: unknown },
): Promise<void> {
  const days = y.days.map((d) => d.day);
  await db.batch([
    db.delete(calendarDays).where(or(eq(calendarDays.year, y.year), days.length ? inArray(calendarDays.day, days) : sql`0`)),
    db
      .insert(calendarYears)
      .values({ year: y.year, source: y.source, addedBy: actorId, addedAt: now })
      .onConflictDoUpdate({ target: calendarYears.year, set: { source: y.source, addedBy: actorId, addedAt: now } }),
    ...(y.days.length ? [db.insert(calendarDays).values(y.days.map((d) => ({ ...d, year: y.year })))] : []),
    auditInsert(db, { at: now, actorId, action: 'calendar.year', targetType: 'calendar_year', targetId: y.year, ...audit }),
  ]);
}

export interface StoredDeadlines {
  id: number;
  acknowledgeBy: string;
  replyBy: string;
  acknowledgeByLegal: string | null;
  replyByLegal: string | null;
}

/** Feedback with either deadline between `from` and `to` (inclusive), any status. */
export async function deadlinesBetween(db: Db, from: string, to: string): Promise<StoredDeadlines[]> {
  return db
    .select({
      id: feedback.id,
      acknowledgeBy: feedback.acknowledgeBy,
      replyBy: feedback.replyBy,
      acknowledgeByLegal: feedback.acknowledgeByLegal,
      replyByLegal: feedback.replyByLegal,
    })
    .from(feedback)
    .where(or(between(feedback.acknowledgeBy, from, to), between(feedback.replyBy, from, to)));
}

/**
 * Sets the legal days, leaving updated_at alone: they follow from the calendar, not from anyone's
 * change to the feedback, so an edit a colleague has open is not refused for them.
 */
export async function setLegalDays(db: Db, rows: Array<Pick<StoredDeadlines, 'id' | 'acknowledgeByLegal' | 'replyByLegal'>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) {
    const chunk = rows.slice(i, i + 50).map((r) =>
      db.update(feedback).set({ acknowledgeByLegal: r.acknowledgeByLegal, replyByLegal: r.replyByLegal }).where(eq(feedback.id, r.id)),
    );
    if (chunk.length) await db.batch(chunk as [typeof chunk[number], ...typeof chunk]);
  }
}

/** Open feedback's deadlines that matter now (the reply's; while new, the acknowledgement's), counted by day. */
export async function openDeadlineDays(db: Db, openStatuses: readonly string[]): Promise<Array<{ day: string; count: number }>> {
  const open = inArray(feedback.status, [...openStatuses] as (typeof feedback.status._.data)[]);
  const rows = await db.all<{ day: string; count: number }>(sql`
    select day, count(*) as count from (
      select ${feedback.replyBy} as day from ${feedback} where ${open}
      union all
      select ${feedback.acknowledgeBy} as day from ${feedback} where ${and(open, eq(feedback.status, 'new'))}
    ) group by day order by day`);
  return rows;
}
