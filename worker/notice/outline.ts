/**
 * Builds the outline of numbered headings: each heading opens a node that
 * holds the lines up to its first sub-heading, and sub-headings nest by level.
 *
 * Once a node has a label (整改措施：…), it is an item, and deeper numbering
 * after that is the item's own enumeration ("（1）…（2）…" in its measures),
 * not new headings.
 */
import { asText, type LogicalLine } from './lines';
import type { Numbering } from './numbering';

export interface OutlineNode {
  heading: LogicalLine & { kind: 'heading' };
  numbering: Numbering;
  content: LogicalLine[];
  children: OutlineNode[];
  /** Whether a label was read directly in this node's content. */
  hasLabel: boolean;
}

export interface Outline {
  /** Lines before the first heading, all as prose. */
  preamble: LogicalLine[];
  roots: OutlineNode[];
}

export function buildOutline(lines: readonly LogicalLine[]): Outline {
  // Before the first 一、 heading, numbered lines are lists in the intro.
  const firstTop = lines.findIndex((l) => l.kind === 'heading' && l.numbering.level === 1);
  const preamble: LogicalLine[] = [];
  const roots: OutlineNode[] = [];
  const open: OutlineNode[] = [];

  lines.forEach((l, i) => {
    const top = open.at(-1);
    if (l.kind === 'heading' && i >= firstTop && !(top?.hasLabel && l.numbering.level > top.numbering.level)) {
      while ((open.at(-1)?.numbering.level ?? 0) >= l.numbering.level) open.pop();
      const node: OutlineNode = { heading: l, numbering: l.numbering, content: [], children: [], hasLabel: false };
      (open.at(-1)?.children ?? roots).push(node);
      open.push(node);
      return;
    }
    if (!top) {
      preamble.push(asText(l));
      return;
    }
    if (l.kind === 'label') top.hasLabel = true;
    top.content.push(l.kind === 'heading' ? asText(l) : l);
  });

  return { preamble, roots };
}
