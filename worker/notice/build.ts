/**
 * Builds a notice's structure from the roles of its pieces (reading.ts): the
 * inverse of the reading, so that staff correct the parser by changing roles
 * and never retype text. Pure and total: any roles give either a structure or
 * the pieces whose roles cannot stand where they are.
 *
 * Text goes where a reader would put it: before the first part, into the
 * intro; after a heading, into its section's prose; inside an item, into its
 * body until a measures or status section starts, then into that section.
 * Pieces cut from one source line that land in the same field are joined back
 * as written. Ids of items are the indexes of the pieces that start them.
 */
import { findLabels } from './labels';
import { readNumbering, splitHeading } from './numbering';
import { ORDINAL, type Piece, type PieceRole, type Reading } from './reading';
import { normaliseStatus } from './status';
import type { ItemStatus, ParsedCategory, ParsedItem, ParsedNotice, ParsedPart } from './types';

export type BuildProblem = 'titleNotFirst' | 'afterClosing' | 'sectionWithoutItem';

/** Where a piece went: which field, and which item (by its place in document order) if any. */
export type Place = 'title' | 'intro' | 'part' | 'category' | 'item' | 'body' | 'measures' | 'status' | 'closing';
export interface PiecePlace {
  place: Place;
  item: number | null;
}

export type Built =
  | {
      ok: true;
      notice: ParsedNotice;
      /** For each item in document order, the index of the piece that starts it. */
      itemPieces: number[];
      places: PiecePlace[];
    }
  | { ok: false; problems: Array<{ piece: number; problem: BuildProblem }> };

/** Lines of one field; pieces of one source line that follow each other are one line, as written. */
class Field {
  readonly lines: string[] = [];
  private last: { line: number; start: number; end: number } | null = null;
  constructor(private readonly source: readonly string[]) {}

  add(line: number, start: number, end: number): void {
    const text = this.source[line]!.slice(start, end).trim();
    if (text === '') return;
    if (this.last && this.last.line === line && this.last.end === start) {
      this.last.end = end;
      this.lines[this.lines.length - 1] = this.source[line]!.slice(this.last.start, end).trim();
      return;
    }
    this.last = { line, start, end };
    this.lines.push(text);
  }
}

/** A heading piece's numbering, heading text, and where the rest of its line starts. */
function heading(source: readonly string[], p: Piece) {
  const numbering = readNumbering(p.text);
  const ordinal = numbering ? null : ORDINAL.exec(p.text)?.[0] ?? null;
  const label = numbering?.label ?? ordinal ?? '';
  const rest = numbering?.rest ?? p.text.slice(label.length).trim();
  const { heading: title, after } = rest === '' ? { heading: '', after: null } : splitHeading(rest);
  const raw = source[p.line]!.slice(p.start, p.end);
  const afterStart = after === null ? p.end : p.start + raw.lastIndexOf(after);
  return { label, title, afterStart };
}

interface ItemDraft {
  item: ParsedItem;
  body: Field;
  measures: Field;
  status: Field;
  phase: 'body' | 'measures' | 'status';
}

export function buildNotice(reading: Reading, roles: readonly PieceRole[], statuses: ReadonlyMap<number, ItemStatus> = new Map()): Built {
  const { lines: source, pieces } = reading;
  const problems: Array<{ piece: number; problem: BuildProblem }> = [];
  const title = new Field(source);
  const intro = new Field(source);
  const closing = new Field(source);
  const parts: ParsedPart[] = [];
  const bodies = new Map<object, Field>();
  const drafts: ItemDraft[] = [];
  const itemPieces: number[] = [];
  const places: PiecePlace[] = [];
  const went = (place: Place, item: number | null = null) => places.push({ place, item });
  let part: ParsedPart | null = null;
  let category: ParsedCategory | null = null;
  let current: ItemDraft | null = null;
  let closed = false;
  let started = false;

  const bodyOf = (section: object) => {
    const f = bodies.get(section) ?? new Field(source);
    bodies.set(section, f);
    return f;
  };
  const ensurePart = (line: number): ParsedPart => {
    if (part) return part;
    part = { label: '', heading: '', body: [], categories: [], items: [], line, implicit: true };
    parts.push(part);
    return part;
  };

  pieces.forEach((p, i) => {
    const role = roles[i] ?? 'text';
    if (role === 'title') {
      if (started) problems.push({ piece: i, problem: 'titleNotFirst' });
      title.add(p.line, p.start, p.end);
      went('title');
      return;
    }
    started = true;
    if (closed || role === 'closing') {
      if (closed && role !== 'text' && role !== 'closing') problems.push({ piece: i, problem: 'afterClosing' });
      closed = true;
      closing.add(p.line, p.start, p.end);
      went('closing');
      return;
    }
    switch (role) {
      case 'part':
      case 'category': {
        const h = heading(source, p);
        const section = { label: h.label, heading: h.title, body: [], line: i };
        if (role === 'part') {
          part = { ...section, categories: [], items: [], implicit: false };
          parts.push(part);
          category = null;
        } else {
          category = { ...section, items: [] };
          ensurePart(i).categories.push(category);
        }
        current = null;
        bodyOf(role === 'part' ? part! : category!).add(p.line, h.afterStart, p.end);
        went(role);
        return;
      }
      case 'item': {
        const h = heading(source, p);
        const item: ParsedItem = {
          label: h.label, title: h.title, body: [], measuresLabel: null, measures: '', statusLabel: null, statusText: null, status: 'unknown', line: i,
        };
        current = { item, body: new Field(source), measures: new Field(source), status: new Field(source), phase: 'body' };
        current.body.add(p.line, h.afterStart, p.end);
        drafts.push(current);
        itemPieces.push(i);
        went('item', drafts.length - 1);
        (category ? category.items : ensurePart(i).items).push(item);
        return;
      }
      case 'measures':
      case 'status': {
        if (!current) {
          problems.push({ piece: i, problem: 'sectionWithoutItem' });
          went('intro');
          return;
        }
        const label = findLabels(p.text)[0];
        const at = label?.start === 0 ? label : null;
        // A second section of a kind, or measures after the status, continue the section it is in.
        const opens = role === 'measures' ? current.phase === 'body' : current.phase !== 'status';
        if (!opens) {
          current[current.phase].add(p.line, p.start, p.end);
          went(current.phase, drafts.length - 1);
          return;
        }
        const labelText = at ? p.text.slice(0, at.end).trim() : '';
        if (role === 'measures') current.item.measuresLabel = labelText;
        else current.item.statusLabel = labelText;
        current.phase = role;
        const raw = source[p.line]!.slice(p.start, p.end);
        const restStart = at ? p.start + raw.indexOf(p.text) + at.end : p.start;
        current[role].add(p.line, restStart, p.end);
        went(role, drafts.length - 1);
        return;
      }
      default: {
        if (current) {
          current[current.phase].add(p.line, p.start, p.end);
          went(current.phase, drafts.length - 1);
        } else if (category || part) {
          bodyOf((category ?? part)!).add(p.line, p.start, p.end);
          went(category ? 'category' : 'part');
        } else {
          intro.add(p.line, p.start, p.end);
          went('intro');
        }
      }
    }
  });

  if (problems.length > 0) return { ok: false, problems };

  for (const d of drafts) {
    d.item.body = d.body.lines;
    d.item.measures = d.measures.lines.join('\n');
    if (d.item.statusLabel !== null) d.item.statusText = d.status.lines.join('\n');
  }
  drafts.forEach((d, n) => {
    d.item.status = statuses.get(itemPieces[n]!) ?? normaliseStatus(d.item.statusText);
  });
  for (const p of parts) {
    p.body = bodies.get(p)?.lines ?? [];
    for (const c of p.categories) c.body = bodies.get(c)?.lines ?? [];
  }
  return {
    ok: true,
    notice: {
      title: title.lines.length === 0 ? null : title.lines.join(''),
      intro: intro.lines,
      parts,
      closing: closing.lines,
      contacts: { phone: null, address: null, email: null },
    },
    itemPieces,
    places,
  };
}
