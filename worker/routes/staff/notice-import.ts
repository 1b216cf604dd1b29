/**
 * Putting a notice online: its text (pasted, or a .txt or .docx file) is read by
 * the parser, reviewed and corrected by staff, and saved as a draft. Mounted in
 * notices.ts, behind its session and permission guard.
 *
 * Corrections travel as the roles of the text's pieces (worker/notice/reading.ts),
 * never as text: the server cuts the text into pieces itself, builds the
 * structure from the roles, and saves it only if it holds every non-blank
 * character of the text exactly once, in order.
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { insertParsedNotice, noticeTaken } from '../../db/notices';
import { ApiError, methodNotAllowed, validationError } from '../../http/errors';
import { jsonBody } from '../../http/json-body';
import { cappedText, validate } from '../../http/validate';
import { readNoticeForReview, type Review } from '../../notice/review';
import { isCalendarDate, shanghaiDate } from '../../feedback/deadlines';
import { ISSUER_MAX, REF_PREFIX, RESERVED_SLUGS, SLUG, SOURCE_NOTE_MAX, TITLE_MAX } from '../../notice/lifecycle';
import { noticeErrors, noticeFieldMessages as m, noticeFileMessages } from '../../notice/messages';
import { decodeNoticeFile, NOTICE_FILE_MAX_BYTES, NOTICE_TEXT_MAX_BYTES, type NoticeFileEncoding } from '../../notice/source';
import { ITEM_LEVELS, PIECE_ROLES } from '../../notice/reading';
import { hasUnprintable, isBlank } from '../../feedback/rules';
import type { FieldErrors } from '../../messages';
import { noticeErrors as noticeStaffErrors, noticeFieldMessages as meta } from '../../staff/notice-messages';
import { checkText, metaMessages } from './notice-input';
import { ITEM_STATUSES } from '../../db/schema';
import type { StaffEnv } from './env';

// Reading: room for the largest file in base64. Saving: the text and its roles. The text itself is
// limited below, with its own message; a file too large, in the body or in its base64, is told the file's limit.
const FILE_DATA_MAX = Math.ceil((NOTICE_FILE_MAX_BYTES * 4) / 3) + 4;
const BODY = { maxBytes: FILE_DATA_MAX + 1024 * 1024, tooLarge: noticeFileMessages.tooLarge };
const SAVE_BODY = { maxBytes: 2 * 1024 * 1024 };

const correction = {
  text: z.string(),
  level: z.nullish(z.enum(ITEM_LEVELS)),
  roles: z.nullish(z.array(z.enum(PIECE_ROLES)).check(z.maxLength(100_000))),
  /** Item statuses set by staff, by the index of the piece that starts the item. */
  statuses: z.nullish(
    z.record(z.string().check(z.regex(/^\d{1,6}$/)), z.enum(ITEM_STATUSES)).check(z.refine((o) => Object.keys(o).length <= 10_000)),
  ),
};
const readingMessages = { text: m.text.required, level: m.level.invalid, roles: m.roles.invalid, statuses: m.roles.invalid };

const createInput = z.object({
  ...correction,
  title: cappedText(10_000, meta.title.tooLong),
  issuer: cappedText(10_000, meta.issuer.tooLong),
  publishedOn: z.nullish(z.string().check(z.maxLength(20))),
  slug: z.string().check(z.maxLength(200)),
  refPrefix: z.string().check(z.maxLength(20)),
  sourceNote: z.nullish(cappedText(10_000, meta.sourceNote.tooLong)),
});

/** The review of the text with the corrections asked for, or the error that stops it. */
function review(input: z.infer<z.ZodMiniObject<typeof correction>>): Review {
  if (isBlank(input.text)) throw validationError({ text: m.text.required });
  if (hasUnprintable(input.text)) throw validationError({ text: m.text.invalidChars });
  if (new TextEncoder().encode(input.text).byteLength > NOTICE_TEXT_MAX_BYTES) throw new ApiError(413, 'too_large', m.text.tooLarge, { text: m.text.tooLarge });
  const statuses = new Map(Object.entries(input.statuses ?? {}).map(([piece, status]) => [Number(piece), status]));
  const r = readNoticeForReview(input.text, { level: input.level ?? null, roles: input.roles ?? null, statuses });
  if (r === 'rolesMismatch') throw validationError({ text: m.text.changed });
  return r;
}

/** The particulars checked as an edit of a notice checks them (notice-input.ts), with the same messages. */
function metaFailures(input: z.infer<typeof createInput>, today: string): FieldErrors {
  const fields: FieldErrors = {};
  checkText(fields, 'title', input.title, { max: TITLE_MAX, messages: meta.title, line: true });
  checkText(fields, 'issuer', input.issuer, { max: ISSUER_MAX, messages: meta.issuer, line: true });
  checkText(fields, 'sourceNote', input.sourceNote ?? undefined, { max: SOURCE_NOTE_MAX, messages: meta.sourceNote });
  if (input.publishedOn && !isCalendarDate(input.publishedOn)) fields.publishedOn = meta.publishedOn.invalid;
  else if (input.publishedOn && input.publishedOn > today) fields.publishedOn = meta.publishedOn.future;
  if (!SLUG.test(input.slug)) fields.slug = meta.slug.invalid;
  else if (RESERVED_SLUGS.includes(input.slug)) fields.slug = meta.slug.reserved;
  if (!REF_PREFIX.test(input.refPrefix)) fields.refPrefix = meta.refPrefix.invalid;
  return fields;
}

/** A .txt or .docx file, as the console reads it: its name and its bytes in base64. */
const parseInput = z.object({
  ...correction,
  text: z.optional(z.string()),
  // The data's length is checked with the file's own message (fileText); the body's limit bounds it meanwhile.
  file: z.optional(z.object({ name: z.string().check(z.maxLength(300)), data: z.string() })),
});

const fileTooLarge = () => new ApiError(413, 'too_large', noticeFileMessages.tooLarge, { file: noticeFileMessages.tooLarge });

function fileText(file: { name: string; data: string }): { text: string; encoding: NoticeFileEncoding } {
  if (file.data.length > FILE_DATA_MAX) throw fileTooLarge();
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(file.data), (ch) => ch.charCodeAt(0));
  } catch {
    throw validationError({ file: m.file.invalid });
  }
  const decoded = decodeNoticeFile(bytes, file.name);
  if (!decoded.ok) {
    const message = noticeFileMessages[decoded.reason];
    throw decoded.reason === 'tooLarge' ? fileTooLarge() : validationError({ file: message });
  }
  return decoded;
}

export const staffNoticeImportRoute = new Hono<StaffEnv>()
  .post('/parse', jsonBody(BODY), validate('json', parseInput, { ...readingMessages, file: m.file.invalid }), async (c) => {
    const input = c.req.valid('json');
    const source = input.file ? fileText(input.file) : { text: input.text ?? '', encoding: null };
    const { notice: _saved, ...reading } = review({ ...input, text: source.text });
    // The text read from a file comes back, so that the console can show it and save it.
    return c.json({ ...reading, text: source.text, encoding: source.encoding }, 200);
  })
  .post(
    '/',
    jsonBody(SAVE_BODY),
    validate('json', createInput, {
      ...readingMessages, ...metaMessages,
    }),
    async (c) => {
      const input = c.req.valid('json');
      const now = c.var.clock();
      const fields = metaFailures(input, shanghaiDate(now));
      if (Object.keys(fields).length > 0) throw validationError(fields);
      const r = review(input);
      if (r.problems.length > 0 || !r.notice || !r.lossless) throw new ApiError(422, 'reading_problems', noticeErrors.problems);
      if (!r.lossless.ok) throw new ApiError(422, 'not_lossless', noticeErrors.notLossless(r.lossless.at));
      const { db, staff: me } = c.var;
      const taken = await noticeTaken(db, input.slug, input.refPrefix);
      if (taken.slug || taken.refPrefix) {
        const both = { ...(taken.slug ? { slug: noticeStaffErrors.slugTaken } : {}), ...(taken.refPrefix ? { refPrefix: noticeStaffErrors.prefixTaken } : {}) };
        throw new ApiError(409, 'notice_exists', taken.slug ? noticeStaffErrors.slugTaken : noticeStaffErrors.prefixTaken, both);
      }
      const saving = {
        slug: input.slug, title: input.title.trim(), issuer: input.issuer.trim(), publishedOn: input.publishedOn || null,
        refPrefix: input.refPrefix, sourceNote: isBlank(input.sourceNote) ? null : input.sourceNote!.trim(), state: 'draft' as const,
      };
      const saved = await insertParsedNotice(db, saving, input.text, r.notice, {
        at: now, actorId: me.id, action: 'notice.create', targetType: 'notice', targetId: null,
        after: { ...saving, itemCount: r.items.length, level: input.level ?? null, corrected: Boolean(input.roles || input.statuses) },
      });
      // Someone saved the same slug between the check and the insert.
      if (!saved) throw new ApiError(409, 'notice_exists', noticeStaffErrors.slugTaken, { slug: noticeStaffErrors.slugTaken });
      return c.json({ slug: saving.slug, state: saving.state, itemCount: r.items.length }, 201);
    },
  )
  .all('/parse', methodNotAllowed);
