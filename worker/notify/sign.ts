/**
 * Signing for the chat bots and the generic webhook, a few lines each with WebCrypto (the
 * vendors' npm packages pull in axios and Node-only modules; research/next-features.md §4).
 *
 * - WeCom group bot: no signature; the `key` in the URL is the credential.
 * - DingTalk custom robot, 加签: sign = urlEncode(base64(HMAC-SHA256(key = secret,
 *   message = timestamp + "\n" + secret))), timestamp in MILLISECONDS, sent as
 *   `&timestamp=…&sign=…` on the URL; DingTalk refuses a timestamp more than an hour off.
 * - Feishu / Lark custom bot, 签名校验: sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret,
 *   message = "")) — the string is the KEY and the message is empty, whatever the prose of the
 *   doc suggests — timestamp in SECONDS, both in the JSON body.
 * - Our generic webhook: `X-Signature: sha256=<hex HMAC-SHA256(key = secret, message =
 *   timestamp + "." + body)>` with `X-Signature-Timestamp: <seconds>`; a receiver recomputes it
 *   over the raw body and refuses a timestamp more than five minutes off (replay).
 */
import { toBase64, toHex } from '../lib/crypto';

const encoder = new TextEncoder();

async function hmacSha256(key: string, message: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(message)));
}

/** DingTalk 加签: the `sign` for a timestamp in milliseconds, before URL-encoding. */
export async function dingtalkSign(secret: string, timestampMs: number): Promise<string> {
  return toBase64(await hmacSha256(secret, `${timestampMs}\n${secret}`));
}

/** The robot's URL with `&timestamp=…&sign=…` added (the sign URL-encoded, as DingTalk's sample does). */
export async function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): Promise<string> {
  const sign = await dingtalkSign(secret, timestampMs);
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${timestampMs}&sign=${encodeURIComponent(sign)}`;
}

/** Feishu / Lark 签名校验: the `sign` for a timestamp in seconds. */
export async function feishuSign(secret: string, timestampSeconds: number): Promise<string> {
  return toBase64(await hmacSha256(`${timestampSeconds}\n${secret}`, ''));
}

/** The generic webhook's X-Signature value for a body sent at `timestampSeconds`. */
export async function webhookSignature(secret: string, timestampSeconds: number, body: string): Promise<string> {
  return `sha256=${toHex(await hmacSha256(secret, `${timestampSeconds}.${body}`))}`;
}
