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
/** C0/C1 controls other than tab and line ends, lone surrogates, and noncharacters. */
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function normalisePhone(phone: string): string {
  return phone.trim().replace(/[\s\u3000]+/g, ' ').replace(/（/g, '(').replace(/）/g, ')').replace(/－/g, '-');
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

export function isValidEmail(email: string): boolean {
  const e = email.trim();
  return e.length <= EMAIL_MAX && EMAIL.test(e);
}

export function hasUnprintable(text: string): boolean {
  return UNPRINTABLE.test(text);
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
  return typeof v === 'string' && v.trim() !== '';
}

/** Every rule the fields break, at most one per field, in form order. */
export function feedbackFieldFailures(f: FeedbackFields): Array<[field: string, rule: FeedbackFieldRule]> {
  const out: Array<[string, FeedbackFieldRule]> = [];
  const content = f.content.trim();
  if (content === '') out.push(['content', 'content.required']);
  else if (hasUnprintable(content)) out.push(['content', 'content.invalidChars']);
  else if (charCount(content) < CONTENT_MIN) out.push(['content', 'content.tooShort']);
  else if (charCount(content) > CONTENT_MAX) out.push(['content', 'content.tooLong']);

  const anyContact = given(f.name) || given(f.phone) || given(f.email);
  if (f.anonymous && anyContact) {
    out.push([given(f.name) ? 'name' : given(f.phone) ? 'phone' : 'email', 'contactWhenAnonymous.refused']);
    return out;
  }
  if (given(f.name)) {
    if (hasUnprintable(f.name)) out.push(['name', 'name.invalidChars']);
    else if (charCount(f.name.trim()) > NAME_MAX) out.push(['name', 'name.tooLong']);
  }
  if (given(f.phone) && !isValidPhone(f.phone)) out.push(['phone', 'phone.invalid']);
  if (given(f.email) && !isValidEmail(f.email)) out.push(['email', 'email.invalid']);
  if (anyContact && f.consent !== true) out.push(['consent', 'consent.required']);
  return out;
}
