/**
 * Sources (来源标识): what one client sent within the hour around a feedback,
 * and clearing it as spam in one step (staff/sources.ts). A source is named by
 * the short fingerprint staff see, or the whole fingerprint; the hour by an
 * instant, `around`, as the inbox's `source` and `around` filters select it.
 * The selection is the inbox's, in the user's department scope: what the
 * filtered inbox lists is what is counted here and marked.
 *
 * GET answers how many feedback the selection holds and how many of them this
 * user may mark as spam, with `readAt`; POST …/spam marks them, leaving alone
 * whatever changed after `readAt` (the caller's read, as `updatedAt` is for one
 * feedback), whatever the workflow does not let go to spam, and says how many
 * it left. One audit entry lists the ids; each feedback gets its timeline event.
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { markSourceAsSpam, sourceFigures } from '../../db/source-spam';
import { inboxWhere } from '../../db/staff-inbox';
import { deadlineConfig } from '../../feedback/deadlines';
import { ApiError, methodNotAllowed } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { validate } from '../../http/validate';
import { normaliseSource, SOURCE_PATTERN, sourceWindow } from '../../lib/source';
import { staffErrors, staffFieldMessages } from '../../staff/messages';
import { scopeOf, type StaffUser } from '../../staff/roles';
import { SOURCE_SPAM_MAX, spamSteps, type SourceFigures, type SourceSpamResult } from '../../staff/sources';
import type { StaffEnv } from './env';
import { requirePermission, staffSession } from './session-auth';

const f = staffFieldMessages.filter;
const instant = z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));
const sourceParam = z.object({ source: z.string().check(z.regex(SOURCE_PATTERN)) });
const spamInput = z.object({ around: instant, readAt: z.optional(instant) });

/** The inbox's selection of one source in the hour around `around`, within the user's scope. */
function selectionOf(source: string, around: number, me: StaffUser, now: number) {
  const window = sourceWindow(around);
  const asked = { source: normaliseSource(source), ...window };
  return { asked, where: inboxWhere({ source: asked.source, receivedWithin: window }, { departmentId: scopeOf(me) }, now) };
}

export const staffSourcesRoute = new Hono<StaffEnv>()
  .use(staffSession())
  .get(
    '/:source',
    validate('param', sourceParam, { source: f.source }),
    validate('query', z.object({ around: z.pipe(z.coerce.number(), instant) }), { around: f.around }),
    async (c) => {
      const { db, staff: me } = c.var;
      const now = c.var.clock();
      const { asked, where } = selectionOf(c.req.valid('param').source, c.req.valid('query').around, me, now);
      const steps = spamSteps(me.role, now, deadlineConfig(c.env));
      const figures = await sourceFigures(db, where, steps.map((s) => s.from));
      const answer: SourceFigures = { ...asked, total: figures.total, markable: figures.markable, readAt: now };
      return c.json(answer, 200);
    },
  )
  .post(
    '/:source/spam',
    requirePermission('feedback.handle'),
    jsonBody({ maxBytes: 1024 }),
    validate('param', sourceParam, { source: f.source }),
    validate('json', spamInput, { around: f.around, readAt: staffFieldMessages.readAt.invalid }),
    async (c) => {
      const { db, staff: me } = c.var;
      const { around, readAt } = c.req.valid('json');
      const now = c.var.clock();
      const { asked, where } = selectionOf(c.req.valid('param').source, around, me, now);
      const steps = spamSteps(me.role, now, deadlineConfig(c.env));
      const { ids, left } = await markSourceAsSpam(db, { selection: where, steps, readAt: readAt ?? now, max: SOURCE_SPAM_MAX, actorId: me.id, now, asked });
      if (ids.length === 0) {
        if (left === 0) throw new ApiError(404, 'source_not_found', staffErrors.sourceNotFound);
        // Some could go to spam now, but not as the caller read them.
        const { markable } = await sourceFigures(db, where, steps.map((s) => s.from));
        if (markable > 0) throw new ApiError(409, 'stale', staffErrors.sourceStale);
        throw new ApiError(409, 'nothing_to_mark', staffErrors.nothingToMark(left));
      }
      const answer: SourceSpamResult = { ...asked, marked: ids.length, ids, left };
      return c.json(answer, 200);
    },
  )
  .all('/:source', methodNotAllowed)
  .all('/:source/spam', methodNotAllowed);
