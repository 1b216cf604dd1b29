/**
 * Likely duplicates of one feedback, for the clerk who marks it 重复: feedback
 * on the same notice whose text shares enough of its wording, those on the same
 * item first, within the user's scope, never itself and never spam.
 *
 * The wording is compared through the full-text index the inbox searches
 * (feedback_fts, trigram tokenizer, migration 0001): the feedback's own text is
 * cut into trigrams (runs of letters and digits; punctuation and spaces split
 * them), a spread of at most TRIGRAMS_MAX of them is asked for with OR, and
 * FTS5's bm25 rank picks the CANDIDATES best matches. Rank alone would offer
 * anything sharing one trigram, and its weights (rarer trigrams count for more)
 * mean little while a deployment holds few feedback (a trigram in more than half
 * of them weighs nothing), so each candidate is then scored by the trigrams the
 * two texts share, as a share of the shorter text's: kept from SIMILAR_MIN_SHARE
 * with at least SIMILAR_MIN_SHARED in common. Wording everybody uses
 * ("的问题，希望尽快解决") still counts like any other; the clerk chooses, so a
 * choice too many costs a glance, and typing the reference stays possible.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { FeedbackStatus } from '../staff/workflow';
import type { Db } from './client';
import { withItem } from './feedback-joins';
import { itemOfRow, itemPathColumns } from './item-label';
import { feedback } from './schema';
import { EXCERPT_CHARS, ftsPhrase, inboxWhere, type InboxScope } from './staff-inbox';

export const SIMILAR_MAX = 5;
const TRIGRAMS_MAX = 48;
const CANDIDATES = 30;
export const SIMILAR_MIN_SHARE = 0.3;
export const SIMILAR_MIN_SHARED = 3;

/** The distinct trigrams of the text's runs of letters and digits, lower-cased (the tokenizer folds case too). */
export function trigramsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...run];
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  }
  return out;
}

/** At most `max` of the list, evenly spread over it, so a long text is asked about from beginning to end. */
function spread<T>(list: T[], max: number): T[] {
  if (list.length <= max) return list;
  return Array.from({ length: max }, (_, i) => list[Math.floor((i * list.length) / max)]!);
}

/** How much of the shorter text's wording two texts share: the trigrams in common, and their share of the shorter's. */
export function similarity(a: Set<string>, b: Set<string>): { shared: number; share: number } {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const shorter = Math.min(a.size, b.size);
  return { shared, share: shorter === 0 ? 0 : shared / shorter };
}

export interface SimilarFeedback {
  id: number;
  ref: string;
  status: FeedbackStatus;
  receivedAt: number;
  excerpt: string;
  item: { id: number; fullLabel: string; title: string } | null;
  /** On the same item as the feedback asked about (or both on the notice as a whole). */
  sameItem: boolean;
}

/**
 * Up to SIMILAR_MAX likely duplicates of `of` in `scope`: same item first, then
 * by the share of wording in common.
 */
export async function similarFeedback(
  db: Db,
  of: { id: number; noticeId: number; itemId: number | null; content: string },
  scope: InboxScope,
  now: number,
): Promise<SimilarFeedback[]> {
  const own = trigramsOf(of.content);
  if (own.size === 0) return [];
  const match = spread([...own], TRIGRAMS_MAX).map(ftsPhrase).join(' OR ');
  const ranked = await db.all<{ id: number }>(sql`
    select ${feedback.id} as id
    from feedback_fts join ${feedback} on ${feedback.id} = feedback_fts.rowid
    where feedback_fts match ${match}
      and ${and(eq(feedback.noticeId, of.noticeId), ne(feedback.id, of.id), ne(feedback.status, 'spam'), inboxWhere({}, scope, now))}
    order by feedback_fts.rank
    limit ${CANDIDATES}`);
  if (ranked.length === 0) return [];

  const query = db
    .select({ id: feedback.id, ref: feedback.ref, status: feedback.status, receivedAt: feedback.receivedAt, content: feedback.content, itemId: feedback.itemId, ...itemPathColumns })
    .from(feedback)
    .$dynamic();
  const rows = await withItem(query).where(inArray(feedback.id, ranked.map((r) => r.id)));
  return rows
    .map((r) => ({ r, ...similarity(own, trigramsOf(r.content)), sameItem: r.itemId === of.itemId }))
    .filter((c) => c.shared >= SIMILAR_MIN_SHARED && c.share >= SIMILAR_MIN_SHARE)
    .sort((a, b) => Number(b.sameItem) - Number(a.sameItem) || b.share - a.share || b.r.receivedAt - a.r.receivedAt)
    .slice(0, SIMILAR_MAX)
    .map(({ r, sameItem }) => {
      const chars = [...r.content];
      return {
        id: r.id,
        ref: r.ref,
        status: r.status,
        receivedAt: r.receivedAt,
        excerpt: chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS).join('')}…` : r.content,
        item: itemOfRow(r.itemId, r),
        sameItem,
      };
    });
}
