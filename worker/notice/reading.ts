/**
 * The parser's reading of a notice as staff review it: the text cut into
 * pieces (a source line, cut again where a measures or status label or an
 * "一是/二是" starts mid-line), each with the role it plays. Roles are the
 * corrections' currency: staff change roles, `buildNotice` (build.ts) turns
 * roles back into a structure, and the lossless check guards the result.
 *
 * The roles of the parser's own reading are found by aligning its fields with
 * the pieces, character by character, so this module depends on what the
 * parser produces (its contract: every non-blank character once, in order),
 * not on how it gets there.
 */
import { findLabels, type LabelRole } from './labels';
import { readLines } from './lines';
import { readNumbering, type NumberingStyle } from './numbering';
import { parseNotice } from './parse';
import type { ParsedItem, ParsedNotice } from './types';

/**
 * What a piece starts: the notice's title, a part (一、), a category ((一)), an
 * item, an item's measures or status section, or the closing; or 'text', which
 * continues whatever came before it.
 */
export const PIECE_ROLES = ['title', 'part', 'category', 'item', 'measures', 'status', 'text', 'closing'] as const;
export type PieceRole = (typeof PIECE_ROLES)[number];

/** A level that can form the items: a numbering style of GB/T 9704, or "一是/二是" ordinals. */
export const ITEM_LEVELS = ['chinese', 'chinese-paren', 'arabic', 'arabic-paren', 'circled', 'ordinal'] as const;
export type ItemLevel = NumberingStyle | 'ordinal';

export interface Piece {
  /** 0-based source line. */
  line: number;
  /** Where the piece is in its trimmed source line. */
  start: number;
  end: number;
  /** The piece as written, trimmed. */
  text: string;
  /** The numbering the piece starts with, if any. */
  numbering: ItemLevel | null;
  /** A measures or status label the piece starts with, if any. */
  label: LabelRole | null;
}

export interface Reading {
  /** The trimmed source lines, by line number (blank ones are ''). */
  lines: string[];
  pieces: Piece[];
}

// Every separator here is also matched by \s, so splitting loses nothing (as in lines.ts).
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;
/** "一是", "二是" … at the start of a piece. */
export const ORDINAL = /^[一二三四五六七八九十]+是/;
// An ordinal starts a piece after a sentence or a clause: "…问题，一是…。二是…".
const ORDINAL_MID = /(?<=[。；;！!？?，,：:])\s*(?=[一二三四五六七八九十]+是[^，,、。；;\s])/g;

/** The pieces of a notice's text, in order. */
export function readPieces(source: string): Reading {
  const lines = source.split(LINE_BREAK).map((l) => l.trim());
  const pieces: Piece[] = [];
  for (const l of readLines(source)) {
    const text = lines[l.line]!;
    const cuts = [l.start];
    ORDINAL_MID.lastIndex = 0;
    const region = text.slice(l.start, l.end);
    for (let m = ORDINAL_MID.exec(region); m; m = ORDINAL_MID.exec(region)) {
      const at = l.start + m.index + m[0].length;
      if (at > cuts.at(-1)! && at < l.end) cuts.push(at);
      ORDINAL_MID.lastIndex = m.index + Math.max(m[0].length, 1);
    }
    cuts.push(l.end);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const piece = pieceOf(text, l.line, cuts[i]!, cuts[i + 1]!);
      if (piece.text !== '') pieces.push(piece);
    }
  }
  return { lines, pieces };
}

function pieceOf(lineText: string, line: number, start: number, end: number): Piece {
  const text = lineText.slice(start, end).trim();
  const label = findLabels(text)[0];
  return {
    line,
    start,
    end,
    text,
    numbering: readNumbering(text)?.style ?? (ORDINAL.test(text) && text.replace(ORDINAL, '').trim() !== '' ? 'ordinal' : null),
    label: label?.start === 0 ? label.role : null,
  };
}

const squash = (text: string): string => text.replace(/\s+/g, '');

/** A field of the parsed notice with the role of the piece that starts it. */
interface Segment {
  text: string;
  role: PieceRole;
}

function itemSegments(i: ParsedItem): Segment[] {
  return [
    { text: i.label, role: 'item' },
    { text: i.title, role: 'text' },
    ...i.body.map((text): Segment => ({ text, role: 'text' })),
    { text: i.measuresLabel ?? '', role: 'measures' },
    { text: i.measures, role: 'text' },
    { text: i.statusLabel ?? '', role: 'status' },
    { text: i.statusText ?? '', role: 'text' },
  ];
}

/** The parsed notice's fields in document order (the order of noticeFields), each with its role. */
function segments(n: ParsedNotice): Segment[] {
  const text = (lines: readonly string[]): Segment[] => lines.map((t) => ({ text: t, role: 'text' }));
  return [
    { text: n.title ?? '', role: 'title' },
    ...text(n.intro),
    ...n.parts.flatMap((p): Segment[] => {
      const children = [
        ...p.categories.map((c) => ({ line: c.line, segments: [{ text: c.label + c.heading, role: 'category' } as Segment, ...text(c.body), ...c.items.flatMap(itemSegments)] })),
        ...p.items.map((i) => ({ line: i.line, segments: itemSegments(i) })),
      ].sort((a, b) => a.line - b.line);
      return [{ text: p.label + p.heading, role: 'part' }, ...text(p.body), ...children.flatMap((c) => c.segments)];
    }),
    ...n.closing.map((t): Segment => ({ text: t, role: 'closing' })),
  ];
}

/**
 * The role of each piece in the parser's reading. A piece takes the role of the
 * field its first character starts; a piece that starts inside a field
 * continues it ('text'), except in the title and the closing, which run on.
 */
export function rolesOf(reading: Reading, parsed: ParsedNotice): PieceRole[] {
  // Counted in UTF-16 code units, not code points: a lone high surrogate ending one line and a
  // lone low one starting the next are two pieces, but one code point once the parser joins
  // the lines into a title, which would shift every role after them by one.
  const stream: Array<{ role: PieceRole; first: boolean }> = [];
  for (const s of segments(parsed)) {
    const units = squash(s.text).length;
    for (let i = 0; i < units; i++) stream.push({ role: s.role, first: i === 0 });
  }
  let at = 0;
  return reading.pieces.map((p) => {
    const here = stream[at];
    at += squash(p.text).length;
    if (!here) return 'text';
    if (here.role === 'title' || here.role === 'closing') return here.role;
    return here.first ? here.role : 'text';
  });
}

/** The parser's reading of a notice: its pieces and their roles. */
export function readNotice(source: string): Reading & { roles: PieceRole[]; parsed: ParsedNotice } {
  const reading = readPieces(source);
  const parsed = parseNotice(source);
  return { ...reading, parsed, roles: rolesOf(reading, parsed) };
}

const RANK: Record<ItemLevel, number> = { chinese: 1, 'chinese-paren': 2, arabic: 3, 'arabic-paren': 4, circled: 5, ordinal: 6 };

/** The levels present in the text, highest first, with how many pieces start with each. */
export function levelsOf(reading: Reading): Array<{ level: ItemLevel; count: number }> {
  const counts = new Map<ItemLevel, number>();
  for (const p of reading.pieces) if (p.numbering) counts.set(p.numbering, (counts.get(p.numbering) ?? 0) + 1);
  return [...counts].map(([level, count]) => ({ level, count })).sort((a, b) => RANK[a.level] - RANK[b.level]);
}

/**
 * Roles with the items formed at one level: pieces numbered at that level start
 * items; the highest level above it forms the parts and the levels between form
 * categories; numbering below it is text of the items. Labels start measures and
 * status sections; the title and the closing stay as they were.
 */
export function rolesForLevel(reading: Reading, roles: readonly PieceRole[], level: ItemLevel): PieceRole[] {
  const above = levelsOf(reading).map((l) => l.level).filter((l) => RANK[l] < RANK[level]);
  let inItem = false;
  return reading.pieces.map((p, i) => {
    const was = roles[i]!;
    if (was === 'title' || was === 'closing') return was;
    if (p.numbering === level) {
      inItem = true;
      return 'item';
    }
    if (p.numbering && above.includes(p.numbering)) {
      inItem = false;
      return p.numbering === above[0] ? 'part' : 'category';
    }
    // A label opens a section of an item; outside one it is prose.
    return inItem && p.label ? p.label : 'text';
  });
}
