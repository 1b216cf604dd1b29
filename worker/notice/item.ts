/**
 * Reads one item: its heading, then prose, then the measures section, then
 * the status section, in the order notices write them. A section that comes
 * out of that order (a second 整改措施 after the status) stays as text of the
 * section it appears in, so the text keeps its order.
 */
import type { LogicalLine } from './lines';
import { joinRuns, asText } from './lines';
import { splitHeading } from './numbering';
import type { OutlineNode } from './outline';
import { normaliseStatus } from './status';
import type { ParsedItem } from './types';

type Phase = 'body' | 'measures' | 'status';

export function readItem(node: OutlineNode): ParsedItem {
  const { heading: title, after } = splitHeading(node.numbering.rest);
  const bodyLines: LogicalLine[] = [];
  const measures: string[] = [];
  const status: string[] = [];
  let measuresLabel: string | null = null;
  let statusLabel: string | null = null;
  let phase: Phase = 'body';

  for (const l of flattenContent(node)) {
    if (l.kind === 'label' && l.role === 'measures' && phase === 'body') {
      measuresLabel = l.label;
      measures.push(l.rest);
      phase = 'measures';
    } else if (l.kind === 'label' && l.role === 'status' && phase !== 'status') {
      statusLabel = l.label;
      status.push(l.rest);
      phase = 'status';
    } else if (phase === 'body') {
      bodyLines.push(l);
    } else {
      (phase === 'measures' ? measures : status).push(l.text);
    }
  }

  const statusText = statusLabel === null ? null : lines(status);
  return {
    label: node.numbering.label,
    title,
    body: [...(after === null ? [] : [after]), ...joinRuns(bodyLines)],
    measuresLabel,
    measures: lines(measures),
    statusLabel,
    statusText,
    status: normaliseStatus(statusText),
    line: node.heading.line,
  };
}

function lines(pieces: string[]): string {
  return pieces.filter((p) => p !== '').join('\n');
}

/**
 * The node's lines and, for an item that was split into sub-headings before
 * its labels ("2.针对…\n（1）…\n（2）…\n整改情况：…"), those sub-headings and
 * their lines, in document order.
 */
function flattenContent(node: OutlineNode): LogicalLine[] {
  return [...node.content, ...node.children.flatMap((child) => [asText(child.heading), ...flattenContent(child)])];
}
