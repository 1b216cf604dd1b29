/**
 * GET /api/staff/export: the inbox's selection (same filters, same validation,
 * same department scope) as a file to download: CSV, NDJSON or XLSX, each
 * streamed, however many rows: each feedback that existed when it began, exactly
 * once, in the order they were logged (db/export.ts). Contact details are full
 * for those who may reveal them and masked for everyone else. Every export is
 * audited with its filters, format and row count when its last row has been
 * written, before the body ends. An export that fails is audited as incomplete
 * (`complete: false`, with the rows sent): CSV and NDJSON end with a line saying
 * the file is incomplete, XLSX with a workbook that opens on a sheet saying so,
 * then the body errors (export/stream.ts).
 */
import { inboxScope } from './inbox-scope';
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { auditInsert } from '../../db/audit';
import type { Db } from '../../db/client';
import { contentDisposition } from '../../export/filename';
import { databaseReader, type ExportReader, type ExportSelection } from '../../export/query';
import {
  CONTENT_TYPES, downloadName, EXPORT_FORMATS, EXPORT_PARTS, streamedExport, xlsxExport, type ExportRequest, type StreamHooks,
} from '../../export/run';
import { methodNotAllowed, validationError } from '../../http/errors';
import { failureText } from '../../lib/failure';
import { publicOrigin } from '../../http/origin';
import { validate } from '../../http/validate';
import { staffFieldMessages } from '../../staff/messages';
import { can, type StaffUser } from '../../staff/roles';
import type { StaffEnv } from './env';
import { inboxFilterMessages, inboxFilterOf, inboxFilterQuery, withSearchWords } from './feedback';
import { requirePermission, staffSession } from './session-auth';

const f = staffFieldMessages.filter;

const exportQuery = z.extend(inboxFilterQuery, {
  format: z._default(z.enum(EXPORT_FORMATS), 'csv'),
  part: z._default(z.enum(EXPORT_PARTS), 'ledger'),
  timeline: z.optional(z.enum(['1', '0'])),
});
const exportMessages = { ...inboxFilterMessages, format: f.format, part: f.part, timeline: f.timeline };

/** The query with its search words opened (withSearchWords): the audit entry records the words, never the token. */
type ExportQuery = Omit<z.infer<typeof exportQuery>, 'qs'>;

/** The filters as given, for the audit entry: nothing that was not asked for. */
function filtersOf(q: ExportQuery): Record<string, string | number> {
  const { format: _format, part: _part, timeline: _timeline, ...filters } = q;
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
}

interface ExportRecord {
  rows: number;
  complete: boolean;
  timelineRows?: number | null;
}

function recordExport(db: Db, me: StaffUser, at: number, q: ExportQuery, r: ExportRequest, s: ExportSelection, result: ExportRecord) {
  return auditInsert(db, {
    at,
    actorId: me.id,
    action: 'feedback.export',
    targetType: 'feedback',
    targetId: null,
    after: {
      format: r.format,
      part: r.part,
      timeline: r.timeline,
      filters: filtersOf(q),
      // Exporting contact details is itself a disclosure worth recording.
      contactDetails: s.reveal ? 'full' : 'masked',
      ...result,
    },
  });
}

/** The export route reading its pages with `readerOf` (the database's, but for tests of a failing read). */
export function exportRoute(readerOf: (db: Db) => ExportReader) {
  return new Hono<StaffEnv>()
    .use(staffSession(), requirePermission('feedback.read'))
    .get('/', validate('query', exportQuery, exportMessages), async (c) => {
      const q = await withSearchWords(c, c.req.valid('query'));
      const r: ExportRequest = { format: q.format, part: q.part, timeline: q.timeline === '1' };
      if (r.format === 'csv' && r.timeline && r.part === 'ledger') throw validationError({ timeline: f.csvTimeline });
      const { db, staff: me } = c.var;
      const now = c.var.clock();
      const s: ExportSelection = { filter: inboxFilterOf(q), scope: inboxScope(me, c.env), now, reveal: can(me, 'feedback.reveal'), origin: publicOrigin(c) };
      const headers = { 'content-type': CONTENT_TYPES[r.format], 'content-disposition': contentDisposition(downloadName(r, { from: q.from, to: q.to }), now) };
      // A HEAD is answered by this GET route: its headers, and no rows read, sent or audited as exported.
      if (c.req.method === 'HEAD') return c.body(null, 200, headers);

      const hooks: StreamHooks = {
        onEnd: async (summary) => {
          await recordExport(db, me, c.var.clock(), q, r, s, summary);
        },
        onCancel: (summary) => {
          // The reader went away: record what was sent, after the request ends.
          c.executionCtx.waitUntil(recordExport(db, me, c.var.clock(), q, r, s, summary).then(() => undefined, (err: unknown) => console.error('export audit failed', failureText(err))));
        },
        onError: (err, summary) => {
          // Never the rows or the filters: they may hold personal information.
          console.error('export failed', r.format, r.part, summary.rows, failureText(err));
          c.executionCtx.waitUntil(recordExport(db, me, c.var.clock(), q, r, s, summary).then(() => undefined, () => undefined));
        },
      };
      const body = r.format === 'xlsx' ? xlsxExport(readerOf(db), s, r, hooks) : streamedExport(readerOf(db), s, { ...r, format: r.format }, hooks);
      return c.body(body, 200, headers);
    })
    .all('/', methodNotAllowed);
}

export const staffExportRoute = exportRoute(databaseReader);
