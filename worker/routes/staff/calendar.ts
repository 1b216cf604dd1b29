/**
 * The holiday calendar (节假日安排), for admins: which years it covers (shipped with the service,
 * or entered here), the days of one year, and open deadlines in years it does not cover, which
 * it cannot judge (flagged, never treated as ordinary weeks). An admin enters a year from the
 * State Council's notice when it is published; the legal last days of the feedback it affects are
 * recomputed at once. One permission, calendar.manage (admins only): the calendar decides
 * deadlines for every department, as users and departments are an admin's.
 *
 *   GET  /api/staff/calendar               years covered, the shipped data's source, uncovered deadlines
 *   GET  /api/staff/calendar/years/:year   one year's days
 *   POST /api/staff/calendar/years         { year, source, days: [{ day, kind: 'off'|'work', name }] }
 */
import { Hono } from 'hono';
import { legalLastDay } from '../../calendar/calendar';
import { loadCalendar, recomputeLegalDays, uncoveredDeadlines } from '../../calendar/deadlines';
import { checkCalendarEntry } from '../../calendar/entry';
import { HOLIDAY_CN_SOURCE } from '../../calendar/holidays-cn';
import { storedNotices, saveYear } from '../../db/calendar';
import { addDays, shanghaiDate } from '../../feedback/deadlines';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

/** How far ahead the console warns that the next year's notice is still missing. */
const LOOKAHEAD_DAYS = 90;

export const staffCalendarRoute = new Hono<StaffEnv>()
  .use(staffSession(), requirePermission('calendar.manage'))
  .get('/', async (c) => {
    const db = c.var.db;
    const [cal, entered] = await Promise.all([loadCalendar(db), storedNotices(db)]);
    const uncovered = await uncoveredDeadlines(db, cal);
    const today = shanghaiDate(c.var.clock());
    const ahead = legalLastDay(addDays(today, LOOKAHEAD_DAYS), cal);
    const years = [...cal.notices.values()]
      .sort((a, b) => b.year - a.year)
      .map((n) => {
        const e = entered.find((x) => x.year === n.year && n.origin === 'entered');
        return {
          year: n.year,
          origin: n.origin,
          source: n.source,
          offDays: n.days.filter((d) => d.kind === 'off').length,
          workDays: n.days.filter((d) => d.kind === 'work').length,
          addedAt: e?.addedAt ?? null,
          addedBy: e?.addedBy ?? null,
        };
      });
    return c.json(
      {
        years,
        shippedSource: HOLIDAY_CN_SOURCE,
        /** Open deadlines the calendar cannot judge, by the notice year they wait for. */
        uncovered,
        /** A notice year needed within LOOKAHEAD_DAYS of today that the calendar lacks; null when none. */
        missingSoon: ahead.covered ? null : ahead.missingYear,
      },
      200,
    );
  })
  .get('/years/:year{[0-9]{4}}', async (c) => {
    const year = Number(c.req.param('year'));
    const n = (await loadCalendar(c.var.db)).notices.get(year);
    if (!n) throw new ApiError(404, 'calendar_year_not_found', `${year} 年的节假日安排尚未录入`);
    return c.json({ year: n.year, origin: n.origin, source: n.source, days: n.days }, 200);
  })
  .post('/years', jsonBody({ maxBytes: 32 * 1024 }), async (c) => {
    const body: unknown = await c.req.json();
    // Any JSON at all may arrive (null, a number, an array): each field then gets its message.
    const checked = checkCalendarEntry(typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});
    if (!checked.ok) throw validationError(checked.fields);
    const { entry } = checked;
    const db = c.var.db;
    const now = c.var.clock();
    const before = (await storedNotices(db)).find((n) => n.year === entry.year);
    await saveYear(db, entry, c.var.staff.id, now, {
      before: before ? { source: before.source[0], days: before.days } : null,
      after: { source: entry.source, days: entry.days },
    });
    const cal = await loadCalendar(db);
    const recomputed = await recomputeLegalDays(db, cal, entry.year);
    return c.json({ year: entry.year, days: entry.days.length, recomputed }, 201);
  })
  .all('/', methodNotAllowed)
  .all('/years', methodNotAllowed);
