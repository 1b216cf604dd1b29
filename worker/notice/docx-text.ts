/**
 * The text of word/document.xml, one line per paragraph (w:p) in document
 * order, as a reader of the document sees it:
 *
 * - text is in w:t; w:tab and w:ptab are tabs, w:br and w:cr line breaks;
 *   paragraphs in table cells are lines like any other, cell after cell;
 * - paragraph properties (w:pPr) hold no text, though their w:tabs hold
 *   w:tab elements (tab stops) and their numbering is read for the number;
 * - tracked changes read as accepted: deleted and moved-away text (w:del,
 *   w:moveFrom) is left out, and so are the old properties of w:pPrChange
 *   and w:rPrChange; hidden runs (w:vanish) are left out too;
 * - a text box written twice (mc:Choice for new readers, mc:Fallback for old
 *   ones) is read once, from mc:Choice; its paragraphs are lines of their
 *   own, between the parts of the paragraph that anchors it.
 */
import { attr, isOn, prefixOf, scanXml, type XmlEvent } from './docx-xml';
import { wordPrefix, type ListNumbering } from './docx-numbering';

const MARKUP_COMPATIBILITY = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** Elements whose whole content is not part of the text as read. */
const SKIPPED_W = new Set(['del', 'moveFrom', 'pPrChange', 'rPrChange', 'instrText', 'delText', 'delInstrText']);

interface Paragraph {
  text: string;
  emitted: boolean;
  style: string | null;
  numId: string | null;
  ilvl: number | null;
}

/**
 * The document's lines, or null when the XML is not a WordprocessingML
 * document (its root is not w:document).
 */
export function documentLines(xml: string, numbering: ListNumbering | null): string[] | null {
  const events = scanXml(xml);
  const root = firstElement(events);
  const w = root ? wordPrefix(root.attrs) : null;
  if (!root || w === null || root.prefix !== w || root.local !== 'document') return null;
  const mc = prefixOf(root.attrs, MARKUP_COMPATIBILITY) ?? 'mc';

  const lines: string[] = [];
  const open: Paragraph[] = [];
  const hiddenRuns: boolean[] = [];
  let skipDepth = 0;
  let inText = false;
  let inParagraphProps = false;
  let inRunProps = false;

  // A paragraph's first line carries its number; a paragraph split by a text box continues on a line of its own.
  const emit = (p: Paragraph) => {
    if (!p.emitted) lines.push((numbering?.next({ style: p.style, numId: p.numId, ilvl: p.ilvl }) ?? '') + p.text);
    else if (p.text !== '') lines.push(p.text);
    p.emitted = true;
    p.text = '';
  };
  const append = (text: string) => {
    const p = open.at(-1);
    if (p && !hiddenRuns.at(-1)) p.text += text;
  };
  const val = (e: { attrs: string }) => attr(e.attrs, w === '' ? 'val' : `${w}:val`);

  for (const e of events) {
    if (skipDepth > 0) {
      if (e.kind === 'open' && !e.selfClosing) skipDepth++;
      else if (e.kind === 'close') skipDepth--;
      continue;
    }
    if (e.kind === 'text') {
      if (inText) append(e.text);
      continue;
    }
    if (e.prefix === mc && e.local === 'Fallback' && e.kind === 'open' && !e.selfClosing) {
      skipDepth = 1;
      continue;
    }
    if (e.prefix !== w) continue;

    if (e.kind === 'close') {
      if (e.local === 'p') {
        const p = open.pop();
        if (p) emit(p);
      } else if (e.local === 't') inText = false;
      else if (e.local === 'pPr') inParagraphProps = false;
      else if (e.local === 'rPr') inRunProps = false;
      else if (e.local === 'r') hiddenRuns.pop();
      continue;
    }

    if (!e.selfClosing && SKIPPED_W.has(e.local)) {
      skipDepth = 1;
      continue;
    }
    if (inParagraphProps) {
      const p = open.at(-1);
      if (!p) continue;
      if (e.local === 'pStyle') p.style = val(e);
      else if (e.local === 'numId') p.numId = val(e);
      else if (e.local === 'ilvl') p.ilvl = Number(val(e) ?? '0') || 0;
      continue;
    }
    if (inRunProps) {
      if (e.local === 'vanish' && hiddenRuns.length > 0) hiddenRuns[hiddenRuns.length - 1] = isOn(val(e));
      continue;
    }

    switch (e.local) {
      case 'p': {
        const outer = open.at(-1);
        // A paragraph inside another (a text box): what the outer one holds so far comes first.
        if (outer && outer.text !== '') emit(outer);
        const p: Paragraph = { text: '', emitted: false, style: null, numId: null, ilvl: null };
        if (e.selfClosing) emit(p);
        else open.push(p);
        break;
      }
      case 'pPr':
        if (!e.selfClosing) inParagraphProps = true;
        break;
      case 'r':
        if (!e.selfClosing) hiddenRuns.push(false);
        break;
      case 'rPr':
        if (!e.selfClosing && hiddenRuns.length > 0) inRunProps = true;
        break;
      case 't':
        if (!e.selfClosing) inText = true;
        break;
      case 'tab':
      case 'ptab':
        append('\t');
        break;
      case 'br':
      case 'cr':
        append('\n');
        break;
      case 'noBreakHyphen':
        append('-');
        break;
    }
  }
  for (const p of open.reverse()) emit(p);
  return lines;
}

function firstElement(events: Iterator<XmlEvent>): (XmlEvent & { kind: 'open' }) | null {
  for (let r = events.next(); !r.done; r = events.next()) {
    if (r.value.kind === 'open') return r.value;
  }
  return null;
}
