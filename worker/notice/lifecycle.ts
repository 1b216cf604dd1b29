/**
 * A notice's lifecycle and the edits staff may make to it, enforced on the
 * server. Plain functions: given the notice as stored and what an admin asks
 * for, they return the changes to make, or why it cannot be done. Nothing here
 * knows about HTTP or the database.
 *
 *   draft ─→ published ⇄ closed          (closed: still readable, no new feedback)
 *               │          │
 *               └─→ archived ←┘           (off the home list; its address still answers)
 *                     └─→ closed          (unarchive)
 *
 * An archived notice does not go straight back to published. Unarchiving
 * restores what the public saw before it was archived, a readable notice that
 * takes no feedback; taking feedback again on an old notice is a second,
 * deliberate step (closed → published), confirmed and audited on its own.
 * Nothing returns to draft: once published, people have read it and references
 * have been issued under its prefix.
 *
 * `closed_on` is the day (Asia/Shanghai) from which feedback was no longer
 * taken: set when a published notice is closed or archived, kept through
 * archiving and unarchiving, cleared when feedback reopens.
 */
import type { ITEM_STATUSES, NOTICE_STATES } from '../db/schema';

export type NoticeState = (typeof NOTICE_STATES)[number];
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const NEXT_STATES: Record<NoticeState, readonly NoticeState[]> = {
  draft: ['published'],
  published: ['closed', 'archived'],
  closed: ['published', 'archived'],
  archived: ['closed'],
};

/** The changes that stop feedback, and so take a closing date. */
const STOPS_FEEDBACK = (from: NoticeState, to: NoticeState) => from === 'published' && (to === 'closed' || to === 'archived');

/** Reference prefixes as references carry them (feedback/codes.ts REF_PATTERN). */
export const REF_PREFIX = /^[A-Z]{2,3}$/;
export const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** Slugs that name a path beside the notices: the console's #/notices/new, the API's /api/staff/notices/parse. */
export const RESERVED_SLUGS: readonly string[] = ['new', 'parse'];
export const TITLE_MAX = 200;
export const ISSUER_MAX = 100;
export const ITEM_LABEL_MAX = 20;
export const ITEM_TITLE_MAX = 1000;
export const ITEM_TEXT_MAX = 20_000;
export const STATUS_TEXT_MAX = 1000;
/** The public note of a change of an item's status. */
export const STATUS_NOTE_MAX = 500;
/** Where a notice's text comes from (its address or a description), as given when it is put online. */
export const SOURCE_NOTE_MAX = 1000;

export interface NoticeFacts {
  state: NoticeState;
  closedOn: string | null;
  publishedOn: string | null;
}

export type StateRule = 'closedOn.future' | 'closedOn.beforePublished' | 'closedOn.notApplicable';

export type StatePlan =
  | { ok: true; changes: { state: NoticeState; closedOn: string | null } }
  | { ok: false; refusal: { kind: 'same'; state: NoticeState } | { kind: 'illegal'; from: NoticeState; to: NoticeState } | { kind: 'invalid'; fields: { closedOn: StateRule } } };

/** What changes when a notice moves to `to`; `closedOn` as asked (a valid date), `today` in Asia/Shanghai. */
export function planStateChange(notice: NoticeFacts, to: NoticeState, closedOn: string | undefined, today: string): StatePlan {
  const from = notice.state;
  if (from === to) return { ok: false, refusal: { kind: 'same', state: from } };
  if (!NEXT_STATES[from].includes(to)) return { ok: false, refusal: { kind: 'illegal', from, to } };
  if (!STOPS_FEEDBACK(from, to)) {
    if (closedOn !== undefined) return { ok: false, refusal: { kind: 'invalid', fields: { closedOn: 'closedOn.notApplicable' } } };
    return { ok: true, changes: { state: to, closedOn: to === 'published' ? null : notice.closedOn } };
  }
  const day = closedOn ?? today;
  if (day > today) return { ok: false, refusal: { kind: 'invalid', fields: { closedOn: 'closedOn.future' } } };
  if (notice.publishedOn && day < notice.publishedOn) return { ok: false, refusal: { kind: 'invalid', fields: { closedOn: 'closedOn.beforePublished' } } };
  return { ok: true, changes: { state: to, closedOn: day } };
}

/** Whether the public may send feedback on a notice in this state. */
export function takesFeedback(state: NoticeState): boolean {
  return state === 'published';
}

/**
 * Fields fixed once a notice is out of draft: the slug is in every link shared,
 * the prefix starts every reference issued.
 */
export const DRAFT_ONLY_FIELDS = ['slug', 'refPrefix'] as const;
export type DraftOnlyField = (typeof DRAFT_ONLY_FIELDS)[number];

/** The draft-only fields among `changed` that may not change in this state. */
export function lockedFields(state: NoticeState, changed: readonly string[]): DraftOnlyField[] {
  if (state === 'draft') return [];
  return DRAFT_ONLY_FIELDS.filter((f) => changed.includes(f));
}

export type StatusRule = 'changedOn.future' | 'changedOn.beforeLast' | 'changedOn.beforePublished';

export type StatusPlan =
  | { ok: true; change: { from: ItemStatus; to: ItemStatus; changedOn: string } }
  | { ok: false; refusal: { kind: 'draft' } | { kind: 'unchanged'; status: ItemStatus } | { kind: 'invalid'; fields: { changedOn: StatusRule } } };

/**
 * A change of an item's status as work goes on. Only once the notice is out of
 * draft: a draft's statuses are corrected, not changed over time. Dated today
 * unless given; never in the future, nor before the last recorded change (the
 * history reads in order, each change from the status the one before left) or
 * before the notice's own date.
 */
export function planStatusChange(
  notice: Pick<NoticeFacts, 'state' | 'publishedOn'>,
  item: { status: ItemStatus; lastChangedOn: string | null },
  to: ItemStatus,
  changedOn: string | undefined,
  today: string,
): StatusPlan {
  if (notice.state === 'draft') return { ok: false, refusal: { kind: 'draft' } };
  if (item.status === to) return { ok: false, refusal: { kind: 'unchanged', status: to } };
  const day = changedOn ?? today;
  if (day > today) return { ok: false, refusal: { kind: 'invalid', fields: { changedOn: 'changedOn.future' } } };
  if (item.lastChangedOn && day < item.lastChangedOn) return { ok: false, refusal: { kind: 'invalid', fields: { changedOn: 'changedOn.beforeLast' } } };
  if (notice.publishedOn && day < notice.publishedOn) return { ok: false, refusal: { kind: 'invalid', fields: { changedOn: 'changedOn.beforePublished' } } };
  return { ok: true, change: { from: item.status, to, changedOn: day } };
}

/**
 * The fields of a change that actually differ from what is stored, so that an
 * edit sending a whole form changes, and audits, only what was changed.
 */
export function differences<T extends object>(stored: T, wanted: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(wanted) as Array<keyof T>) {
    if (wanted[key] !== undefined && wanted[key] !== stored[key]) out[key] = wanted[key];
  }
  return out;
}
