/**
 * Maps the outline onto parts, categories and items. Whether a heading is an
 * item does not depend on its numbering style (notices number items 1. or
 * （一） or （1））, but on its content: an item has a measures or status label,
 * and so do the siblings of an item that lacks one. Everything else is a
 * container: a top-level heading is a part, the one below it a category.
 */
import { readItem } from './item';
import { joinRuns } from './lines';
import { splitHeading } from './numbering';
import type { OutlineNode } from './outline';
import type { ParsedCategory, ParsedItem, ParsedPart } from './types';

export function assembleParts(roots: readonly OutlineNode[]): ParsedPart[] {
  const parts: ParsedPart[] = [];
  for (const root of roots) {
    if (!isItem(root, roots)) {
      parts.push(readPart(root));
      continue;
    }
    const last = parts.at(-1);
    if (last?.implicit) last.items.push(readItem(root));
    else parts.push(implicitPart(readItem(root)));
  }
  return parts;
}

function readPart(node: OutlineNode): ParsedPart {
  const part: ParsedPart = { ...container(node), categories: [], items: [], implicit: false };
  for (const child of node.children) {
    if (isItem(child, node.children)) part.items.push(readItem(child));
    else part.categories.push(readCategory(child));
  }
  return part;
}

function readCategory(node: OutlineNode): ParsedCategory {
  return { ...container(node), items: itemsUnder(node.children) };
}

/**
 * Items below a category. The format has no level below it, so a further
 * container keeps its heading as an item of its own, followed by its items.
 */
function itemsUnder(nodes: readonly OutlineNode[]): ParsedItem[] {
  return nodes.flatMap((node) =>
    isItem(node, nodes) ? [readItem(node)] : [readItem({ ...node, children: [] }), ...itemsUnder(node.children)],
  );
}

function container(node: OutlineNode): { label: string; heading: string; body: string[]; line: number } {
  const { heading, after } = splitHeading(node.numbering.rest);
  return {
    label: node.numbering.label,
    heading,
    body: [...(after === null ? [] : [after]), ...joinRuns(node.content)],
    line: node.heading.line,
  };
}

function implicitPart(item: ParsedItem): ParsedPart {
  return { label: '', heading: '', body: [], categories: [], items: [item], line: item.line, implicit: true };
}

/**
 * A labelled node is an item. An unlabelled one is an item when a sibling of
 * the same level is, unless its children look like items themselves: a
 * sibling item without 整改措施 may have had its "（1）（2）" read as headings,
 * with the status label landing on the last of them.
 */
function isItem(node: OutlineNode, siblings: readonly OutlineNode[]): boolean {
  if (node.hasLabel) return true;
  const level = node.numbering.level;
  if (!siblings.some((s) => s !== node && s.hasLabel && s.numbering.level === level)) return false;
  const labelledChildren = node.children.filter((c) => c.hasLabel).length;
  return labelledChildren <= 1 && (node.children.length === 0 || labelledChildren < node.children.length);
}
