/**
 * Search words kept out of URLs. A clerk searches the inbox for a caller's name or phone number;
 * in a query string those words would reach every access log on the way (the office's proxy,
 * Cloudflare's request logs), where personal information must not go (PIPL). So the console
 * trades the words for a token (POST /api/staff/search, the words in its JSON body) and pages
 * the inbox and downloads the ledger with `qs=<token>` instead of `q=<words>`.
 *
 * The token is the words sealed (AES-256-GCM, lib/crypto.ts) under a key derived from the
 * deployment's secret, with the staff member it was made for and when it expires: it opens for
 * no one else, and nobody reads the words from a log. Stateless, so both platforms and every
 * isolate open it alike. The secret and the clock are the caller's.
 */
import { fromBase64, fromUrlSafe, seal, toBase64, unseal, urlSafe } from '../lib/crypto';

/** The longest search staff may type. */
export const SEARCH_MAX = 100;

/** How long a token opens: a working day, so that a list left open pages on. */
export const SEARCH_TOKEN_SECONDS = 12 * 3600;
const PURPOSE = 'staff-search-words';
/**
 * The sealed text is padded to a multiple of this many bytes: AES-GCM keeps a text's length, and a
 * token's length in a log would tell an 11-digit phone number from two characters of a street.
 * Every search of up to 100 characters fits one block, but one of escaped control characters.
 */
const PAD_BYTES = 512;

interface Sealed {
  u: number;
  q: string;
  exp: number;
}

/** The token for `words`, searched by staff member `userId`, made at `now`. */
export async function sealSearch(secret: string, userId: number, words: string, now: number): Promise<{ token: string; expiresAt: number }> {
  const expiresAt = now + SEARCH_TOKEN_SECONDS * 1000;
  const sealed: Sealed = { u: userId, q: words, exp: expiresAt };
  const text = JSON.stringify(sealed);
  const bytes = new TextEncoder().encode(text).length;
  // JSON.parse reads past trailing spaces.
  const padded = text + ' '.repeat(Math.ceil(bytes / PAD_BYTES) * PAD_BYTES - bytes);
  return { token: urlSafe(await seal(secret, PURPOSE, padded)), expiresAt };
}

/** The words in `token`, or null when it was not made here, was made for someone else, or has expired. */
export async function openSearch(secret: string, userId: number, token: string, now: number): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) return null;
  let sealed: Partial<Sealed> | null;
  try {
    // Round-trips through base64 first: atob is lenient about what it is given.
    const base64 = fromUrlSafe(token);
    if (toBase64(fromBase64(base64)) !== base64) return null;
    sealed = JSON.parse(await unseal(secret, PURPOSE, base64)) as Sealed;
  } catch {
    return null;
  }
  // Sealed here, but read as if it were not: nothing but the object sealSearch makes opens.
  if (typeof sealed !== 'object' || sealed === null || sealed.u !== userId || typeof sealed.q !== 'string' || !(typeof sealed.exp === 'number' && sealed.exp > now)) return null;
  return sealed.q;
}
