/**
 * The numbers of automatically numbered paragraphs in a .docx. Word and WPS
 * do not write them into the text: a paragraph only names a list (numId) and
 * a level (ilvl), directly or through its style, and word/numbering.xml says
 * how that level is drawn ("%1、" in 一, 二, 三; "（%2）"; "%3."). A notice
 * numbered that way would lose every "一、" and "（一）" the parser reads its
 * structure from, so the numbers are counted as Word displays them and put
 * in front of the paragraph's text.
 *
 * Counting follows ECMA-376 Part 1 §17.9: lists that share an abstract
 * definition share their counters; a level restarts after any shallower
 * level; a list's startOverride restarts a level the first time that list is
 * used. Not followed: lvlRestart, numStyleLink, and numbering changes that
 * are tracked as revisions. Bullets are kept unless drawn from a symbol
 * font's private-use characters.
 */
import { attr, isOn, prefixOf, scanXml } from './docx-xml';

export const WORDPROCESSINGML = [
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
];

interface Level {
  start: number;
  format: string;
  text: string;
  suffix: string;
  legal: boolean;
  style: string | null;
}

interface ListInstance {
  abstractId: string;
  starts: Map<number, number>;
  levels: Map<number, Level>;
}

interface StyleNumbering {
  basedOn: string | null;
  numId: string | null;
  ilvl: number | null;
}

/** Where a paragraph says it is numbered: its own w:numPr and w:pStyle. */
export interface ParagraphNumbering {
  style: string | null;
  numId: string | null;
  ilvl: number | null;
}

export interface ListNumbering {
  /** The paragraph's number with its suffix ("一、\t"), counted in call order; '' when not numbered. */
  next(p: ParagraphNumbering): string;
}

export function readListNumbering(numberingXml: string | null, stylesXml: string | null): ListNumbering | null {
  if (numberingXml === null) return null;
  const { abstracts, lists } = readDefinitions(numberingXml);
  if (lists.size === 0) return null;
  const styles = stylesXml === null ? { byId: new Map<string, StyleNumbering>(), fallback: null } : readStyles(stylesXml);
  const counters = new Map<string, number[]>();
  const used = new Set<string>();

  return {
    next(p) {
      const ref = resolve(p, styles, abstracts, lists);
      if (!ref) return '';
      const list = lists.get(ref.numId);
      const abstract = list && abstracts.get(list.abstractId);
      if (!list || !abstract) return '';
      const levelOf = (i: number) => list.levels.get(i) ?? abstract.get(i);
      const level = levelOf(ref.ilvl);
      if (!level) return '';

      const count = counters.get(list.abstractId) ?? [];
      counters.set(list.abstractId, count);
      if (!used.has(ref.numId)) {
        used.add(ref.numId);
        for (const [i, start] of list.starts) count[i] = start - 1;
      }
      count[ref.ilvl] = (count[ref.ilvl] ?? (levelOf(ref.ilvl)?.start ?? 1) - 1) + 1;
      count.length = ref.ilvl + 1;

      const label =
        level.format === 'bullet'
          ? isSymbolFont(level.text) ? '' : level.text
          : level.text.replace(/%([1-9])/g, (_, d: string) => {
              const i = Number(d) - 1;
              const value = count[i] ?? levelOf(i)?.start ?? 1;
              return formatNumber(value, level.legal ? 'decimal' : (levelOf(i)?.format ?? 'decimal'));
            });
      return label === '' ? '' : label + level.suffix;
    },
  };
}

function resolve(
  p: ParagraphNumbering,
  styles: { byId: Map<string, StyleNumbering>; fallback: string | null },
  abstracts: Map<string, Map<number, Level>>,
  lists: Map<string, ListInstance>,
): { numId: string; ilvl: number } | null {
  // The paragraph's style, or the default paragraph style, and the styles it is based on.
  let fromStyle: { numId: string | null; ilvl: number | null; style: string } | null = null;
  const seen = new Set<string>();
  for (let id = p.style ?? styles.fallback; id !== null && !seen.has(id); ) {
    seen.add(id);
    const s = styles.byId.get(id);
    if (!s) break;
    if (s.numId !== null) {
      fromStyle = { numId: s.numId, ilvl: s.ilvl, style: id };
      break;
    }
    id = s.basedOn;
  }
  const numId = p.numId ?? fromStyle?.numId ?? null;
  if (numId === null || numId === '0') return null;
  let ilvl = p.ilvl ?? fromStyle?.ilvl ?? null;
  if (ilvl === null && fromStyle) {
    // A style's numbering may leave the level to the list: the level that names the style.
    const abstract = abstracts.get(lists.get(numId)?.abstractId ?? '');
    for (const [i, level] of abstract ?? []) if (level.style === fromStyle.style) ilvl = i;
  }
  return { numId, ilvl: Math.min(Math.max(ilvl ?? 0, 0), 8) };
}

function readDefinitions(xml: string): { abstracts: Map<string, Map<number, Level>>; lists: Map<string, ListInstance> } {
  const abstracts = new Map<string, Map<number, Level>>();
  const lists = new Map<string, ListInstance>();
  let w: string | null = null;
  let abstract: Map<number, Level> | null = null;
  let list: ListInstance | null = null;
  let override: number | null = null;
  let level: Level | null = null;

  for (const e of scanXml(xml)) {
    if (e.kind === 'text') continue;
    if (w === null) {
      if (e.kind === 'open') w = wordPrefix(e.attrs) ?? '\0';
      continue;
    }
    if (e.prefix !== w) continue;
    if (e.kind === 'close') {
      if (e.local === 'lvl') level = null;
      else if (e.local === 'abstractNum') abstract = null;
      else if (e.local === 'num') list = null;
      else if (e.local === 'lvlOverride') override = null;
      continue;
    }
    const val = attr(e.attrs, prefixed(w, 'val'));
    switch (e.local) {
      case 'abstractNum':
        abstract = new Map();
        abstracts.set(attr(e.attrs, prefixed(w, 'abstractNumId')) ?? '', abstract);
        break;
      case 'num':
        list = { abstractId: '', starts: new Map(), levels: new Map() };
        lists.set(attr(e.attrs, prefixed(w, 'numId')) ?? '', list);
        break;
      case 'abstractNumId':
        if (list) list.abstractId = val ?? '';
        break;
      case 'lvlOverride':
        override = int(attr(e.attrs, prefixed(w, 'ilvl')));
        break;
      case 'startOverride':
        if (list && override !== null) list.starts.set(override, int(val) ?? 0);
        break;
      case 'lvl': {
        const ilvl = int(attr(e.attrs, prefixed(w, 'ilvl'))) ?? 0;
        level = { start: 1, format: 'decimal', text: '', suffix: '\t', legal: false, style: null };
        if (list && override !== null) list.levels.set(ilvl, level);
        else if (abstract) abstract.set(ilvl, level);
        if (e.selfClosing) level = null;
        break;
      }
      case 'start':
        if (level) level.start = int(val) ?? 1;
        break;
      case 'numFmt':
        if (level) level.format = val ?? 'decimal';
        break;
      case 'lvlText':
        if (level) level.text = val ?? '';
        break;
      case 'suff':
        if (level) level.suffix = val === 'space' ? ' ' : val === 'nothing' ? '' : '\t';
        break;
      case 'isLgl':
        if (level) level.legal = isOn(val);
        break;
      case 'pStyle':
        if (level) level.style = val;
        break;
    }
  }
  return { abstracts, lists };
}

function readStyles(xml: string): { byId: Map<string, StyleNumbering>; fallback: string | null } {
  const byId = new Map<string, StyleNumbering>();
  let fallback: string | null = null;
  let w: string | null = null;
  let style: StyleNumbering | null = null;

  for (const e of scanXml(xml)) {
    if (e.kind === 'text') continue;
    if (w === null) {
      if (e.kind === 'open') w = wordPrefix(e.attrs) ?? '\0';
      continue;
    }
    if (e.prefix !== w) continue;
    if (e.kind === 'close') {
      if (e.local === 'style') style = null;
      continue;
    }
    const val = attr(e.attrs, prefixed(w, 'val'));
    if (e.local === 'style') {
      if (attr(e.attrs, prefixed(w, 'type')) !== 'paragraph') continue;
      const id = attr(e.attrs, prefixed(w, 'styleId')) ?? '';
      style = { basedOn: null, numId: null, ilvl: null };
      byId.set(id, style);
      const isDefault = attr(e.attrs, prefixed(w, 'default'));
      if (isDefault !== null && isOn(isDefault)) fallback = id;
      if (e.selfClosing) style = null;
    } else if (style && e.local === 'basedOn') style.basedOn = val;
    else if (style && e.local === 'numId') style.numId = val;
    else if (style && e.local === 'ilvl') style.ilvl = int(val);
  }
  return { byId, fallback };
}

/** The prefix of the WordprocessingML namespace declared on a root element. */
export function wordPrefix(rootAttrs: string): string | null {
  for (const ns of WORDPROCESSINGML) {
    const prefix = prefixOf(rootAttrs, ns);
    if (prefix !== null) return prefix;
  }
  return null;
}

function prefixed(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}:${name}`;
}

function int(value: string | null): number | null {
  const n = value === null ? NaN : parseInt(value, 10);
  return Number.isFinite(n) ? n : null;
}

/** Bullets drawn from Symbol or Wingdings are private-use characters that mean nothing as text. */
function isSymbolFont(text: string): boolean {
  return [...text].some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code >= 0xe000 && code <= 0xf8ff;
  });
}

const CN_DIGITS = '零一二三四五六七八九';
const CN_LEGAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';

/** A number in one of ST_NumberFormat's styles (§17.18.59); unknown styles as decimal. */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'none':
      return '';
    case 'decimalZero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return counting(n, CN_DIGITS, '十', '百');
    case 'chineseLegalSimplified':
      return counting(n, CN_LEGAL_DIGITS, '拾', '佰');
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return String(n).replace(/[0-9]/g, (d) => '〇一二三四五六七八九'.charAt(Number(d)));
    case 'ideographTraditional':
      return cycle(n, '甲乙丙丁戊己庚辛壬癸');
    case 'ideographZodiac':
      return cycle(n, '子丑寅卯辰巳午未申酉戌亥');
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
    case 'ideographEnclosedCircle':
      return enclosed(n, 0x2460);
    case 'decimalEnclosedParen':
      return enclosed(n, 0x2474);
    case 'decimalEnclosedFullstop':
      return enclosed(n, 0x2488);
    case 'upperLetter':
    case 'lowerLetter': {
      if (n < 1) return String(n);
      const letter = String.fromCharCode(65 + ((n - 1) % 26)).repeat(Math.ceil(n / 26));
      return format === 'upperLetter' ? letter : letter.toLowerCase();
    }
    case 'upperRoman':
    case 'lowerRoman': {
      const roman = toRoman(n);
      return format === 'upperRoman' ? roman : roman.toLowerCase();
    }
    default:
      return String(n);
  }
}

/** 1 一, 10 十, 11 十一, 20 二十, 105 一百零五, 110 一百一十; from 1000 on, decimal. */
function counting(n: number, digits: string, ten: string, hundred: string): string {
  if (n < 1 || n > 999) return String(n);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let out = h > 0 ? digits.charAt(h) + hundred : '';
  if (t > 0) out += (h > 0 || t > 1 ? digits.charAt(t) : '') + ten;
  else if (h > 0 && u > 0) out += digits.charAt(0);
  if (u > 0) out += digits.charAt(u);
  return out;
}

function cycle(n: number, chars: string): string {
  return n >= 1 && n <= chars.length ? chars.charAt(n - 1) : String(n);
}

function enclosed(n: number, first: number): string {
  return n >= 1 && n <= 20 ? String.fromCharCode(first + n - 1) : String(n);
}

function toRoman(n: number): string {
  if (n < 1 || n > 3999) return String(n);
  const table: Array<[number, string]> = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [value, numeral] of table) {
    while (n >= value) {
      out += numeral;
      n -= value;
    }
  }
  return out;
}
