/**
 * A public submission in one round trip to the database (issue 15): one atomic batch that reads
 * what decides the answer and writes what a stored submission is, each write guarded so that it
 * takes effect exactly when it should. In order:
 *
 * 1. the proof of work used up (a plain insert: a solution used before fails the whole batch on the
 *    primary key, and nothing of it is kept);
 * 2. one hit counted on each of the client's limits, in one statement returning the counts it saw,
 *    and only where the target holds: the notice as guessed (id and reference prefix), still
 *    published, the item its own, the calendar the one the legal days were computed with. A
 *    submission refused for any reason but the limits (an unknown item, a closed notice, a stale
 *    guess) so never counts, and no statement has to give its hit back;
 * 3. the replay (the feedback stored under this Idempotency-Key, if any: its receipt's columns)
 *    and the target (the notice by slug, whether the item is one of its items, the calendar's
 *    stamp), side by side in one row;
 * 4. the feedback, INSERT … SELECT from the notice WHERE the target holds, there is no replay and
 *    every limit is within bounds;
 * 5. its timeline event, its idempotency record and its photos, found by the new reference (no row,
 *    no insert); the idempotency key's primary key rejects a replay that raced past step 3.
 *
 * Steps 1 and 2 take no effect on a replay (they ask the idempotency keys themselves), which answers
 * with its receipt and costs nothing. The caller (feedback/submit.ts) reads the answer off the
 * results: a replay, a limit, the target, or the new feedback's id; a stale guess is corrected from
 * step 3's row and sent again.
 *
 * Each statement costs the database something of its own besides its work (D1 parses, runs and
 * answers each apart), so the batch has as few as the steps allow: six on the common path (issue
 * 15's bench:load measured nine against six; see "Speed and plans" in the README).
 */
import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { LimitRule } from '../lib/limiter';
import { calendarStamp, storedNoticeQueries, storedNoticesOf, type StoredNotice } from './calendar';
import type { Db } from './client';
import { runTemplates, templatesOf, type Template } from './statements';
import { insertEventWhere } from './feedback-events';
import { READABLE_STATES } from './notices';
import { insertPhotosByRef, submittedPhotoCount, type NewPhoto } from './photos';
import { countHitsWhen, withinLimits } from './rate-limits';
import { feedback, idempotencyKeys, items, notices, usedProofs, type NOTICE_STATES } from './schema';

/** What a submission guesses of its notice and the calendar; the write checks it. */
export interface TargetGuess {
  noticeId: number;
  refPrefix: string;
  calendarStamp: string;
}

/** The feedback row's own values (the notice's come from the notice row). */
export interface SubmittedRow {
  ref: string;
  queryCodeHash: string;
  itemId: number | null;
  kind: string;
  content: string;
  anonymous: boolean;
  name: string | null;
  phone: string | null;
  email: string | null;
  consentAt: number | null;
  receivedAt: number;
  status: 'new' | 'spam';
  acknowledgeBy: string;
  replyBy: string;
  acknowledgeByLegal: string | null;
  replyByLegal: string | null;
  clientHash: string;
  needsCheck: boolean;
}

export interface SubmissionWrite {
  noticeSlug: string;
  guess: TargetGuess;
  row: SubmittedRow;
  keyHash: string;
  requestHash: string;
  sealedQueryCode: string;
  /** The proof of work to use up, or null (none asked, or already used by this request). */
  proof: { saltHash: string; expiresAt: number } | null;
  rules: readonly LimitRule[];
  photos: readonly NewPhoto[];
  now: number;
}

/** An idempotency record's request hash once forgotten (db/housekeeping.ts): any retry under its key gets the receipt. */
export const FORGOTTEN_REQUEST = '';

/** A feedback stored under an Idempotency-Key, as its receipt needs it. */
export interface StoredReplay {
  requestHash: string;
  sealed: string;
  ref: string;
  acknowledgeBy: string;
  replyBy: string;
  photos: number;
}

/** The notice a submission names, as the batch saw it. */
export interface TargetRow {
  noticeId: number;
  refPrefix: string;
  state: (typeof NOTICE_STATES)[number];
  closedOn: string | null;
  itemFound: boolean;
  calendarStamp: string;
}

export interface SubmissionOutcome {
  replay: StoredReplay | undefined;
  /** Undefined: no readable notice has that slug. */
  target: TargetRow | undefined;
  /** Each rule's count as this submission's hit saw it; empty for a replay. */
  counted: Array<{ rule: LimitRule; count: number; endsAt: number }>;
  /** The new feedback's id, or null when it was not stored. */
  feedbackId: number | null;
}

/**
 * The outer rows' ids, named in full: drizzle writes a select's own columns unqualified, and a
 * subquery among its fields would take "id" for its own table's.
 */
const NOTICE_ID = sql.raw('"notices"."id"');
const FEEDBACK_ID = sql.raw('"feedback"."id"');

/** Whether item `itemId` is one of the notice's (the notice row being selected). */
function itemOfNotice(itemId: number | null) {
  return itemId === null ? sql<number>`1` : sql<number>`exists (select 1 from ${items} where ${items.id} = ${itemId} and ${items.noticeId} = ${NOTICE_ID})`;
}

function replayQuery(db: Db, keyHash: string) {
  return db
    .select({
      requestHash: idempotencyKeys.requestHash,
      sealed: idempotencyKeys.sealedQueryCode,
      ref: feedback.ref,
      acknowledgeBy: feedback.acknowledgeBy,
      replyBy: feedback.replyBy,
      photos: submittedPhotoCount(FEEDBACK_ID).as('photos'),
    })
    .from(idempotencyKeys)
    .innerJoin(feedback, eq(feedback.id, idempotencyKeys.feedbackId))
    .where(eq(idempotencyKeys.keyHash, keyHash));
}

function targetQuery(db: Db, noticeSlug: string, itemId: number | null) {
  return db
    .select({
      noticeId: notices.id,
      refPrefix: notices.refPrefix,
      state: notices.state,
      closedOn: notices.closedOn,
      itemFound: itemOfNotice(itemId).mapWith(Boolean).as('item_found'),
      // Aliased, as every expression here: D1's rows are objects, and a column named "1" would come first.
      calendarStamp: calendarStamp.as('calendar_stamp'),
    })
    .from(notices)
    .where(and(eq(notices.slug, noticeSlug), inArray(notices.state, [...READABLE_STATES])));
}

/** The feedback stored under `keyHash`, if any: one read (the rare paths). */
export async function findStored(db: Db, keyHash: string): Promise<StoredReplay | undefined> {
  return replayQuery(db, keyHash).get();
}

/**
 * What a submission needs to guess before its batch, when it has nothing to go on (a new isolate):
 * the notice and the calendar as entered, one batch of reads.
 */
export async function readTarget(db: Db, noticeSlug: string): Promise<{ target: TargetRow | undefined; entered: StoredNotice[] }> {
  const [target, years, days] = await db.batch([targetQuery(db, noticeSlug, null), ...storedNoticeQueries(db)]);
  return { target: target[0], entered: storedNoticesOf([years, days]) };
}

/**
 * The replay and the target side by side in one row (step 3): each a subquery joined to a single
 * row, so that either may be missing. Its own aliases: the two subqueries' columns are named apart.
 */
function replayAndTargetQuery(db: Db, keyHash: string, noticeSlug: string, itemId: number | null) {
  const replay = replayQuery(db, keyHash).as('replay');
  const target = targetQuery(db, noticeSlug, itemId).as('target');
  return db
    // Each column named (ReplayAndTargetRow): the batch reads it by name, and SQLite names an unaliased column as it likes.
    .select({
      requestHash: sql`${replay.requestHash}`.as('request_hash'),
      sealed: sql`${replay.sealed}`.as('sealed_query_code'),
      ref: sql`${replay.ref}`.as('ref'),
      acknowledgeBy: sql`${replay.acknowledgeBy}`.as('acknowledge_by'),
      replyBy: sql`${replay.replyBy}`.as('reply_by'),
      photos: sql`${replay.photos}`.as('photos'),
      noticeId: sql`${target.noticeId}`.as('notice_id'),
      refPrefix: sql`${target.refPrefix}`.as('ref_prefix'),
      state: sql`${target.state}`.as('state'),
      closedOn: sql`${target.closedOn}`.as('closed_on'),
      itemFound: sql`${target.itemFound}`.as('item_found'),
      calendarStamp: sql`${target.calendarStamp}`.as('calendar_stamp'),
    })
    .from(sql`(select 1)`)
    .leftJoin(replay, sql`1`)
    .leftJoin(target, sql`1`);
}

/** Step 3's row by the names its query gives its columns: each null where there is no replay, or no such notice. */
interface ReplayAndTargetRow {
  request_hash: string | null;
  sealed_query_code: string | null;
  ref: string | null;
  acknowledge_by: string | null;
  reply_by: string | null;
  photos: number | null;
  notice_id: number | null;
  ref_prefix: string | null;
  state: TargetRow['state'] | null;
  closed_on: string | null;
  item_found: number | null;
  calendar_stamp: string | null;
}

/**
 * The batch's statements for each shape of submission (whether a proof is used up, how many limits,
 * an item or the notice as a whole, how many photos), built once per isolate or process with a
 * placeholder in place of each value (db/statements.ts): drizzle building six statements on every
 * submission was about a third of the Worker's own CPU for it.
 */
const shapes = new Map<string, Template[]>();

/** The submission's one batch (see the module comment); what it found and did. */
export async function writeSubmission(db: Db, w: SubmissionWrite): Promise<SubmissionOutcome> {
  const shape = `${w.proof ? 'proof' : 'no proof'}|${w.rules.length}|${w.row.itemId === null ? 'notice' : 'item'}|${w.photos.length}`;
  let templates = shapes.get(shape);
  if (!templates) shapes.set(shape, (templates = templatesOf(submissionStatements(db, placeheld(w)))));
  const results = await runTemplates(db, templates, valuesOf(w));

  let at = w.proof ? 1 : 0;
  const hitRows = w.rules.length > 0 ? (results[at++] as Array<{ key: string; count: number; window_start: number }>) : [];
  const counted = w.rules.flatMap((rule) => {
    const hit = hitRows.find((h) => h.key === rule.key);
    return hit ? [{ rule, count: Number(hit.count), endsAt: Number(hit.window_start) + rule.windowMs }] : [];
  });
  const seen = results[at]![0] as ReplayAndTargetRow | undefined;
  const inserted = results[at + 1]![0] as { id: number } | undefined;
  return { replay: replayOf(seen), target: targetOf(seen), counted, feedbackId: inserted ? Number(inserted.id) : null };
}

/** The write's values by the names of their placeholders (placeheld): the same prefixes, booleans as SQLite keeps them. */
function valuesOf(w: SubmissionWrite): Record<string, unknown> {
  const values: Record<string, unknown> = { noticeSlug: w.noticeSlug, keyHash: w.keyHash, requestHash: w.requestHash, sealedQueryCode: w.sealedQueryCode, now: w.now };
  const put = (prefix: string, o: object) => {
    for (const [k, v] of Object.entries(o)) values[prefix + k] = typeof v === 'boolean' ? Number(v) : v;
  };
  put('guess.', w.guess);
  put('row.', w.row);
  if (w.proof) put('proof.', w.proof);
  w.rules.forEach((r, i) => put(`rule${i}.`, r));
  w.photos.forEach((p, i) => put(`photo${i}.`, p));
  return values;
}

/**
 * The write with a placeholder in place of each value, named as valuesOf names them, and its shape
 * kept: the proof, the item and the limits and photos are there or not, as in the write. The types
 * are the write's: only the statements below see it, and they hand each value to SQL untouched.
 */
function placeheld(w: SubmissionWrite): SubmissionWrite {
  const p = <T>(name: string) => sql.placeholder(name) as unknown as T;
  const held = <T extends object>(prefix: string, o: T): T => Object.fromEntries(Object.keys(o).map((k) => [k, p(prefix + k)])) as T;
  return {
    noticeSlug: p('noticeSlug'),
    keyHash: p('keyHash'),
    requestHash: p('requestHash'),
    sealedQueryCode: p('sealedQueryCode'),
    now: p('now'),
    guess: held('guess.', w.guess),
    row: { ...held('row.', w.row), itemId: w.row.itemId === null ? null : p('row.itemId') },
    proof: w.proof && held('proof.', w.proof),
    rules: w.rules.map((r, i) => held(`rule${i}.`, r)),
    photos: w.photos.map((photo, i) => held(`photo${i}.`, photo)),
  };
}

/** The batch's statements, in order (see the module comment). */
function submissionStatements(db: Db, w: SubmissionWrite) {
  const { row, guess, now } = w;
  const noReplay = sql`not exists (select 1 from ${idempotencyKeys} where ${idempotencyKeys.keyHash} = ${w.keyHash})`;
  // The target as guessed, on the notice row being selected (steps 2 and 4).
  const targetHolds = and(
    eq(notices.id, guess.noticeId),
    eq(notices.slug, w.noticeSlug),
    eq(notices.refPrefix, guess.refPrefix),
    eq(notices.state, 'published'),
    itemOfNotice(row.itemId),
    sql`${calendarStamp} = ${guess.calendarStamp}`,
  );
  const byRef = eq(feedback.ref, row.ref);

  const insertFeedback = db
    .insert(feedback)
    .select(sql`select ${feedbackValues(row)} from ${notices} where ${and(targetHolds, noReplay, withinLimits(w.rules))}`)
    .returning({ id: feedback.id });

  // Writes first: the batch is a write transaction from its first statement on (on the Node host's
  // SQLite, a transaction that read first and wrote later could find another writer in the way).
  const proofUse = w.proof
    ? [
        db.insert(usedProofs).select(
          db
            .select({ saltHash: sql<string>`${w.proof.saltHash}`.as('salt_hash'), expiresAt: sql<number>`${w.proof.expiresAt}`.as('expires_at') })
            .from(sql`(select 1)`)
            .where(noReplay),
        ),
      ]
    : [];
  const hits = w.rules.length > 0 ? [countHitsWhen(db, w.rules, now, sql`${noReplay} and exists (select 1 from ${notices} where ${targetHolds})`)] : [];
  return [
    ...proofUse,
    ...hits,
    replayAndTargetQuery(db, w.keyHash, w.noticeSlug, row.itemId),
    insertFeedback,
    insertEventWhere(db, byRef, { at: now, type: 'submitted', public: true, toStatus: row.status, actorId: null }),
    db.insert(idempotencyKeys).select(
      db
        .select({
          keyHash: sql<string>`${w.keyHash}`.as('key_hash'),
          requestHash: sql<string>`${w.requestHash}`.as('request_hash'),
          feedbackId: feedback.id,
          sealedQueryCode: sql<string>`${w.sealedQueryCode}`.as('sealed_query_code'),
          createdAt: sql<number>`${now}`.as('created_at'),
        })
        .from(feedback)
        .where(byRef),
    ),
    ...insertPhotosByRef(db, row.ref, w.photos, now),
  ];
}

function replayOf(seen: ReplayAndTargetRow | undefined): StoredReplay | undefined {
  if (!seen || seen.ref === null) return undefined;
  return {
    requestHash: seen.request_hash!,
    sealed: seen.sealed_query_code!,
    ref: seen.ref,
    acknowledgeBy: seen.acknowledge_by!,
    replyBy: seen.reply_by!,
    photos: Number(seen.photos),
  };
}

function targetOf(seen: ReplayAndTargetRow | undefined): TargetRow | undefined {
  if (!seen || seen.notice_id === null) return undefined;
  return {
    noticeId: Number(seen.notice_id),
    refPrefix: seen.ref_prefix!,
    state: seen.state!,
    closedOn: seen.closed_on,
    itemFound: Boolean(seen.item_found),
    calendarStamp: seen.calendar_stamp!,
  };
}

/** The feedback table's columns in its order, and what a public submission leaves at each default. */
const FEEDBACK_COLUMNS = Object.entries(getTableColumns(feedback)).map(([key, column]) => ({
  key: key as keyof typeof feedback.$inferSelect,
  fallback: column.default ?? null,
  required: column.notNull && key !== 'id',
}));

/**
 * The values of the new feedback row as one SELECT list, every column in the table's order
 * (drizzle's insert … select lists them all): the submission's values, the notice's id from the
 * row selected, each other column's default. One list of parameters rather than a field per
 * column: drizzle builds this on every submission, and 42 aliased fields cost it several times more.
 */
function feedbackValues(row: SubmittedRow): SQL {
  const given: Partial<Record<keyof typeof feedback.$inferSelect, unknown>> = {
    ...row,
    id: null,
    channel: 'web',
    receivedTimeUnknown: false,
    enteredBy: null,
    updatedAt: row.receivedAt,
  };
  return sql.join(
    FEEDBACK_COLUMNS.map(({ key, fallback, required }) => {
      if (key === 'noticeId') return NOTICE_ID;
      const value = key in given ? given[key] : fallback;
      if (value === null && required) throw new Error(`feedbackValues: no value for ${key}`);
      return sql.param(typeof value === 'boolean' ? Number(value) : value);
    }),
    sql`, `,
  );
}

/** The unique columns whose refusal fails the batch: the proof's, refusing a solution used before; */
export const PROOF_USED = 'used_proofs.salt_hash';
/** … the idempotency key's, refusing a replay that raced past the batch's first read. */
export const KEY_TAKEN = 'idempotency_keys.key_hash';
/** … the reference's, refusing a new reference that another feedback has. */
export const REF_TAKEN = 'feedback.ref';
