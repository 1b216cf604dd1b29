/**
 * Which item of the notice a mail is about, when its subject or body names one: by its full
 * label as people write it (二(三)2, 二（三）2, 第二部分第（三）类第2项, or without the part,
 * 第(三)类第2项, when only one item fits), or by the item's title quoted in full. The labels
 * compared are the items' own full labels (notice/item-label.ts), never rebuilt here. A mail
 * that names no item, or names two, is about the notice as a whole: staff can tell better
 * than a guess.
 */

export interface LabelledItem {
  id: number;
  fullLabel: string;
  title: string;
}

const NUMERAL = '[一二三四五六七八九十]+';
/** A mention: an optional part (二 / 第二部分 / 二、), a category in brackets, an item number. */
const MENTION = new RegExp(
  `(?:第?(${NUMERAL})(?:部分|大项|方面|、)?)?第?\\((${NUMERAL})\\)(?:类|方面|项)?(?:中的|中)?第?(\\d+)(?!\\d)`,
  'g',
);
const PART_ONLY = new RegExp(`^(?:${NUMERAL})?$`);
/** A title shorter than this is too likely to occur by chance. */
const MIN_TITLE = 8;

/** Full-width brackets and digits as ASCII, no whitespace: how labels and mentions are compared. */
export function normalise(text: string): string {
  return text
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '');
}

/** The item that `texts` (subject first, then body) name, or null. */
export function matchItem(texts: readonly string[], candidates: readonly LabelledItem[]): number | null {
  const labels = candidates.map((c) => ({ id: c.id, label: normalise(c.fullLabel), title: normalise(c.title) }));
  for (const raw of texts) {
    const text = normalise(raw);
    const found = new Set<number>();
    for (const m of text.matchAll(MENTION)) {
      const [, part, category, number] = m;
      const tail = `(${category})${number}`;
      const fits = labels.filter((l) => (part ? l.label === `${part}${tail}` : l.label.endsWith(tail) && PART_ONLY.test(l.label.slice(0, -tail.length))));
      if (fits.length === 1) found.add(fits[0]!.id);
    }
    if (found.size === 0) for (const l of labels) if (l.title.length >= MIN_TITLE && text.includes(l.title)) found.add(l.id);
    if (found.size === 1) return [...found][0]!;
    if (found.size > 1) return null;
  }
  return null;
}
