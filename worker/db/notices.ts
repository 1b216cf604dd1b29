/**
 * Queries on notices, their sections and items.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { ItemStatus, ParsedNotice } from '../notice';
import { auditInsertIf, type AuditEntry } from './audit';
import type { Db } from './client';
import { isUniqueViolation } from './unique';
import { historyOfNotice, type StatusChange } from './item-history';
import { itemPhotoPath, publicItemPhotosOfNotice } from './photos';
import { itemComments, items, NOTICE_STATES, noticeSections, notices } from './schema';
import { publicCountsByItem, standingReportersByItem } from './submitters';
import { fullItemLabel } from '../notice/item-label';
import { DISMISSED_STATUSES, isDisputed } from '../staff/items';

export type NoticeState = (typeof NOTICE_STATES)[number];
/** On the public home list, newest first. */
export const LISTED_STATES: readonly NoticeState[] = ['published', 'closed'];
/** Answering at their public address: archived notices stay readable where they are linked. */
export const READABLE_STATES: readonly NoticeState[] = ['published', 'closed', 'archived'];

/** What every list of notices shows of each, public or staff. */
export const noticeSummaryColumns = {
  slug: notices.slug,
  title: notices.title,
  issuer: notices.issuer,
  publishedOn: notices.publishedOn,
  state: notices.state,
  closedOn: notices.closedOn,
};

export interface NoticeSummary {
  slug: string;
  title: string;
  issuer: string;
  publishedOn: string | null;
  state: NoticeState;
  /** When feedback closed; null while it is taken. */
  closedOn: string | null;
  itemCount: number;
}

/**
 * The home list: published and closed notices, newest first (by their date; undated ones after, latest added first).
 * Staff pickers ask for READABLE_STATES: archived notices come last, so that none is chosen by default.
 */
export async function listNotices(db: Db, states: readonly NoticeState[] = LISTED_STATES): Promise<NoticeSummary[]> {
  return db
    .select({ ...noticeSummaryColumns, itemCount: count(items.id) })
    .from(notices)
    .leftJoin(items, eq(items.noticeId, notices.id))
    .where(inArray(notices.state, states as NoticeState[]))
    .groupBy(notices.id)
    .orderBy(sql`${notices.state} = 'archived'`, sql`${notices.publishedOn} desc nulls last`, desc(notices.id));
}

export interface ItemView {
  id: number;
  /** The numbering as the notice writes it ("2."), shown in the notice's own structure. */
  label: string;
  /** The full label (二（三）2) that names the item everywhere else; see notice/item-label.ts. */
  fullLabel: string;
  title: string;
  body: string;
  measures: string;
  status: ItemStatus;
  statusText: string | null;
  feedbackCount: number;
  /**
   * When staff see the item as 有争议 (staff/items.ts isDisputed: the notice says it is
   * done, and enough distinct people report that it is not): how many people reported
   * so. Null when it is not disputed.
   */
  disputedBy: number | null;
  /** Public progress updates, oldest first, each with its photos (served by GET /api/item-photos/:hex). */
  updates: Array<{ id: number; body: string; at: number; photos: UpdatePhoto[] }>;
  /** Each change of the status since the notice was published, oldest first, with its public note. */
  history: StatusChange[];
}

/** A progress update's photo as the public page shows it. */
export interface UpdatePhoto {
  url: string;
  width: number;
  height: number;
}

export interface SectionView {
  id: number;
  label: string;
  heading: string;
  body: string;
  items: ItemView[];
}

export interface PartView extends SectionView {
  categories: SectionView[];
}

export interface NoticeView {
  slug: string;
  state: NoticeState;
  /** When feedback closed; null while it is taken. */
  closedOn: string | null;
  title: string;
  issuer: string;
  publishedOn: string | null;
  refPrefix: string;
  intro: string;
  closing: string;
  contacts: { phone: string | null; address: string | null; email: string | null };
  parts: PartView[];
  itemCount: number;
  feedbackCount: number;
}

/** A notice the public may read (not a draft), by slug. */
export async function findNotice(db: Db, slug: string) {
  return db.select().from(notices).where(and(eq(notices.slug, slug), inArray(notices.state, READABLE_STATES as NoticeState[]))).get();
}

export type NoticeRow = typeof notices.$inferSelect;

/** The whole notice as the public page shows it, or null for a draft or an unknown slug. */
export async function getNoticeView(db: Db, slug: string): Promise<NoticeView | null> {
  const notice = await findNotice(db, slug);
  return notice ? noticeViewOf(db, notice) : null;
}

/** The whole notice, in whatever state, as the public page shows it: seven reads in one round trip. */
export async function noticeViewOf(db: Db, notice: NoticeRow): Promise<NoticeView> {
  const [sections, itemRows, counts, updates, history, reporters, updatePhotos] = await db.batch([
    db.select().from(noticeSections).where(eq(noticeSections.noticeId, notice.id)).orderBy(asc(noticeSections.position)),
    db.select().from(items).where(eq(items.noticeId, notice.id)).orderBy(asc(items.position)),
    // Spam never counts, and one submitter at most a few a day per item (submitters.ts).
    publicCountsByItem(db, notice.id),
    db
      .select({ id: itemComments.id, itemId: itemComments.itemId, body: itemComments.body, at: itemComments.createdAt })
      .from(itemComments)
      .innerJoin(items, eq(items.id, itemComments.itemId))
      .where(and(eq(items.noticeId, notice.id), eq(itemComments.public, true), isNotNull(itemComments.body)))
      .orderBy(asc(itemComments.createdAt)),
    historyOfNotice(db, notice.id),
    // All feedback, as staff without a department see it on the items screen.
    standingReportersByItem(db, notice.id, DISMISSED_STATUSES),
    publicItemPhotosOfNotice(db, notice.id),
  ]);

  const countByItem = new Map(counts.map((r) => [r.itemId, r.n]));
  const reportersByItem = new Map(reporters.map((r) => [r.itemId, r.n]));
  const photosByUpdate = new Map<number, UpdatePhoto[]>();
  for (const p of updatePhotos) {
    const list = photosByUpdate.get(p.commentId) ?? [];
    list.push({ url: itemPhotoPath(p.storageKey), width: p.width, height: p.height });
    photosByUpdate.set(p.commentId, list);
  }
  const updatesByItem = new Map<number, ItemView['updates']>();
  for (const u of updates) {
    const list = updatesByItem.get(u.itemId) ?? [];
    list.push({ id: u.id, body: u.body, at: u.at, photos: photosByUpdate.get(u.id) ?? [] });
    updatesByItem.set(u.itemId, list);
  }
  const historyByItem = new Map<number, StatusChange[]>();
  for (const { itemId, ...change } of history) {
    const list = historyByItem.get(itemId) ?? [];
    list.push(change);
    historyByItem.set(itemId, list);
  }
  const bySection = new Map<number | null, ItemView[]>();
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  for (const it of itemRows) {
    const list = bySection.get(it.sectionId) ?? [];
    const section = it.sectionId === null ? undefined : sectionById.get(it.sectionId);
    const parent = section?.parentId == null ? undefined : sectionById.get(section.parentId);
    list.push({
      id: it.id,
      label: it.label,
      fullLabel: fullItemLabel({ sections: [parent?.label ?? null, section?.label ?? null], item: it.label }),
      title: it.title,
      body: it.body,
      measures: it.measures,
      status: it.status,
      statusText: it.statusText,
      feedbackCount: countByItem.get(it.id) ?? 0,
      disputedBy: disputedBy(it.status, reportersByItem.get(it.id) ?? 0),
      updates: updatesByItem.get(it.id) ?? [],
      history: historyByItem.get(it.id) ?? [],
    });
    bySection.set(it.sectionId, list);
  }
  const view = (s: (typeof sections)[number]): SectionView => ({
    id: s.id, label: s.label, heading: s.heading, body: s.body, items: bySection.get(s.id) ?? [],
  });
  const parts: PartView[] = sections
    .filter((s) => s.level === 'part')
    .map((p) => ({ ...view(p), categories: sections.filter((s) => s.parentId === p.id).map(view) }));

  return {
    slug: notice.slug,
    state: notice.state,
    closedOn: notice.closedOn,
    title: notice.title,
    issuer: notice.issuer,
    publishedOn: notice.publishedOn,
    refPrefix: notice.refPrefix,
    intro: notice.intro,
    closing: notice.closing,
    contacts: { phone: notice.contactPhone, address: notice.contactAddress, email: notice.contactEmail },
    parts,
    itemCount: itemRows.length,
    feedbackCount: counts.reduce((sum, r) => sum + r.n, 0),
  };
}

function disputedBy(status: ItemStatus, standingReporters: number): number | null {
  return isDisputed(status, { standingReporters }) ? standingReporters : null;
}

export interface NoticeMeta {
  slug: string;
  title: string;
  issuer: string;
  publishedOn: string | null;
  refPrefix: string;
  sourceNote: string | null;
  /** The seed publishes at once; notices made in the console start as drafts. */
  state?: NoticeState;
}

/**
 * Stores a parsed notice in one atomic batch. Ids are found by (notice, position)
 * sub-selects, so nothing depends on ids returned mid-way. Returns false, and
 * changes nothing, when a notice with this slug already exists.
 */
export async function insertParsedNotice(db: Db, meta: NoticeMeta, sourceText: string, parsed: ParsedNotice, audit?: AuditEntry): Promise<boolean> {
  const existing = await db.select({ id: notices.id }).from(notices).where(eq(notices.slug, meta.slug)).get();
  if (existing) return false;

  const noticeId = sql`(select id from ${notices} where ${notices.slug} = ${meta.slug})`;
  const sectionAt = (position: number) =>
    sql`(select id from ${noticeSections} where ${noticeSections.noticeId} = ${noticeId} and ${noticeSections.position} = ${position})`;

  const statements = [];
  statements.push(
    db.insert(notices).values({
      ...meta,
      title: meta.title || parsed.title || meta.slug,
      sourceText,
      intro: parsed.intro.join('\n'),
      closing: parsed.closing.join('\n'),
      contactPhone: parsed.contacts.phone,
      contactAddress: parsed.contacts.address,
      contactEmail: parsed.contacts.email,
    }),
  );
  let sectionPos = 0;
  let itemPos = 0;
  const pushItems = (list: ParsedNotice['parts'][number]['items'], section: number) => {
    for (const it of list) {
      statements.push(
        db.insert(items).values({
          noticeId,
          sectionId: sectionAt(section),
          position: itemPos++,
          label: it.label,
          title: it.title,
          body: it.body.join('\n'),
          measuresLabel: it.measuresLabel,
          measures: it.measures,
          statusLabel: it.statusLabel,
          statusText: it.statusText,
          status: it.status,
        }),
      );
    }
  };
  for (const part of parsed.parts) {
    const partPos = sectionPos++;
    statements.push(
      db.insert(noticeSections).values({ noticeId, level: 'part', position: partPos, label: part.label, heading: part.heading, body: part.body.join('\n') }),
    );
    pushItems(part.items, partPos);
    for (const cat of part.categories) {
      const catPos = sectionPos++;
      statements.push(
        db.insert(noticeSections).values({
          noticeId, parentId: sectionAt(partPos), level: 'category', position: catPos, label: cat.label, heading: cat.heading, body: cat.body.join('\n'),
        }),
      );
      pushItems(cat.items, catPos);
    }
  }
  // The entry names the notice by its id, as every later change to it does.
  if (audit) statements.push(auditInsertIf(db, audit, notices, eq(notices.slug, meta.slug), notices.id));
  try {
    await db.batch(statements as [typeof statements[number], ...typeof statements]);
  } catch (err) {
    // Another request stored this slug first; the batch rolled back whole.
    if (isUniqueViolation(err, 'notices.slug')) return false;
    throw err;
  }
  return true;
}

/** Whether a slug or a reference prefix is used by a notice already. */
export async function noticeTaken(db: Db, slug: string, refPrefix: string): Promise<{ slug: boolean; refPrefix: boolean }> {
  const rows = await db
    .select({ slug: notices.slug, refPrefix: notices.refPrefix })
    .from(notices)
    .where(or(eq(notices.slug, slug), eq(notices.refPrefix, refPrefix)));
  return { slug: rows.some((r) => r.slug === slug), refPrefix: rows.some((r) => r.refPrefix === refPrefix) };
}

/** Every notice's slug, whatever its state: what a purge of every cached notice needs (http/notice-cache.ts). */
export async function allNoticeSlugs(db: Db): Promise<string[]> {
  const rows = await db.select({ slug: notices.slug }).from(notices);
  return rows.map((r) => r.slug);
}
