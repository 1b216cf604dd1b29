/**
 * Plain text from an HTML-only mail body (Foxmail, QQ Mail and the 163 web client often send
 * only text/html). Nothing of the HTML is kept: tags go, entities are decoded, and the block
 * elements that broke lines keep breaking them. The result is stored and shown as text, so no
 * markup a sender wrote is ever rendered. Regular expressions, not a DOM: neither workerd nor
 * Node has one, and this needs none (a tag's attributes are dropped with it).
 */

import { NAMED_ENTITIES } from './html-entities';

/** The entities this reads; the spaces made plain, as runs of whitespace collapse here. */
const NAMED: Readonly<Record<string, string>> = { ...NAMED_ENTITIES, nbsp: ' ', ensp: ' ', emsp: ' ' };

/** Elements whose content is never text. */
const DROPPED = /<(script|style|head|title|template|noscript|xml)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
/** Elements that end a line, opening or closing. */
const BREAKS = /<\/?(?:br|p|div|li|tr|h[1-6]|blockquote|pre|table|ul|ol|section|article|header|footer|hr)\b[^>]*>/gi;

export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(DROPPED, '')
    .replace(/<(?:td|th)\b[^>]*>/gi, ' ')
    .replace(BREAKS, '\n')
    .replace(/<[^>]*>/g, '')
    // Whitespace in HTML source is not layout: runs collapse, the breaks above are kept.
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => decodeEntity(entity, body));
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntity(entity: string, body: string): string {
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    // Not a character (a surrogate, beyond U+10FFFF, NUL): keep the entity as written.
    if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return entity;
    return String.fromCodePoint(code);
  }
  const name = body.toLowerCase();
  // Own names only: `&constructor;` is no entity, whatever an object's prototype holds.
  return Object.hasOwn(NAMED, name) ? NAMED[name]! : entity;
}
