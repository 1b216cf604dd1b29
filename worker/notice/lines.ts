/**
 * Splits a notice into logical lines: each non-blank source line, cut again
 * where an item label starts mid-line, and classified as heading, label or
 * prose. Positions are kept so that pieces of one source line can be joined
 * back as written.
 */
import { findLabels, type LabelRole } from './labels';
import { readNumbering, type Numbering } from './numbering';

interface Span {
  /** 0-based index of the source line. */
  line: number;
  /** The trimmed source line this piece was cut from. */
  source: string;
  start: number;
  end: number;
  /** source.slice(start, end), trimmed. */
  text: string;
}

export type LogicalLine =
  | (Span & { kind: 'text' })
  | (Span & { kind: 'heading'; numbering: Numbering })
  | (Span & { kind: 'label'; role: LabelRole; label: string; rest: string });

// Every separator here is also matched by \s, so splitting loses nothing.
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

export function readLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  text.split(LINE_BREAK).forEach((raw, line) => {
    const source = raw.trim();
    if (source !== '') out.push(...cutLine(source, line));
  });
  return out;
}

function cutLine(source: string, line: number): LogicalLine[] {
  const labels = findLabels(source);
  const out: LogicalLine[] = [];
  const firstLabel = labels[0]?.start ?? source.length;
  if (firstLabel > 0) {
    const span = spanOf(source, line, 0, firstLabel);
    const numbering = readNumbering(span.text);
    out.push(numbering ? { ...span, kind: 'heading', numbering } : { ...span, kind: 'text' });
  }
  labels.forEach((label, i) => {
    const end = labels[i + 1]?.start ?? source.length;
    const span = spanOf(source, line, label.start, end);
    out.push({
      ...span,
      kind: 'label',
      role: label.role,
      label: source.slice(label.start, label.end).trim(),
      rest: source.slice(label.end, end).trim(),
    });
  });
  return out;
}

function spanOf(source: string, line: number, start: number, end: number): Span {
  return { line, source, start, end, text: source.slice(start, end).trim() };
}

/** A piece that lost its role (a heading inside measures, a stray label) read as prose. */
export function asText(l: LogicalLine): LogicalLine {
  return { line: l.line, source: l.source, start: l.start, end: l.end, text: l.text, kind: 'text' };
}

/**
 * The text of consecutive pieces, one string per source line: pieces cut from
 * the same line are joined back as written.
 */
export function joinRuns(lines: readonly LogicalLine[]): string[] {
  const out: string[] = [];
  let run: LogicalLine | null = null;
  let runEnd = 0;
  const flush = () => {
    if (run) out.push(run.source.slice(run.start, runEnd).trim());
  };
  for (const l of lines) {
    if (run && l.line === run.line && l.start === runEnd) {
      runEnd = l.end;
      continue;
    }
    flush();
    run = l;
    runEnd = l.end;
  }
  flush();
  return out;
}
