/**
 * A small XML scanner for the parts of a .docx, because workerd has no
 * DOMParser. It yields start tags, end tags and text in document order and
 * does no more than the WordprocessingML parts need: it expands the five
 * predefined entities and character references, and nothing else. A DTD is
 * skipped, never read, so a file cannot declare entities of its own (no
 * "billion laughs", no external entities).
 */

export type XmlEvent =
  | { kind: 'open'; prefix: string; local: string; attrs: string; selfClosing: boolean }
  | { kind: 'close'; prefix: string; local: string }
  | { kind: 'text'; text: string };

// A start or end tag at a "<". Attribute values may hold ">" (XML allows it
// there) but never "<", and neither may the rest of a tag, so a match never
// runs past the next "<": a malformed file costs linear time, not quadratic.
const TAG = /<(\/?)([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?((?:[^<>"']|"[^<"]*"|'[^<']*')*)>/y;

// Constructs whose end is a fixed string, found with indexOf for the same reason.
const SKIPPED: ReadonlyArray<readonly [string, string]> = [
  ['<!--', '-->'],
  ['<?', '?>'],
];

export function* scanXml(xml: string): Generator<XmlEvent> {
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    if (lt < 0) {
      yield { kind: 'text', text: decodeEntities(xml.slice(at)) };
      return;
    }
    if (lt > at) yield { kind: 'text', text: decodeEntities(xml.slice(at, lt)) };
    at = skipSpecial(xml, lt);
    if (at > lt) continue;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end < 0) return;
      yield { kind: 'text', text: xml.slice(lt + 9, end) };
      at = end + 3;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(xml);
    if (!m) {
      // Not markup: a stray "<" in a malformed file is kept as text.
      yield { kind: 'text', text: '<' };
      at = lt + 1;
      continue;
    }
    at = TAG.lastIndex;
    const [, slash, first = '', second, rest = ''] = m;
    const prefix = second === undefined ? '' : first;
    const local = second ?? first;
    if (slash) {
      yield { kind: 'close', prefix, local };
      continue;
    }
    const selfClosing = rest.trimEnd().endsWith('/');
    yield { kind: 'open', prefix, local, attrs: selfClosing ? rest.trimEnd().slice(0, -1) : rest, selfClosing };
  }
}

/**
 * Past a comment, processing instruction or DOCTYPE starting at `lt` (to the
 * end of the text when it is never closed), or `lt` itself when there is none.
 * A DOCTYPE's internal subset is skipped up to "]>", unread.
 */
function skipSpecial(xml: string, lt: number): number {
  for (const [open, close] of SKIPPED) {
    if (!xml.startsWith(open, lt)) continue;
    const end = xml.indexOf(close, lt + open.length);
    return end < 0 ? xml.length : end + close.length;
  }
  if (!xml.startsWith('<!DOCTYPE', lt)) return lt;
  const bracket = xml.indexOf('[', lt);
  const gt = xml.indexOf('>', lt);
  if (gt < 0) return xml.length;
  if (bracket < 0 || bracket > gt) return gt + 1;
  const close = /\]\s*>/g;
  close.lastIndex = bracket;
  return close.exec(xml) ? close.lastIndex : xml.length;
}

/** The value of an attribute ("w:val"), entities expanded, or null when absent. */
export function attr(attrs: string, name: string): string | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|\\s)${escaped}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : null;
}

/** The prefix bound to a namespace in a start tag's attributes ('' for the default namespace). */
export function prefixOf(attrs: string, namespace: string): string | null {
  const re = /(?:^|\s)xmlns(?::([\w.-]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) {
    if ((m[2] ?? m[3]) === namespace) return m[1] ?? '';
  }
  return null;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Expands &amp; &lt; &gt; &quot; &apos; and &#NNN; &#xHH;. Anything else (an
 * unknown name, a reference to no character) is left as written.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|([A-Za-z]+));/g, (whole, hex, dec, name) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec, 10);
    const isChar = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return isChar ? String.fromCodePoint(code) : whole;
  });
}

/** An on/off value (ST_OnOff, ECMA-376 Part 1 §17.17.4): on unless it says off; an element without w:val is on. */
export function isOn(value: string | null): boolean {
  return value === null || !['0', 'false', 'off'].includes(value);
}
