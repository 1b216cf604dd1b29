/**
 * The frame around a notice's numbered sections: a title before them (one
 * line, or one wrapped over two) and a closing paragraph after them
 * ("欢迎广大干部群众…进行监督", contact channels, signature, date).
 */
import type { LogicalLine } from './lines';

const TITLE_END = /(通报|公告|公示|报告|通知|情况)$/;
// A title is a phrase, never a sentence or a list.
const PUNCTUATION = /[。；;：:，,！!？?]/;
const MAX_TITLE = 80;
const MAX_TITLE_HEAD = 40;

/** How many leading lines form the title: 0, 1 or 2. */
export function titleLength(lines: readonly LogicalLine[]): number {
  const [first, second] = lines;
  if (isTitle(first)) return 1;
  if (isPhrase(first, MAX_TITLE_HEAD) && isTitle(second)) return 2;
  return 0;
}

function isTitle(l: LogicalLine | undefined): boolean {
  return isPhrase(l, MAX_TITLE) && TITLE_END.test(l?.text ?? '');
}

function isPhrase(l: LogicalLine | undefined, maxLength: number): boolean {
  return (
    l !== undefined &&
    l.kind === 'text' &&
    l.start === 0 &&
    l.end === l.source.length &&
    l.text.length <= maxLength &&
    !PUNCTUATION.test(l.text)
  );
}

const CLOSING = /^(欢迎|特此通报|特此公告|特此公示|联系电话|联系方式|监督电话|举报电话|联系人)/;
const DATE_LINE =
  /^[0-9０-９〇零一二三四五六七八九]{4}\s*年\s*[0-9０-９一二三四五六七八九十]{1,2}\s*月\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日$/;
const MAX_SIGNATURE = 40;

/**
 * Index of the first closing line, or lines.length when there is none. The
 * closing is a run of prose at the very end, after at least one heading,
 * starting at a closing formula or at a signature and date.
 */
export function closingStart(lines: readonly LogicalLine[]): number {
  const firstHeading = lines.findIndex((l) => l.kind === 'heading');
  if (firstHeading < 0) return lines.length;
  let start = lines.length;
  for (let i = lines.length - 1; i > firstHeading; i--) {
    const l = lines[i];
    if (!l || l.kind !== 'text') break;
    if (CLOSING.test(l.text)) start = i;
    else if (DATE_LINE.test(l.text)) start = i - 1 > firstHeading && isPhrase(lines[i - 1], MAX_SIGNATURE) ? i - 1 : i;
  }
  return start;
}
