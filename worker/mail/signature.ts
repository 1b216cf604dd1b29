/**
 * The HTTP door's authentication: the gateway signs each request with HMAC-SHA256 under
 * INBOUND_MAIL_SECRET, over the timestamp, a dot and the raw body's bytes (a GBK mail is not
 * UTF-8: the bytes are signed, never a string of them), and sends
 *   X-Timestamp: <Unix seconds>
 *   X-Signature: sha256=<hex>
 * A timestamp more than five minutes from the server's clock is refused, so a captured request
 * cannot be replayed later; inside the window the Message-ID makes a replay no second
 * feedback. The comparison takes the same time wherever the strings differ.
 */
import { constantTimeEqual, toHex } from '../lib/crypto';

export const SIGNATURE_WINDOW_MS = 5 * 60_000;

/** The hex HMAC-SHA256 of `${timestamp}.` followed by the body's bytes. */
export async function signMail(secret: string, timestamp: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const prefix = new TextEncoder().encode(`${timestamp}.`);
  const data = new Uint8Array(prefix.length + body.length);
  data.set(prefix);
  data.set(body, prefix.length);
  return toHex(await crypto.subtle.sign('HMAC', key, data));
}

export type SignatureVerdict = 'ok' | 'stale' | 'bad';

export async function checkSignature(secret: string, timestamp: string | undefined, signature: string | undefined, body: Uint8Array, now: number): Promise<SignatureVerdict> {
  const seconds = timestamp !== undefined && /^\d{1,12}$/.test(timestamp.trim()) ? Number(timestamp.trim()) : NaN;
  if (!Number.isFinite(seconds) || Math.abs(now - seconds * 1000) > SIGNATURE_WINDOW_MS) return 'stale';
  const given = signature?.trim().replace(/^sha256=/i, '').toLowerCase() ?? '';
  const expected = await signMail(secret, timestamp!.trim(), body);
  return constantTimeEqual(given, expected) ? 'ok' : 'bad';
}
