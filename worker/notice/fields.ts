/**
 * Every text field of a parsed notice in document order. Joined, they give
 * back every non-blank character of the notice, which is how the parser (and
 * anyone auditing it) shows that nothing was lost.
 */
import type { ParsedCategory, ParsedItem, ParsedNotice, ParsedPart } from './types';

export function noticeFields(n: ParsedNotice): string[] {
  return [
    ...(n.title === null ? [] : [n.title]),
    ...n.intro,
    ...n.parts.flatMap(partFields),
    ...(n.closing ?? []),
  ];
}

function partFields(p: ParsedPart): string[] {
  // Items directly under a part may come before, between or after its categories.
  const children = [
    ...p.categories.map((c) => ({ line: c.line, fields: categoryFields(c) })),
    ...p.items.map((i) => ({ line: i.line, fields: itemFields(i) })),
  ].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return [p.label, p.heading, ...p.body, ...children.flatMap((c) => c.fields)];
}

function categoryFields(c: ParsedCategory): string[] {
  return [c.label, c.heading, ...c.body, ...c.items.flatMap(itemFields)];
}

function itemFields(i: ParsedItem): string[] {
  const optional = [i.measuresLabel, i.measures, i.statusLabel, i.statusText];
  return [i.label, i.title, ...i.body, ...optional.filter((f): f is string => f !== null)];
}
