/**
 * The rules for a feedback submission, shared by the server's validator and the
 * public form so that both say the same thing. Plain data and functions only:
 * this module is bundled into the public page and must stay tiny.
 */
export { CONTENT_MAX, CONTENT_MIN, EMAIL_MAX, FEEDBACK_KINDS, NAME_MAX, charCount, type FeedbackKind } from './field-limits';
import { CONTENT_MAX, CONTENT_MIN, EMAIL_MAX, NAME_MAX, charCount } from './field-limits';

/** Bodies over this are refused before parsing (413). */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Mainland mobile (1[3-9]x, 11 digits, optional +86) or landline (area code 0xx/0xxx,
 * 7 or 8 digits, optional extension), with the separators people type.
 */
const MOBILE = /^(?:\+?86[- ]?)?1[3-9]\d{9}$/;
const LANDLINE = /^(?:0\d{2,3})?[2-9]\d{6,7}$/;
const EXTENSION = /^(.*\d)\s*(?:-|转|ext\.?|#)\s*\d{1,6}$/i;
const EMAIL = /^[^\s@()<>,;:"\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/**
 * C0/C1 controls other than tab and line ends, noncharacters, and lone surrogates: text that
 * cannot be kept as written (SQLite and libSQL hand a string back cut at its first NUL; a lone
 * surrogate is stored as U+FFFD). Global, for `replace`; `search` ignores the flag.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Invisible format characters: zero-width space, non-joiner and joiner, the left-to-right and
 * right-to-left marks (U+200B–U+200F), the bidi embeddings and overrides (U+202A–U+202E), the
 * word joiner and invisible operators (U+2060–U+2064), the bidi isolates (U+2066–U+2069) and the
 * zero-width no-break space (U+FEFF). Harmless inside text (pasted text carries them); text of
 * nothing else but whitespace shows nothing, and counts as not given (`isBlank`). Soft hyphens,
 * variation selectors and the like are left alone: they belong to what they follow.
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/**
 * What may not stand in a one-line label (a title, a name): a line or paragraph break, a tab, a
 * bidi override (U+202D, U+202E), which turns the characters after it around wherever the label is
 * shown (a table cell, an export). Bidi embeddings and isolates are let through: a phone pastes
 * them round a name (Android wraps Uyghur or mixed-direction text in them), invisibly, so a refusal
 * would leave nothing the person could see to delete; a label of nothing else is not given (isBlank).
 */
const NOT_IN_LINE = /[\t\n\r\u2028\u2029\u202D\u202E]/;

/** Text without the invisible format characters (INVISIBLE): what a phone number is checked and stored as. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

export function normalisePhone(phone: string): string {
  return withoutInvisible(phone).trim().replace(/[\s\u3000]+/g, ' ').replace(/（/g, '(').replace(/）/g, ')').replace(/－/g, '-');
}

export function isValidPhone(phone: string): boolean {
  const p = normalisePhone(phone);
  if (p.length > 30 || !/^[\d+()\- ]+(?:(?:转|ext\.?|#)\s*\d{1,6})?$/i.test(p)) return false;
  const compact = (s: string) => s.replace(/[\s\-()]/g, '');
  if (MOBILE.test(compact(p)) || LANDLINE.test(compact(p))) return true;
  // An extension after a full landline number: 0755-25772603-8001, 010-62345678转123.
  const ext = EXTENSION.exec(p);
  return ext !== null && /^0\d{9,11}$/.test(compact(ext[1]!)) && LANDLINE.test(compact(ext[1]!));
}

/** An address as it can be written to: no controls, lone surrogates or invisible characters in its local part. */
export function isValidEmail(email: string): boolean {
  const e = email.trim();
  return e.length <= EMAIL_MAX && EMAIL.test(e) && !hasUnprintable(e) && e.search(INVISIBLE) < 0;
}

/**
 * The one rule for text a person sends: it holds a character that cannot be kept (CONTROL) or
 * U+FFFD, which a decoder puts where bytes were not text (a form sent in another encoding than
 * UTF-8, a lone surrogate); nobody types it, so refusing it loses nothing.
 */
export function hasUnprintable(text: string): boolean {
  return text.search(CONTROL) >= 0 || text.includes('\uFFFD');
}

/** `hasUnprintable`, and for a one-line label also a line or paragraph break, a tab or a bidi override. */
export function hasUnprintableInLine(text: string): boolean {
  return hasUnprintable(text) || NOT_IN_LINE.test(text);
}

/** Text without what `hasUnprintable` refuses, U+FFFD aside (it marks what a decoder lost): for text nobody typed into a form, such as mail. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL, '');
}

/** Text that shows nothing: only whitespace and invisible format characters (INVISIBLE). It counts as not given. */
export function isBlank(text: string | null | undefined): boolean {
  return typeof text !== 'string' || withoutInvisible(text).trim() === '';
}

/** Characters as a person counts them, of what shows (the invisible ones left out). */
export function visibleCount(text: string): number {
  return charCount(withoutInvisible(text));
}

export interface FeedbackFields {
  content: string;
  anonymous: boolean;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  consent?: boolean;
}

export type FeedbackFieldRule =
  | 'content.required' | 'content.tooShort' | 'content.tooLong' | 'content.invalidChars'
  | 'name.tooLong' | 'name.invalidChars' | 'phone.invalid' | 'email.invalid'
  | 'consent.required' | 'contactWhenAnonymous.refused';

function given(v: string | null | undefined): v is string {
  return !isBlank(v);
}

/** Every rule the fields break, at most one per field, in form order. */
export function feedbackFieldFailures(f: FeedbackFields): Array<[field: string, rule: FeedbackFieldRule]> {
  const out: Array<[string, FeedbackFieldRule]> = [];
  const content = f.content.trim();
  if (isBlank(content)) out.push(['content', 'content.required']);
  else if (hasUnprintable(content)) out.push(['content', 'content.invalidChars']);
  else if (visibleCount(content) < CONTENT_MIN) out.push(['content', 'content.tooShort']);
  else if (charCount(content) > CONTENT_MAX) out.push(['content', 'content.tooLong']);

  const anyContact = given(f.name) || given(f.phone) || given(f.email);
  if (f.anonymous && anyContact) {
    out.push([given(f.name) ? 'name' : given(f.phone) ? 'phone' : 'email', 'contactWhenAnonymous.refused']);
    return out;
  }
  if (given(f.name)) {
    if (hasUnprintableInLine(f.name.trim())) out.push(['name', 'name.invalidChars']);
    else if (charCount(f.name.trim()) > NAME_MAX) out.push(['name', 'name.tooLong']);
  }
  if (given(f.phone) && !isValidPhone(f.phone)) out.push(['phone', 'phone.invalid']);
  if (given(f.email) && !isValidEmail(f.email)) out.push(['email', 'email.invalid']);
  if (anyContact && f.consent !== true) out.push(['consent', 'consent.required']);
  return out;
}
