/**
 * Signed links to a submitter's own photos (issue 14): `/api/photos/<token>`, given on the
 * tracking page once the reference and query code have been checked, and good for an hour.
 *
 * The token is `<attachment id>.<expiry, seconds>.<MAC>`: an HMAC-SHA-256 under a key derived
 * from APP_SECRET for this purpose alone ("photo-link"), over the id and the expiry, cut to 128
 * bits. It holds neither the reference nor the query code, so a link copied out of the page (a
 * browser's history, a shared screenshot of the address) reveals nothing that opens the
 * feedback, and stops working within the hour. Pure: the secret and the clock are passed in.
 */
import { constantTimeEqual, hmacHex } from '../lib/crypto';

export const PHOTO_LINK_TTL_MS = 60 * 60 * 1000;
const PURPOSE = 'photo-link';
const TOKEN = /^([1-9][0-9]{0,14})\.([1-9][0-9]{0,11})\.([0-9a-f]{32})$/;

async function mac(secret: string, id: number, expires: number): Promise<string> {
  const key = await hmacHex(secret, PURPOSE);
  return (await hmacHex(key, `${id}.${expires}`)).slice(0, 32);
}

/** The token of a link to attachment `id`, good until an hour from `now`. */
export async function photoLinkToken(secret: string, id: number, now: number): Promise<string> {
  const expires = Math.ceil((now + PHOTO_LINK_TTL_MS) / 1000);
  return `${id}.${expires}.${await mac(secret, id, expires)}`;
}

/** The path of that link. */
export async function photoLink(secret: string, id: number, now: number): Promise<string> {
  return `/api/photos/${await photoLinkToken(secret, id, now)}`;
}

/** The attachment id a token names, if it was made with this secret and has not expired; else null. */
export async function photoOfLink(secret: string, token: string, now: number): Promise<number | null> {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const id = Number(m[1]);
  const expires = Number(m[2]);
  if (!Number.isSafeInteger(id) || expires * 1000 <= now) return null;
  return constantTimeEqual(await mac(secret, id, expires), m[3]!) ? id : null;
}
