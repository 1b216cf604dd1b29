/**
 * A notice's text as staff review it before saving: every piece with its role
 * and where it went, the items that result, the levels that could form the
 * items instead, the problems that stop a save, and the lossless check. One
 * function serves the first reading and every correction after it.
 */
import { buildNotice, type Place } from './build';
import { findContacts } from './contacts';
import { checkLossless, type Lossless } from './lossless';
import { buildProblemMessages } from './messages';
import { levelsOf, readNotice, rolesForLevel, type ItemLevel, type PieceRole } from './reading';
import type { ItemStatus, NoticeContacts, ParsedNotice } from './types';

export interface ReviewPiece {
  line: number;
  text: string;
  role: PieceRole;
  numbering: ItemLevel | null;
  /** Where the piece went (null while there are problems); `item` is the index in `items`, null when it is not in an item. */
  place: Place | null;
  item: number | null;
}

export interface ReviewItem {
  /** The piece that starts the item: the key of a status correction. */
  piece: number;
  label: string;
  title: string;
  status: ItemStatus;
  statusText: string | null;
  hasMeasures: boolean;
  /** Labels of the part and category it is in ('' when none), e.g. 二、 (三). */
  part: string;
  category: string;
}

export interface Review {
  /** The title the text starts with, offered for the title field. */
  title: string | null;
  contacts: NoticeContacts;
  levels: Array<{ level: ItemLevel; count: number }>;
  level: ItemLevel | null;
  pieces: ReviewPiece[];
  items: ReviewItem[];
  problems: Array<{ piece: number; message: string }>;
  /** Null while there are problems: nothing was built to check. */
  lossless: Lossless | null;
  /** The structure to save; null while there are problems. */
  notice: ParsedNotice | null;
}

export interface Corrections {
  /** Form the items at this level (applied before `roles`, which replace it wholesale). */
  level: ItemLevel | null;
  roles: readonly PieceRole[] | null;
  statuses: ReadonlyMap<number, ItemStatus>;
}

/** The review of a text with corrections; 'rolesMismatch' when the roles were made for another text. */
export function readNoticeForReview(text: string, c: Corrections): Review | 'rolesMismatch' {
  const reading = readNotice(text);
  if (c.roles && c.roles.length !== reading.pieces.length) return 'rolesMismatch';
  const roles = c.roles ?? (c.level ? rolesForLevel(reading, reading.roles, c.level) : reading.roles);
  const built = buildNotice(reading, roles, c.statuses);
  const base = {
    title: reading.parsed.title,
    contacts: findContacts(text),
    levels: levelsOf(reading),
    level: c.level,
  };
  if (!built.ok) {
    const problems = built.problems.map((p) => ({ piece: p.piece, message: buildProblemMessages[p.problem] }));
    // Where pieces went is unknown until the problems are mended: no place, nothing checked.
    const pieces = reading.pieces.map((p, i) => ({ line: p.line, text: p.text, role: roles[i]!, numbering: p.numbering, place: null, item: null }));
    return { ...base, pieces, items: [], problems, lossless: null, notice: null };
  }
  const notice = { ...built.notice, contacts: base.contacts };
  const items: ReviewItem[] = [];
  for (const part of notice.parts) {
    const inPart = [...part.items, ...part.categories.flatMap((cat) => cat.items.map((i) => ({ ...i, category: cat.label })))];
    for (const i of inPart.sort((a, b) => a.line - b.line)) {
      items.push({
        piece: i.line, label: i.label, title: i.title, status: i.status, statusText: i.statusText, hasMeasures: i.measures !== '',
        part: part.label, category: 'category' in i ? String(i.category) : '',
      });
    }
  }
  return {
    ...base,
    pieces: reading.pieces.map((p, i) => ({ line: p.line, text: p.text, role: roles[i]!, numbering: p.numbering, ...built.places[i]! })),
    items,
    problems: [],
    lossless: checkLossless(text, notice),
    notice,
  };
}
