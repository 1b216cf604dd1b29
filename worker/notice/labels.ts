/**
 * The labels that open the measures and status sections of an item
 * ("整改措施：", "整改落实情况:"), and where a line splits at them. Notices
 * often run sections together on one line ("整改措施：…。整改情况：已完成。"),
 * so a label counts mid-line too, but only at a sentence or word boundary.
 */

export type LabelRole = 'measures' | 'status';

const MEASURES = ['整改措施及成效', '整改措施及进展', '整改措施', '具体措施', '主要措施', '整改举措'];
const STATUS = [
  '整改落实情况', '整改完成情况', '整改进展情况', '整改情况', '整改进展', '整改进度',
  '整改结果', '整改成效', '落实情况', '完成情况', '进展情况',
];

const ROLES = new Map<string, LabelRole>([
  ...MEASURES.map((name): [string, LabelRole] => [name, 'measures']),
  ...STATUS.map((name): [string, LabelRole] => [name, 'status']),
]);

// Longest first, so "整改落实情况" wins over "落实情况" at the same place.
const NAMES = [...ROLES.keys()].sort((a, b) => b.length - a.length).join('|');
const LABEL = new RegExp(`【\\s*(${NAMES})\\s*】\\s*[:：]?|(${NAMES})\\s*[:：]`, 'g');
const BOUNDARY = /[\s。；;！!？?]/;

export interface LabelAt {
  role: LabelRole;
  start: number;
  /** Where the label (with its colon) ends and its text begins. */
  end: number;
}

/**
 * Every label in a trimmed line that starts at the line start or a boundary.
 * Without a colon (or 【】) a name is not a label: "整改落实情况" alone on a
 * line is as often the title of a section as the label of an item.
 */
export function findLabels(line: string): LabelAt[] {
  const found: LabelAt[] = [];
  LABEL.lastIndex = 0;
  for (let match = LABEL.exec(line); match; match = LABEL.exec(line)) {
    const start = match.index;
    const before = start === 0 ? '' : line.charAt(start - 1);
    if (start === 0 || BOUNDARY.test(before)) {
      found.push({ role: roleOf(match[1] ?? match[2]), start, end: start + match[0].length });
    } else {
      // Rejected here, but a shorter name may still start a character later.
      LABEL.lastIndex = start + 1;
    }
  }
  return found;
}

function roleOf(name: string | undefined): LabelRole {
  return ROLES.get(name ?? '') ?? 'status';
}
