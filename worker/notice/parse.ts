/**
 * Parses the text of a rectification notice as published. Pure: no I/O. It
 * never throws and never drops text: whatever it cannot place in the
 * structure stays in the intro, a body or a section as prose.
 */
import { assembleParts } from './assemble';
import { findContacts } from './contacts';
import { closingStart, titleLength } from './frame';
import { joinRuns, readLines } from './lines';
import { buildOutline } from './outline';
import type { ParsedNotice } from './types';

export function parseNotice(text?: string | null): ParsedNotice {
  const source = typeof text === 'string' ? text : '';
  const lines = readLines(source);
  const titleLines = titleLength(lines);
  const rest = lines.slice(titleLines);
  const closing = closingStart(rest);
  const outline = buildOutline(rest.slice(0, closing));
  return {
    title: titleLines === 0 ? null : lines.slice(0, titleLines).map((l) => l.text).join(''),
    intro: joinRuns(outline.preamble),
    parts: assembleParts(outline.roots),
    closing: joinRuns(rest.slice(closing)),
    contacts: findContacts(source),
  };
}
